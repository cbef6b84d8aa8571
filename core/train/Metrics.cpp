#include "core/train/Metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace aaren::train {

namespace {

constexpr double kNearZeroFraction = 0.01;  // of the channel's scale
constexpr double kNearZeroShare = 0.01;     // more near-zero actuals than this: no MAPE

}  // namespace

std::map<std::string, double> ForecastMetrics::asMap() const {
  return {{"mse", mse},     {"mae", mae},     {"rmse", rmse},         {"mae_original", mae_original},
          {"rmse_original", rmse_original}, {"mape", mape}, {"smape", smape}, {"mase", mase}};
}

std::map<std::string, double> ForecastMetrics::asMapWithChannels() const {
  auto m = asMap();
  for (const auto& c : channels) {
    m["mae@" + c.name] = c.mae;
    m["rmse@" + c.name] = c.rmse;
    m["mape@" + c.name] = c.mape;
    m["smape@" + c.name] = c.smape;
    m["mase@" + c.name] = c.mase;
  }
  return m;
}

MetricUnits metricUnits(std::span<const float> train, std::int64_t channels, std::vector<double> offset,
                        std::vector<double> scale, std::int64_t period, std::vector<std::string> names) {
  if (channels < 1 || offset.size() != static_cast<std::size_t>(channels) || scale.size() != offset.size())
    throw std::invalid_argument("metric units: the scaler has " + std::to_string(offset.size()) + " offsets and " +
                                std::to_string(scale.size()) + " scales for " + std::to_string(channels) + " channels");
  if (train.size() % static_cast<std::size_t>(channels) != 0)
    throw std::invalid_argument("metric units: the training values are not a whole number of rows");
  MetricUnits u;
  u.mase_period = period;
  const auto rows = train.size() / static_cast<std::size_t>(channels);
  std::vector<double> column(rows);
  for (std::size_t c = 0; c < offset.size(); ++c) {
    for (std::size_t r = 0; r < rows; ++r) column[r] = static_cast<double>(train[r * offset.size() + c]) * scale[c] + offset[c];
    u.mase_scale.push_back(period >= 1 ? naiveScale(column, period) : 0.0);
  }
  u.offset = std::move(offset);
  u.scale = std::move(scale);
  u.names = std::move(names);
  u.names.resize(u.offset.size());
  for (std::size_t c = 0; c < u.names.size(); ++c)
    if (u.names[c].empty()) u.names[c] = "channel " + std::to_string(c + 1);
  return u;
}

// Own units: near zero means exactly zero (the values' spread is unknown).
ForecastMetricsAccumulator::ForecastMetricsAccumulator() : own_units_(true), ch_(1) {
  units_.offset = {0.0};
  units_.scale = {1.0};
}

ForecastMetricsAccumulator::ForecastMetricsAccumulator(const MetricUnits& units)
    : units_(units), original_(!units.empty()), ch_(std::max<std::size_t>(1, units.channels())) {}

void ForecastMetricsAccumulator::add(double p, double a) { add(0, p, a); }

void ForecastMetricsAccumulator::add(std::int64_t channel, double p, double a) {
  const double e = p - a;
  se_ += static_cast<long double>(e) * e;
  ae_ += std::abs(e);
  ++n_;
  if (!original_) return;
  if (channel < 0 || static_cast<std::size_t>(channel) >= ch_.size())
    throw std::invalid_argument("forecast metrics: channel " + std::to_string(channel) + " outside [0, " +
                                std::to_string(ch_.size()) + ")");
  const auto c = static_cast<std::size_t>(channel);
  const double s = units_.scale[c], o = units_.offset[c];
  const double po = own_units_ ? p : p * s + o;
  const double ao = own_units_ ? a : a * s + o;
  auto& k = ch_[c];
  const double eo = po - ao;
  k.se += static_cast<long double>(eo) * eo;
  k.ae += std::abs(eo);
  ++k.n;
  const bool near_zero = own_units_ ? ao == 0 : std::abs(ao) < kNearZeroFraction * std::abs(s);
  if (near_zero) {
    ++k.near_zero;
  } else {
    k.ape += std::abs(eo / ao);
    ++k.n_ape;
  }
  const double denom = std::abs(ao) + std::abs(po);
  if (denom > 0) {
    k.sape += 2 * std::abs(eo) / denom;
    ++k.n_sape;
  }
}

void ForecastMetricsAccumulator::add(std::span<const float> p, std::span<const float> a) {
  if (p.size() != a.size()) throw std::invalid_argument("forecast metrics: prediction and actual sizes differ");
  for (std::size_t i = 0; i < p.size(); ++i) add(0, p[i], a[i]);
}

ForecastMetrics ForecastMetricsAccumulator::result(double mase_scale) const {
  ForecastMetrics m;
  m.count = n_;
  if (n_ == 0) return m;
  m.mse = static_cast<double>(se_ / n_);
  m.mae = static_cast<double>(ae_ / n_);
  m.rmse = std::sqrt(m.mse);
  if (!original_) return m;
  long double se = 0, ae = 0, ape = 0, sape = 0, mase_sum = 0;
  std::size_t n = 0, n_ape = 0, n_sape = 0, n_mase = 0;
  bool mape_withheld = false;
  for (std::size_t c = 0; c < ch_.size(); ++c) {
    const auto& k = ch_[c];
    ChannelMetrics cm;
    cm.name = c < units_.names.size() ? units_.names[c] : std::string();
    cm.count = k.n;
    cm.near_zero = k.near_zero;
    if (k.n > 0) {
      cm.mae = static_cast<double>(k.ae / k.n);
      cm.rmse = std::sqrt(static_cast<double>(k.se / k.n));
      const bool withheld = static_cast<double>(k.near_zero) > kNearZeroShare * static_cast<double>(k.n) || k.n_ape == 0;
      if (!withheld) cm.mape = static_cast<double>(100 * k.ape / k.n_ape);
      mape_withheld = mape_withheld || withheld;
      if (k.n_sape) cm.smape = static_cast<double>(100 * k.sape / k.n_sape);
      const double scale = own_units_ ? mase_scale : (c < units_.mase_scale.size() ? units_.mase_scale[c] : 0.0);
      if (scale > 0) {
        cm.mase = cm.mae / scale;
        mase_sum += cm.mase;
        ++n_mase;
      }
    }
    se += k.se;
    ae += k.ae;
    ape += k.ape;
    sape += k.sape;
    n += k.n;
    n_ape += k.n_ape;
    n_sape += k.n_sape;
    m.channels.push_back(std::move(cm));
  }
  if (n > 0) {
    m.mae_original = static_cast<double>(ae / n);
    m.rmse_original = std::sqrt(static_cast<double>(se / n));
  }
  if (!mape_withheld && n_ape > 0) m.mape = static_cast<double>(100 * ape / n_ape);
  if (n_sape > 0) m.smape = static_cast<double>(100 * sape / n_sape);
  if (n_mase > 0) m.mase = static_cast<double>(mase_sum / n_mase);
  if (own_units_) m.channels.clear();  // values in their own units: one channel, the totals say it
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
