#include "core/train/SeasonalPeriods.h"

#include "core/data/MissingPolicy.h"
#include "core/train/Experiment.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace aaren::train {

namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kMinCycles = 3;
constexpr std::int64_t kMaxAcfLag = 400;
constexpr std::size_t kMaxAcfCandidates = 3;
constexpr double kMinAcfPeak = 0.2;
constexpr std::int64_t kMaxAcfRows = 20000;  // bounds the fallback's cost: channels x rows x lags

double populationVariance(const std::vector<double>& v) {
  if (v.empty()) return 0;
  double mean = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double var = 0;
  for (double x : v) var += (x - mean) * (x - mean);
  return var / static_cast<double>(v.size());
}

// x minus its centred moving average of length p (2 x p for even p), valid part only; the
// first entry is row `offset` of x.
std::vector<double> detrended(std::span<const double> x, std::int64_t p, std::int64_t& offset) {
  const auto n = static_cast<std::int64_t>(x.size());
  const std::int64_t klen = p % 2 ? p : p + 1;
  offset = (klen - 1) / 2;
  std::vector<double> d;
  if (n < klen) return d;
  d.reserve(static_cast<std::size_t>(n - klen + 1));
  const auto at = [&](std::int64_t i) { return x[static_cast<std::size_t>(i)]; };
  // Running sum of the full-weight rows: [i, i + p) for odd p, [i + 1, i + p) for even p
  // (whose two end rows weigh one half).
  const std::int64_t first = p % 2 ? 0 : 1;
  double inner = 0;
  for (auto k = first; k < p; ++k) inner += at(k);
  for (std::int64_t i = 0; i + klen <= n; ++i) {
    if (i > 0) inner += at(i + p - 1) - at(i + first - 1);
    const double s = p % 2 ? inner : inner + 0.5 * (at(i) + at(i + p));
    d.push_back(at(i + offset) - s / static_cast<double>(p));
  }
  return d;
}

// The most common positive difference between consecutive timestamps (the smallest on a tie).
std::int64_t modalStep(std::span<const std::int64_t> t) {
  std::map<std::int64_t, std::size_t> counts;
  for (std::size_t i = 1; i < t.size(); ++i)
    if (t[i] > t[i - 1]) ++counts[t[i] - t[i - 1]];
  std::int64_t best = 0;
  std::size_t best_count = 0;
  for (const auto& [step, count] : counts)
    if (count > best_count) best = step, best_count = count;
  return best;
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool anyWeekend(std::span<const std::int64_t> t) {
  // 1970-01-01 was a Thursday: (days + 3) mod 7 is 0 on Mondays, 5 and 6 on weekends.
  return std::any_of(t.begin(), t.end(), [](std::int64_t s) { return (floorDiv(s, kDay) + 3) % 7 >= 5; });
}

std::vector<std::int64_t> periodsFromStep(std::int64_t step, std::span<const std::int64_t> t) {
  if (step <= 0) return {};
  if (step < kDay && kDay % step == 0) return {kDay / step, 7 * (kDay / step)};
  if (step == kDay) return anyWeekend(t) ? std::vector<std::int64_t>{7, 365} : std::vector<std::int64_t>{5, 260};
  if (step == 7 * kDay) return {52};
  if (step >= 28 * kDay && step <= 31 * kDay) return {12};
  if (step >= 89 * kDay && step <= 92 * kDay) return {4};
  return {};
}

// The highest local peaks (above 0.2) of the channel-mean autocorrelation, ascending.
std::vector<std::int64_t> periodsFromAutocorrelation(const std::vector<std::vector<double>>& train) {
  const auto n = std::min(static_cast<std::int64_t>(train.front().size()), kMaxAcfRows);
  const auto max_lag = std::min(n / kMinCycles, kMaxAcfLag);
  if (max_lag < 2 || max_lag + 1 >= n) return {};
  std::vector<double> acf(static_cast<std::size_t>(max_lag + 2), 0.0);
  const auto C = static_cast<double>(train.size());
  for (const auto& x : train) {
    double mean = 0;
    for (std::int64_t t = 0; t < n; ++t) mean += x[static_cast<std::size_t>(t)];
    mean /= static_cast<double>(n);
    double var = 0;
    for (std::int64_t t = 0; t < n; ++t) var += (x[static_cast<std::size_t>(t)] - mean) * (x[static_cast<std::size_t>(t)] - mean);
    if (var <= 0) continue;
    for (std::int64_t lag = 1; lag <= max_lag + 1; ++lag) {
      double cov = 0;
      for (auto t = lag; t < n; ++t) cov += (x[static_cast<std::size_t>(t)] - mean) * (x[static_cast<std::size_t>(t - lag)] - mean);
      acf[static_cast<std::size_t>(lag)] += cov / var / C;
    }
  }
  std::vector<std::int64_t> peaks;
  for (std::int64_t lag = 2; lag <= max_lag; ++lag) {
    const auto a = acf[static_cast<std::size_t>(lag)];
    if (a > kMinAcfPeak && a > acf[static_cast<std::size_t>(lag - 1)] && a >= acf[static_cast<std::size_t>(lag + 1)]) peaks.push_back(lag);
  }
  std::stable_sort(peaks.begin(), peaks.end(),
                   [&](std::int64_t a, std::int64_t b) { return acf[static_cast<std::size_t>(a)] > acf[static_cast<std::size_t>(b)]; });
  if (peaks.size() > kMaxAcfCandidates) peaks.resize(kMaxAcfCandidates);
  std::sort(peaks.begin(), peaks.end());
  return peaks;
}

double meanStrength(const std::vector<std::vector<double>>& train, std::int64_t p, std::int64_t table, std::int64_t& m) {
  double sum = 0;
  for (const auto& x : train) sum += seasonalStrength(x, p, table, &m);
  return sum / static_cast<double>(train.size());
}

void testCandidate(const std::vector<std::vector<double>>& train, PeriodDetection& out, PeriodCandidate& c) {
  const auto n = static_cast<std::int64_t>(train.front().size());
  if (kMinCycles * c.period > n) return;
  c.tested = true;
  std::int64_t m = 0;
  c.strength = meanStrength(train, c.period, c.period, m);
  c.threshold = 0.1 + 2.0 * static_cast<double>(c.period) / static_cast<double>(m);
  c.accepted = c.strength >= c.threshold;
  if (!c.accepted) return;
  for (const auto& q : out.periods) {
    if (c.period % q.period != 0) continue;
    std::int64_t mq = 0;
    const double sq = meanStrength(train, c.period, q.period, mq);
    c.nested_in = q.period;
    c.gain = c.strength - sq;
    c.gain_threshold = 0.02 + 2.0 * static_cast<double>(c.period - q.period) / static_cast<double>(m);
    if (c.gain < c.gain_threshold) {
      c.accepted = false;
      return;
    }
  }
}

}  // namespace

double seasonalStrength(std::span<const double> x, std::int64_t p, std::int64_t table, std::int64_t* rows_used) {
  if (table <= 0) table = p;
  std::int64_t offset = 0;
  const auto d = p >= 1 ? detrended(x, p, offset) : std::vector<double>{};
  if (rows_used) *rows_used = static_cast<std::int64_t>(d.size());
  if (d.empty() || table < 1) return 0;
  std::vector<double> sums(static_cast<std::size_t>(table), 0.0), counts(static_cast<std::size_t>(table), 0.0);
  for (std::size_t i = 0; i < d.size(); ++i) {
    const auto ph = static_cast<std::size_t>((static_cast<std::int64_t>(i) + offset) % table);
    sums[ph] += d[i];
    counts[ph] += 1;
  }
  double mean_of_means = 0;
  for (std::size_t j = 0; j < sums.size(); ++j) {
    sums[j] /= std::max(counts[j], 1.0);
    mean_of_means += sums[j];
  }
  mean_of_means /= static_cast<double>(table);
  std::vector<double> r(d.size());
  for (std::size_t i = 0; i < d.size(); ++i)
    r[i] = d[i] - (sums[static_cast<std::size_t>((static_cast<std::int64_t>(i) + offset) % table)] - mean_of_means);
  const double var_d = populationVariance(d);
  if (!(var_d > 0)) return 0;
  return std::max(0.0, 1.0 - populationVariance(r) / var_d);
}

PeriodDetection detectSeasonalPeriods(const std::vector<std::vector<double>>& train, std::span<const std::int64_t> timestamps) {
  PeriodDetection out;
  std::vector<std::int64_t> periods;
  if (!timestamps.empty()) {
    out.step_seconds = modalStep(timestamps);
    periods = periodsFromStep(out.step_seconds, timestamps);
    out.candidates_from = out.step_seconds > 0 ? "timestamps (step " + std::to_string(out.step_seconds) + " s)"
                                               : "timestamps (no regular step)";
  }
  if (train.empty() || train.front().empty()) return out;
  if (timestamps.empty()) {
    out.candidates_from = "autocorrelation (no timestamps)";
    periods = periodsFromAutocorrelation(train);
  }
  for (auto p : periods) {
    PeriodCandidate c;
    c.period = p;
    testCandidate(train, out, c);
    if (c.accepted) out.periods.push_back({c.period, c.strength});
    out.candidates.push_back(c);
  }
  return out;
}

PeriodDetection detectSeasonalPeriods(const ForecastData& data) {
  const auto begin = static_cast<std::int64_t>(data.train.begin), end = static_cast<std::int64_t>(data.train.end);
  std::vector<std::vector<double>> train(static_cast<std::size_t>(data.channels));
  for (std::int64_t c = 0; c < data.channels; ++c) {
    auto& x = train[static_cast<std::size_t>(c)];
    x.reserve(static_cast<std::size_t>(end - begin));
    for (auto t = begin; t < end; ++t) x.push_back(data.row(t)[c]);
  }
  std::span<const std::int64_t> times;
  if (static_cast<std::int64_t>(data.timestamps.size()) == data.rows && end <= data.rows)
    times = std::span<const std::int64_t>(data.timestamps).subspan(data.train.begin, data.train.size());
  return detectSeasonalPeriods(train, times);
}

PeriodDetection detectSeasonalPeriods(const data::Series& series, const data::RowRange& train) {
  const auto end = std::min(train.end, series.rows), begin = std::min(train.begin, end);
  data::Series part;
  part.names = series.names;
  part.rows = end - begin;
  part.values.reserve(part.rows * series.cols());
  for (std::size_t c = 0; c < series.cols(); ++c) {
    const auto col = series.column(c);
    part.values.insert(part.values.end(), col.begin() + static_cast<std::ptrdiff_t>(begin), col.begin() + static_cast<std::ptrdiff_t>(end));
  }
  if (series.hasTime()) part.timestamps.assign(series.timestamps.begin() + static_cast<std::ptrdiff_t>(begin), series.timestamps.begin() + static_cast<std::ptrdiff_t>(end));
  part.refreshStats();
  data::applyMissingPolicy(part, data::MissingPolicy::Interpolate);
  std::vector<std::vector<double>> values;
  for (std::size_t c = 0; c < part.cols(); ++c) {
    const auto col = part.column(c);
    if (std::all_of(col.begin(), col.end(), [](double v) { return std::isfinite(v); })) values.emplace_back(col.begin(), col.end());
  }
  return detectSeasonalPeriods(values, part.timestamps);
}

data::RowRange defaultTrainRows(const data::Series& series, const std::string& source_path) {
  if (defaultSplit(series, source_path) == SplitKind::Ett) return data::ettSplit(series.rows, series.time.frequency.seconds, 0).train;
  return {0, static_cast<std::size_t>(std::floor(static_cast<double>(series.rows) * 0.7))};
}

std::string periodsText(const std::vector<SeasonalPeriod>& periods) {
  if (periods.empty()) return "none";
  std::string out;
  for (const auto& p : periods) {
    char s[32];
    std::snprintf(s, sizeof s, "%.3f", p.strength);
    out += (out.empty() ? "" : ", ") + std::to_string(p.period) + " (S " + s + ")";
  }
  return out;
}

}  // namespace aaren::train
