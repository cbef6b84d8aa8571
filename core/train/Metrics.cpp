#include "core/train/Metrics.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace aaren::train {

std::map<std::string, double> ForecastMetrics::asMap() const {
  return {{"mse", mse}, {"mae", mae}, {"rmse", rmse}, {"mape", mape}, {"smape", smape}, {"mase", mase}};
}

void ForecastMetricsAccumulator::add(double p, double a) {
  const double e = p - a;
  se_ += static_cast<long double>(e) * e;
  ae_ += std::abs(e);
  ++n_;
  if (a != 0) {
    ape_ += std::abs(e / a);
    ++n_ape_;
  }
  const double denom = std::abs(a) + std::abs(p);
  if (denom > 0) {
    sape_ += 2 * std::abs(e) / denom;
    ++n_sape_;
  }
}

void ForecastMetricsAccumulator::add(std::span<const float> p, std::span<const float> a) {
  if (p.size() != a.size()) throw std::invalid_argument("forecast metrics: prediction and actual sizes differ");
  for (std::size_t i = 0; i < p.size(); ++i) add(p[i], a[i]);
}

ForecastMetrics ForecastMetricsAccumulator::result(double mase_scale) const {
  ForecastMetrics m;
  m.count = n_;
  if (n_ == 0) return m;
  m.mse = static_cast<double>(se_ / n_);
  m.mae = static_cast<double>(ae_ / n_);
  m.rmse = std::sqrt(m.mse);
  m.mape = n_ape_ ? static_cast<double>(100 * ape_ / n_ape_) : 0;
  m.smape = n_sape_ ? static_cast<double>(100 * sape_ / n_sape_) : 0;
  m.mase = mase_scale > 0 ? m.mae / mase_scale : 0;
  return m;
}

ForecastMetrics forecastMetrics(std::span<const double> p, std::span<const double> a, double mase_scale) {
  if (p.size() != a.size()) throw std::invalid_argument("forecast metrics: prediction and actual sizes differ");
  ForecastMetricsAccumulator acc;
  for (std::size_t i = 0; i < p.size(); ++i) acc.add(p[i], a[i]);
  return acc.result(mase_scale);
}

double naiveScale(std::span<const double> x, std::int64_t period) {
  if (period < 1) throw std::invalid_argument("naiveScale: period must be at least 1");
  long double sum = 0;
  std::size_t n = 0;
  for (std::size_t t = static_cast<std::size_t>(period); t < x.size(); ++t) {
    const double d = x[t] - x[t - static_cast<std::size_t>(period)];
    if (std::isnan(d)) continue;
    sum += std::abs(d);
    ++n;
  }
  return n ? static_cast<double>(sum / n) : 0.0;
}

ClassificationMetrics classificationMetrics(std::span<const int> predicted, std::span<const int> actual,
                                            int classes) {
  if (predicted.size() != actual.size())
    throw std::invalid_argument("classification metrics: prediction and label counts differ");
  if (classes < 1) throw std::invalid_argument("classification metrics: classes must be at least 1");
  ClassificationMetrics m;
  m.count = actual.size();
  m.confusion.assign(static_cast<std::size_t>(classes), std::vector<std::int64_t>(static_cast<std::size_t>(classes), 0));
  std::size_t correct = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const int a = actual[i], p = predicted[i];
    if (a < 0 || a >= classes || p < 0 || p >= classes)
      throw std::invalid_argument("classification metrics: label " + std::to_string(a < 0 || a >= classes ? a : p) +
                                  " outside [0, " + std::to_string(classes) + ")");
    ++m.confusion[static_cast<std::size_t>(a)][static_cast<std::size_t>(p)];
    if (a == p) ++correct;
  }
  m.accuracy = m.count ? static_cast<double>(correct) / static_cast<double>(m.count) : 0;
  double f1_sum = 0;
  int f1_classes = 0;
  for (std::size_t c = 0; c < static_cast<std::size_t>(classes); ++c) {
    std::int64_t tp = m.confusion[c][c], actual_c = 0, predicted_c = 0;
    for (std::size_t k = 0; k < static_cast<std::size_t>(classes); ++k) {
      actual_c += m.confusion[c][k];
      predicted_c += m.confusion[k][c];
    }
    m.per_class_accuracy.push_back(actual_c ? static_cast<double>(tp) / static_cast<double>(actual_c)
                                            : std::numeric_limits<double>::quiet_NaN());
    if (actual_c == 0 && predicted_c == 0) continue;  // class absent everywhere: not averaged
    const double precision = predicted_c ? static_cast<double>(tp) / static_cast<double>(predicted_c) : 0;
    const double recall = actual_c ? static_cast<double>(tp) / static_cast<double>(actual_c) : 0;
    f1_sum += (precision + recall) > 0 ? 2 * precision * recall / (precision + recall) : 0;
    ++f1_classes;
  }
  m.macro_f1 = f1_classes ? f1_sum / f1_classes : 0;
  return m;
}

}  // namespace aaren::train
