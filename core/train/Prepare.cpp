#include "core/train/Prepare.h"

#include "core/models/CalendarFeatures.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace aaren::train {
namespace {

data::Series selectColumns(const data::Series& s, const std::vector<std::string>& columns) {
  if (columns.empty()) return s;
  data::Series out = s;
  out.names.clear();
  out.values.clear();
  for (const auto& name : columns) {
    auto c = s.find(name);
    if (!c) {
      std::string known;
      for (const auto& n : s.names) known += (known.empty() ? "" : ", ") + n;
      throw std::invalid_argument("no value column '" + name + "' (the data has " + known + ")");
    }
    out.names.push_back(name);
    auto col = s.column(*c);
    out.values.insert(out.values.end(), col.begin(), col.end());
  }
  out.refreshStats();
  return out;
}

}  // namespace

PreparedForecast prepareForecast(data::Series series, const ForecastPrepOptions& o) {
  if (o.lookback < 1 || o.horizon < 1) throw std::invalid_argument("lookback and horizon must be at least 1");
  series = selectColumns(series, o.columns);
  if (series.cols() == 0) throw std::invalid_argument("the data has no numeric value columns");
  PreparedForecast p;
  p.missing = data::applyMissingPolicy(series, o.missing);
  if (p.missing.remaining > 0)
    throw std::invalid_argument(std::to_string(p.missing.remaining) + " values are still missing after the missing-value policy (a column with no values?)");
  const auto L = static_cast<std::size_t>(o.lookback);
  if (o.split == SplitKind::Ett) {
    if (!series.hasTime()) throw std::invalid_argument("the ETT split needs timestamps");
    p.borders = data::ettSplit(series.rows, series.time.frequency.seconds, L);
  } else {
    p.borders = data::splitByRatios(series.rows, o.train_ratio, o.val_ratio, L);
  }
  if (o.fixed_offset.empty() && o.fixed_scale.empty()) {
    p.scaler = data::Scaler::fit(series, p.borders.train, o.scaler);
  } else {
    if (o.fixed_offset.size() != series.cols())
      throw std::invalid_argument("the scaler has " + std::to_string(o.fixed_offset.size()) + " columns but the data has " +
                                  std::to_string(series.cols()));
    p.scaler = data::Scaler::fromParameters(o.scaler, o.fixed_offset, o.fixed_scale);
  }
  p.scaler.transform(series);

  auto& d = p.data;
  d.rows = static_cast<std::int64_t>(series.rows);
  d.channels = static_cast<std::int64_t>(series.cols());
  d.names = series.names;
  d.lookback = o.lookback;
  d.horizon = o.horizon;
  d.train = p.borders.train;
  d.val = p.borders.val;
  d.test = p.borders.test;
  d.values.resize(series.rows * series.cols());
  for (std::size_t c = 0; c < series.cols(); ++c) {
    auto col = series.column(c);
    for (std::size_t r = 0; r < series.rows; ++r) d.values[r * series.cols() + c] = static_cast<float>(col[r]);
  }
  if (o.calendar) {
    if (!series.hasTime()) throw std::invalid_argument("calendar features need a timestamp column");
    d.calendar.resize(series.rows * kCalendarFeatures);
    for (std::size_t r = 0; r < series.rows; ++r) {
      auto f = calendarFeatures(series.timestamps[r]);
      std::copy(f.begin(), f.end(), d.calendar.begin() + static_cast<std::ptrdiff_t>(r * kCalendarFeatures));
    }
  }
  if (series.hasTime()) {
    p.frequency_seconds = series.time.frequency.seconds;
    p.first_timestamp = series.timestamps.front();
    p.timestamps = series.timestamps;
    d.timestamps = series.timestamps;
  }
  // Metrics in the data's own units; the MASE scales need the seasonal period, which the
  // experiment sets (metricUnits).
  d.units.names = d.names;
  d.units.offset = p.scaler.offset();
  d.units.scale = p.scaler.scale();
  d.check();
  return p;
}

PreparedClassification prepareClassification(const data::LabeledSeriesSet& train, const data::LabeledSeriesSet& test) {
  if (train.size() == 0) throw std::invalid_argument("the training set has no cases");
  if (test.size() > 0 && test.channels != train.channels)
    throw std::invalid_argument("the test set has " + std::to_string(test.channels) + " channels but the training set has " +
                                std::to_string(train.channels));
  PreparedClassification p;
  const auto C = train.channels;
  p.offset.assign(C, 0.0);
  p.scale.assign(C, 1.0);
  for (std::size_t c = 0; c < C; ++c) {
    long double sum = 0, sq = 0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < train.size(); ++i)
      for (double v : train.channel(i, c))
        if (!std::isnan(v)) {
          sum += v;
          sq += static_cast<long double>(v) * v;
          ++n;
        }
    if (n == 0) continue;
    const double mean = static_cast<double>(sum / n);
    const double var = static_cast<double>(sq / n) - mean * mean;
    p.offset[c] = mean;
    p.scale[c] = var > 1e-24 ? std::sqrt(var) : 1.0;
  }
  auto& d = p.data;
  d.channels = static_cast<std::int64_t>(C);
  d.class_names = train.classNames;
  auto convert = [&](const data::LabeledSeriesSet& set, std::vector<LabeledCase>& out) {
    for (std::size_t i = 0; i < set.size(); ++i) {
      LabeledCase lc;
      lc.length = static_cast<std::int64_t>(set.lengths[i]);
      lc.values.resize(set.lengths[i] * C);
      for (std::size_t c = 0; c < C; ++c) {
        auto ch = set.channel(i, c);
        for (std::size_t t = 0; t < ch.size(); ++t) {
          const double v = std::isnan(ch[t]) ? 0.0 : (ch[t] - p.offset[c]) / p.scale[c];
          lc.values[t * C + c] = static_cast<float>(v);
        }
      }
      const auto& label = set.labels[i];
      auto it = std::find(train.classNames.begin(), train.classNames.end(), label);
      if (it == train.classNames.end())
        throw std::invalid_argument("class '" + label + "' of " + set.name + " case " + std::to_string(i + 1) +
                                    " does not occur in the training set");
      lc.label = static_cast<int>(it - train.classNames.begin());
      out.push_back(std::move(lc));
    }
  };
  convert(train, d.train);
  convert(test, d.test);
  d.check();
  return p;
}

}  // namespace aaren::train
