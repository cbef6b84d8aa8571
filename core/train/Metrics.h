#pragma once
// Forecast and classification metrics. No Torch: plain numbers in, plain numbers out.
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace aaren::train {

struct ForecastMetrics {
  double mse = 0, mae = 0, rmse = 0;
  double mape = 0;   // percent, over actuals != 0
  double smape = 0;  // percent, over pairs not both 0
  double mase = 0;   // MAE / scale (the in-sample MAE of a naive forecast); 0 if no scale
  std::size_t count = 0;
  std::map<std::string, double> asMap() const;  // "mse", "mae", …
};

// Accumulates (prediction, actual) pairs; numerically stable for millions of pairs.
class ForecastMetricsAccumulator {
 public:
  void add(double prediction, double actual);
  void add(std::span<const float> prediction, std::span<const float> actual);
  // mase_scale: in-sample MAE of the naive (or seasonal naive) forecast on the training part.
  ForecastMetrics result(double mase_scale = 0) const;

 private:
  long double se_ = 0, ae_ = 0, ape_ = 0, sape_ = 0;
  std::size_t n_ = 0, n_ape_ = 0, n_sape_ = 0;
};

ForecastMetrics forecastMetrics(std::span<const double> prediction, std::span<const double> actual,
                                double mase_scale = 0);

// In-sample MAE of the seasonal naive forecast x[t] ≈ x[t - period] over one series.
double naiveScale(std::span<const double> series, std::int64_t period = 1);

struct ClassificationMetrics {
  double accuracy = 0;
  double macro_f1 = 0;
  std::vector<std::vector<std::int64_t>> confusion;  // [actual][predicted]
  std::vector<double> per_class_accuracy;            // recall of each class (NaN if absent)
  std::size_t count = 0;
};

// Labels in [0, classes). Throws std::invalid_argument for mismatched sizes or labels.
ClassificationMetrics classificationMetrics(std::span<const int> predicted, std::span<const int> actual,
                                            int classes);

}  // namespace aaren::train
