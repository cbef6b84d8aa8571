#pragma once
// Forecast and classification metrics. No Torch: plain numbers in, plain numbers out.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace aaren::train {

inline constexpr double kNoMetric = std::numeric_limits<double>::quiet_NaN();

// Forecast metrics, in two kinds of units:
//  - mse, mae, rmse: on scaled values (standardised with the training part's statistics),
//    the literature's protocol, comparable with published records. Shown as "(scaled)".
//  - mae_original, rmse_original, mape, smape, mase and every per-channel figure: on the
//    data's own units, after inverting the run's scaler (original = scaled × scale + offset).
//    MAPE and sMAPE are never taken on standardised values.
// The near-zero rule for MAPE: an actual is near zero when |actual| < 0.01 × the channel's
// scale (its training standard deviation, or range for min–max). A channel whose actuals are
// near zero more than 1 % of the time gets no MAPE (NaN, shown "—", JSON null): percentages
// of values that cross or touch zero mean nothing. Otherwise its MAPE averages over the
// actuals that are not near zero. The overall MAPE pools every channel and is NaN as soon as
// one channel's is. sMAPE (0–200 %) pools the pairs that are not both 0.
// MASE: a channel's MAE divided by the in-sample MAE of the seasonal naive forecast
// (x[t] ≈ x[t − P], P the seasonal naive baseline's period) on the training part, both in
// original units; the overall MASE is the mean over the channels that have one.
// Figures that cannot be computed are NaN.
struct ChannelMetrics {
  std::string name;
  double mae = kNoMetric, rmse = kNoMetric;   // original units
  double mape = kNoMetric, smape = kNoMetric;  // percent, original values
  double mase = kNoMetric;
  std::size_t count = 0;      // pairs scored
  std::size_t near_zero = 0;  // actuals near zero (see above)
};

struct ForecastMetrics {
  double mse = 0, mae = 0, rmse = 0;  // scaled values
  double mae_original = kNoMetric, rmse_original = kNoMetric;  // original units, all channels pooled
  double mape = kNoMetric;   // percent, original values (near-zero rule above)
  double smape = kNoMetric;  // percent, original values
  double mase = kNoMetric;   // mean over channels of MAE / seasonal-naive in-sample MAE
  std::size_t count = 0;
  std::vector<ChannelMetrics> channels;  // empty when the scaler was not known
  // "mse", "mae", "rmse" (scaled), "mae_original", "rmse_original", "mape", "smape", "mase";
  // NaN where a figure is missing.
  std::map<std::string, double> asMap() const;
  // asMap() plus "<metric>@<channel>" for every channel's mae, rmse, mape, smape, mase.
  std::map<std::string, double> asMapWithChannels() const;
};

// How scaled values map back to the data's own units, per channel, and the MASE scale of
// each channel in those units. Empty: no metric in original units can be computed.
struct MetricUnits {
  std::vector<std::string> names;
  std::vector<double> offset, scale;  // original = scaled × scale + offset
  std::vector<double> mase_scale;     // per channel, original units; 0 or absent = no MASE
  std::int64_t mase_period = 0;       // the seasonal period the scales use (for display)
  bool empty() const { return offset.empty(); }
  std::size_t channels() const { return offset.size(); }
};

// The MetricUnits of scaled training values `train` ([rows, channels], time-major): the
// scaler's offset and scale, the seasonal-naive in-sample MAE of each channel at `period`
// (in original units), channel names.
MetricUnits metricUnits(std::span<const float> train, std::int64_t channels, std::vector<double> offset,
                        std::vector<double> scale, std::int64_t period, std::vector<std::string> names = {});

// Accumulates (prediction, actual) pairs; numerically stable for millions of pairs.
class ForecastMetricsAccumulator {
 public:
  // Values in their own units, one channel: every metric is taken on them as given.
  ForecastMetricsAccumulator();
  // Scaled values of units.channels() channels; with empty units only the scaled metrics.
  explicit ForecastMetricsAccumulator(const MetricUnits& units);
  void add(double prediction, double actual);  // channel 0
  void add(std::int64_t channel, double prediction, double actual);
  void add(std::span<const float> prediction, std::span<const float> actual);  // channel 0
  // mase_scale: for the one-channel accumulator without units, the in-sample MAE that MASE
  // divides by (0 = no MASE); ignored when units are given (they carry each channel's).
  ForecastMetrics result(double mase_scale = 0) const;

 private:
  struct Channel {
    long double se = 0, ae = 0, ape = 0, sape = 0;
    std::size_t n = 0, n_ape = 0, n_sape = 0, near_zero = 0;
  };
  MetricUnits units_;
  bool original_ = true;     // the original-unit metrics are known
  bool own_units_ = false;   // values in their own units (no scaler to invert)
  long double se_ = 0, ae_ = 0;
  std::size_t n_ = 0;
  std::vector<Channel> ch_;
};

// Values in their own units (one channel).
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
