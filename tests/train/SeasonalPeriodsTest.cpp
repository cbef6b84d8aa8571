// Seasonal period detection (issue 17 item 1): the rule of docs/notes/forecast-defaults-study.md
// §4 on synthetic series with known periods and on the bundled data, where the strengths must
// match the study's script (scripts/study/forecast_defaults_study.py, detect_periods).
#include "core/train/SeasonalPeriods.h"

#include "core/data/CsvReader.h"
#include "core/data/Timestamp.h"
#include "core/train/Baselines.h"
#include "core/train/Prepare.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <span>
#include <string>
#include <vector>

using namespace aaren;
using namespace aaren::train;

namespace {

constexpr std::int64_t kHour = 3600, kDay = 86400, kWeek = 7 * kDay;
// 2020-09-10 is a Thursday; this is the Monday before it, midnight UTC.
const std::int64_t kMonday = data::daysFromCivil(2020, 9, 7) * kDay;

// Deterministic standard normals (Box-Muller on a seeded 64-bit Mersenne twister, so the
// numbers do not depend on the standard library's distributions).
struct Normal {
  std::mt19937_64 g;
  explicit Normal(std::uint64_t seed) : g(seed) {}
  double uniform() { return (static_cast<double>(g() >> 11) + 0.5) * 0x1.0p-53; }
  double operator()() { return std::sqrt(-2 * std::log(uniform())) * std::cos(2 * std::numbers::pi * uniform()); }
};

std::vector<std::int64_t> regular(std::int64_t start, std::int64_t step, std::int64_t n) {
  std::vector<std::int64_t> t;
  for (std::int64_t i = 0; i < n; ++i) t.push_back(start + i * step);
  return t;
}

// The first 70 % of every channel's rows (the default ratio split's training part), and
// the same rows' timestamps.
struct TrainPart {
  std::vector<std::vector<double>> values;
  std::vector<std::int64_t> times;
};
TrainPart firstSeventyPercent(const std::vector<std::vector<double>>& channels, const std::vector<std::int64_t>& t) {
  const auto n = static_cast<std::size_t>(std::floor(0.7 * static_cast<double>(t.size())));
  TrainPart p;
  for (const auto& c : channels) p.values.emplace_back(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(n));
  p.times.assign(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(n));
  return p;
}

std::vector<std::int64_t> periodsOf(const PeriodDetection& d) {
  std::vector<std::int64_t> p;
  for (const auto& s : d.periods) p.push_back(s.period);
  return p;
}

// AR(1) with coefficient 0.95 plus `pattern(hour)`, 4 channels of 8640 hourly rows.
std::vector<std::vector<double>> hourlyAr(std::uint64_t seed, double (*pattern)(std::int64_t)) {
  Normal e(seed);
  std::vector<std::vector<double>> x(4, std::vector<double>(8640));
  for (auto& c : x) {
    double ar = 0;
    for (std::int64_t h = 0; h < 8640; ++h) {
      if (h > 0) ar = 0.95 * ar + e();
      c[static_cast<std::size_t>(h)] = ar + pattern(h);
    }
  }
  return x;
}

double dailySine(std::int64_t h) { return 3.2 * std::sin(2 * std::numbers::pi * static_cast<double>(h) / 24.0); }
double dailySineAndWeekendDrop(std::int64_t h) { return dailySine(h) + 3.2 * ((h / 24) % 7 >= 5 ? -1.0 : 0.4); }

}  // namespace

TEST(SeasonalPeriods, AnHourlySineOfPeriod24IsDetectedAndTheWeekIsNotAddedToIt) {
  // A pure sine: the 2 x 24 moving average removes nothing, the 24 phase means are the sine.
  std::vector<std::vector<double>> x(2);
  for (std::int64_t h = 0; h < 2000; ++h) {
    x[0].push_back(std::sin(2 * std::numbers::pi * static_cast<double>(h) / 24.0));
    x[1].push_back(5 + 2 * std::cos(2 * std::numbers::pi * static_cast<double>(h) / 24.0));
  }
  const auto t = regular(kMonday, kHour, 2000);
  const auto d = detectSeasonalPeriods(x, t);
  EXPECT_EQ(d.step_seconds, 3600);
  EXPECT_EQ(d.candidates_from, "timestamps (step 3600 s)");
  ASSERT_EQ(d.candidates.size(), 2u);
  EXPECT_EQ(periodsOf(d), (std::vector<std::int64_t>{24}));
  EXPECT_NEAR(d.periods[0].strength, 1.0, 1e-12);
  // 168 is as strong (its table contains the 24-table) but adds nothing over it.
  const auto& week = d.candidates[1];
  EXPECT_EQ(week.period, 168);
  EXPECT_TRUE(week.tested);
  EXPECT_NEAR(week.strength, 1.0, 1e-12);
  EXPECT_EQ(week.nested_in, 24);
  EXPECT_NEAR(week.gain, 0.0, 1e-12);
  EXPECT_DOUBLE_EQ(week.gain_threshold, 0.02 + 2.0 * 144 / (2000 - 168));
  EXPECT_FALSE(week.accepted);
  EXPECT_EQ(periodsText(d.periods), "24 (S 1.000)");
}

TEST(SeasonalPeriods, AnAr1WithADailySineGivesOnlyTheDay) {
  const auto x = hourlyAr(17, dailySine);
  const auto p = firstSeventyPercent(x, regular(kMonday, kHour, 8640));
  const auto d = detectSeasonalPeriods(p.values, p.times);
  EXPECT_EQ(periodsOf(d), (std::vector<std::int64_t>{24}));
  ASSERT_EQ(d.candidates.size(), 2u);
  EXPECT_EQ(d.candidates[1].nested_in, 24);  // 168 passes the strength test, fails the nested one
  EXPECT_GE(d.candidates[1].strength, d.candidates[1].threshold);
  EXPECT_LT(d.candidates[1].gain, d.candidates[1].gain_threshold);
}

TEST(SeasonalPeriods, ADailySineWithAStrongWeekendDropGivesTheDayAndTheWeek) {
  const auto x = hourlyAr(18, dailySineAndWeekendDrop);
  const auto p = firstSeventyPercent(x, regular(kMonday, kHour, 8640));
  const auto d = detectSeasonalPeriods(p.values, p.times);
  EXPECT_EQ(periodsOf(d), (std::vector<std::int64_t>{24, 168}));
  EXPECT_EQ(d.candidates[1].nested_in, 24);
  EXPECT_GE(d.candidates[1].gain, d.candidates[1].gain_threshold);
}

TEST(SeasonalPeriods, AMonthlySeriesWithAYearlyCycleGives12) {
  // Trend + yearly sine + noise, 120 month starts from 2000-01: the study's synthetic case.
  Normal e(19);
  std::vector<std::vector<double>> x(1);
  std::vector<std::int64_t> t;
  for (int m = 0; m < 120; ++m) {
    x[0].push_back(0.05 * m + std::sin(2 * std::numbers::pi * m / 12.0) + 0.3 * e());
    t.push_back(data::daysFromCivil(2000 + m / 12, static_cast<unsigned>(m % 12 + 1), 1) * kDay);
  }
  const auto p = firstSeventyPercent(x, t);
  const auto d = detectSeasonalPeriods(p.values, p.times);
  EXPECT_EQ(d.step_seconds, 31 * kDay);  // the most common month length
  EXPECT_EQ(periodsOf(d), (std::vector<std::int64_t>{12}));
}

TEST(SeasonalPeriods, WeeklyDailyAndQuarterlyStepsProposeTheirCandidates) {
  std::vector<std::vector<double>> flat(1, std::vector<double>(40, 1.0));
  auto candidates = [&](const std::vector<std::int64_t>& t) {
    std::vector<std::int64_t> c;
    for (const auto& k : detectSeasonalPeriods(flat, t).candidates) c.push_back(k.period);
    return c;
  };
  EXPECT_EQ(candidates(regular(kMonday, kWeek, 40)), (std::vector<std::int64_t>{52}));
  EXPECT_EQ(candidates(regular(kMonday, kDay, 40)), (std::vector<std::int64_t>{7, 365}));
  EXPECT_EQ(candidates(regular(kMonday, 900, 40)), (std::vector<std::int64_t>{96, 672}));
  std::vector<std::int64_t> weekdays;  // Monday to Friday only: business days
  for (std::int64_t day = 0; weekdays.size() < 40; ++day)
    if (day % 7 < 5) weekdays.push_back(kMonday + day * kDay);
  EXPECT_EQ(candidates(weekdays), (std::vector<std::int64_t>{5, 260}));
  std::vector<std::int64_t> quarters;
  for (int q = 0; q < 40; ++q) quarters.push_back(data::daysFromCivil(1990 + q / 4, static_cast<unsigned>(3 * (q % 4) + 1), 1) * kDay);
  EXPECT_EQ(candidates(quarters), (std::vector<std::int64_t>{4}));
  EXPECT_EQ(candidates(regular(kMonday, 7 * kHour, 40)), (std::vector<std::int64_t>{}));  // does not divide a day
  // A constant channel has no seasonal strength.
  const auto d = detectSeasonalPeriods(flat, regular(kMonday, kDay, 40));
  ASSERT_TRUE(d.candidates[0].tested);
  EXPECT_EQ(d.candidates[0].strength, 0.0);
  EXPECT_FALSE(d.candidates[1].tested);  // 365 x 3 > 40 rows
  EXPECT_TRUE(d.periods.empty());
}

TEST(SeasonalPeriods, ASeededRandomWalkHasNone) {
  Normal e(23);
  std::vector<std::vector<double>> x(4);
  for (auto& c : x) {
    double v = 0;
    for (int h = 0; h < 8640; ++h) c.push_back(v += e());
  }
  const auto p = firstSeventyPercent(x, regular(kMonday, kHour, 8640));
  const auto d = detectSeasonalPeriods(p.values, p.times);
  ASSERT_EQ(d.candidates.size(), 2u);
  EXPECT_TRUE(d.candidates[0].tested);
  EXPECT_TRUE(d.candidates[1].tested);
  EXPECT_TRUE(d.periods.empty());
  EXPECT_LT(d.candidates[0].strength, d.candidates[0].threshold);
  EXPECT_LT(d.candidates[1].strength, d.candidates[1].threshold);
  EXPECT_EQ(periodsText(d.periods), "none");
}

TEST(SeasonalPeriods, ATooShortSeriesHasNone) {
  // 71 hourly rows: fewer than 3 days, so even a perfect daily sine is not tested.
  std::vector<std::vector<double>> x(1);
  for (int h = 0; h < 71; ++h) x[0].push_back(std::sin(2 * std::numbers::pi * h / 24.0));
  const auto d = detectSeasonalPeriods(x, regular(kMonday, kHour, 71));
  ASSERT_EQ(d.candidates.size(), 2u);
  EXPECT_FALSE(d.candidates[0].tested);
  EXPECT_FALSE(d.candidates[1].tested);
  EXPECT_TRUE(d.periods.empty());
  // With one more row it has 3 cycles and is tested, but 48 detrended rows make the
  // threshold 0.1 + 2 x 24 / 48 = 1.1: out of reach. Four days are enough.
  x[0].push_back(std::sin(2 * std::numbers::pi * 71 / 24.0));
  const auto three = detectSeasonalPeriods(x, regular(kMonday, kHour, 72));
  ASSERT_TRUE(three.candidates[0].tested);
  EXPECT_NEAR(three.candidates[0].strength, 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(three.candidates[0].threshold, 1.1);
  EXPECT_TRUE(three.periods.empty());
  for (int h = 72; h < 96; ++h) x[0].push_back(std::sin(2 * std::numbers::pi * h / 24.0));
  EXPECT_EQ(periodsOf(detectSeasonalPeriods(x, regular(kMonday, kHour, 96))), (std::vector<std::int64_t>{24}));
  // No rows, no channels: nothing, no crash.
  EXPECT_TRUE(detectSeasonalPeriods(std::vector<std::vector<double>>{}, std::span<const std::int64_t>{}).periods.empty());
  EXPECT_TRUE(detectSeasonalPeriods(std::vector<std::vector<double>>(1), regular(kMonday, kHour, 1)).periods.empty());
}

TEST(SeasonalPeriods, WithoutTimestampsTheAutocorrelationPeaksAreTheCandidates) {
  std::vector<std::vector<double>> x(1);
  Normal e(29);
  for (int r = 0; r < 1000; ++r) x[0].push_back(std::sin(2 * std::numbers::pi * r / 24.0) + 0.3 * e());
  const auto d = detectSeasonalPeriods(x, std::span<const std::int64_t>{});
  EXPECT_EQ(d.candidates_from, "autocorrelation (no timestamps)");
  EXPECT_EQ(d.step_seconds, 0);
  EXPECT_EQ(periodsOf(d), (std::vector<std::int64_t>{24}));
  std::vector<std::vector<double>> noise(1);
  for (int r = 0; r < 1000; ++r) noise[0].push_back(e());
  EXPECT_TRUE(detectSeasonalPeriods(noise, std::span<const std::int64_t>{}).periods.empty());
}

TEST(SeasonalPeriods, DetectPeriodIsTheLargestDetectedPeriodWithinTheLookback) {
  const auto x = hourlyAr(18, dailySineAndWeekendDrop);
  ForecastData d;
  d.rows = 8640;
  d.channels = 4;
  for (std::int64_t r = 0; r < d.rows; ++r)
    for (const auto& c : x) d.values.push_back(static_cast<float>(c[static_cast<std::size_t>(r)]));
  d.timestamps = regular(kMonday, kHour, d.rows);
  d.train = {0, 6048};
  d.val = {6048 - 200, 7000};
  d.test = {7000 - 200, 8640};
  d.horizon = 24;
  d.lookback = 200;
  EXPECT_EQ(detectPeriod(d), 168);
  EXPECT_EQ(detectPeriod(d, 100), 24);
  d.lookback = 167;
  EXPECT_EQ(detectPeriod(d), 24);
  d.lookback = 23;
  EXPECT_EQ(detectPeriod(d), 1);
  d.lookback = 200;
  EXPECT_EQ(periodsOf(detectSeasonalPeriods(d)), (std::vector<std::int64_t>{24, 168}));
}

// The bundled data (the study's panel), each on its training part as `aaren train` splits
// it, with the strengths the study's script prints (§4).
namespace {

struct Bundled {
  const char* file;
  SplitKind split;
  std::int64_t lookback, horizon;
};

ForecastData prepareBundled(const Bundled& b) {
  const auto csv = data::readCsvFile(std::string(AAREN_DATA_DIR) + "/forecasting/" + b.file);
  ForecastPrepOptions o;
  o.lookback = b.lookback;
  o.horizon = b.horizon;
  o.split = b.split;
  return prepareForecast(csv.series, o).data;
}

PeriodDetection detectOnBundled(const Bundled& b) { return detectSeasonalPeriods(prepareBundled(b)); }

void expectCandidate(const PeriodCandidate& c, std::int64_t period, double strength, double threshold) {
  EXPECT_EQ(c.period, period);
  EXPECT_TRUE(c.tested);
  EXPECT_NEAR(c.strength, strength, 5e-6) << period;
  EXPECT_NEAR(c.threshold, threshold, 5e-6) << period;
}

}  // namespace

TEST(SeasonalPeriods, BundledEtth1Gives24AsTheStudy) {
  const auto d = detectOnBundled({"ETTh1.csv", SplitKind::Ett, 96, 96});
  EXPECT_EQ(periodsOf(d), (std::vector<std::int64_t>{24}));
  ASSERT_EQ(d.candidates.size(), 2u);
  expectCandidate(d.candidates[0], 24, 0.321467, 0.105571);
  expectCandidate(d.candidates[1], 168, 0.255076, 0.139660);
  EXPECT_EQ(d.candidates[1].nested_in, 24);
  EXPECT_NEAR(d.candidates[1].gain, 0.020136, 5e-6);  // needs 0.054: rejected
  EXPECT_NEAR(d.candidates[1].gain_threshold, 0.02 + 2.0 * 144 / 8472, 1e-12);
}

TEST(SeasonalPeriods, BundledExchangeRateGivesNone) {
  const auto d = detectOnBundled({"exchange_rate.csv", SplitKind::Ratios, 96, 96});
  EXPECT_TRUE(d.periods.empty());
  ASSERT_EQ(d.candidates.size(), 2u);
  expectCandidate(d.candidates[0], 7, 0.001298, 0.102639);
  expectCandidate(d.candidates[1], 365, 0.065346, 0.247564);
}

TEST(SeasonalPeriods, BundledNationalIllnessGives52) {
  const auto d = detectOnBundled({"national_illness.csv", SplitKind::Ratios, 36, 24});
  EXPECT_EQ(periodsOf(d), (std::vector<std::int64_t>{52}));
  ASSERT_EQ(d.candidates.size(), 1u);
  expectCandidate(d.candidates[0], 52, 0.611290, 0.266667);
}

TEST(SeasonalPeriods, BundledAirlineGives12) {
  const auto d = detectOnBundled({"Airline.csv", SplitKind::Ratios, 24, 12});
  EXPECT_EQ(periodsOf(d), (std::vector<std::int64_t>{12}));
  ASSERT_EQ(d.candidates.size(), 1u);
  expectCandidate(d.candidates[0], 12, 0.837320, 0.372727);
}

TEST(SeasonalPeriods, BundledDailyMinimumTemperaturesGives365) {
  const auto d = detectOnBundled({"daily-min-temperatures.csv", SplitKind::Ratios, 96, 96});
  EXPECT_EQ(periodsOf(d), (std::vector<std::int64_t>{365}));
  ASSERT_EQ(d.candidates.size(), 2u);
  expectCandidate(d.candidates[0], 7, 0.007024, 0.105492);
  expectCandidate(d.candidates[1], 365, 0.596460, 0.433181);
  // Seasonal naive and MASE: the yearly period once the lookback holds it, else none (the
  // autocorrelation search used before found a spurious 12 here).
  EXPECT_EQ(detectPeriod(prepareBundled({"daily-min-temperatures.csv", SplitKind::Ratios, 96, 96})), 1);
  EXPECT_EQ(detectPeriod(prepareBundled({"daily-min-temperatures.csv", SplitKind::Ratios, 365, 96})), 365);
  EXPECT_EQ(detectPeriod(prepareBundled({"national_illness.csv", SplitKind::Ratios, 36, 24})), 1);
  EXPECT_EQ(detectPeriod(prepareBundled({"national_illness.csv", SplitKind::Ratios, 52, 24})), 52);
  EXPECT_EQ(detectPeriod(prepareBundled({"ETTh1.csv", SplitKind::Ett, 96, 96})), 24);
}

TEST(SeasonalPeriods, TheSeriesOverloadAndTheDefaultTrainingRowsMatchTheRun) {
  const auto path = std::string(AAREN_DATA_DIR) + "/forecasting/ETTh1.csv";
  const auto csv = data::readCsvFile(path);
  const auto rows = defaultTrainRows(csv.series, path);
  EXPECT_EQ(rows, (data::RowRange{0, 8640}));
  const auto d = detectSeasonalPeriods(csv.series, rows);
  EXPECT_EQ(periodsOf(d), (std::vector<std::int64_t>{24}));
  EXPECT_NEAR(d.periods[0].strength, 0.321467, 5e-6);  // unscaled values: the same strength
  EXPECT_EQ(defaultTrainRows(csv.series, "/elsewhere/h1.csv"), (data::RowRange{0, 12194}));  // not an ETT name: 70 %
}

TEST(SeasonalPeriods, TheSeriesOverloadInterpolatesMissingValuesAndSkipsEmptyChannels) {
  data::Series s;
  s.rows = 200;
  s.names = {"a", "empty"};
  for (int h = 0; h < 200; ++h) {
    s.timestamps.push_back(kMonday + h * kHour);
    s.values.push_back(h % 10 == 3 ? std::nan("") : std::sin(2 * std::numbers::pi * h / 24.0));
  }
  s.values.insert(s.values.end(), 200, std::nan(""));
  s.refreshStats();
  const auto d = detectSeasonalPeriods(s, {0, 200});
  EXPECT_EQ(periodsOf(d), (std::vector<std::int64_t>{24}));
}
