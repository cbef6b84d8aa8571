// RLinear and "daily cycle + linear" (core/train/RidgeBaselines.h): exact on series they
// model exactly, and the study's figures on ETTh1 (docs/notes/forecast-defaults-study.md).
#include "core/train/RidgeBaselines.h"

#include "core/data/CsvReader.h"
#include "core/train/Baselines.h"
#include "core/train/Experiment.h"
#include "core/train/Prepare.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <numbers>

using namespace aaren::train;

namespace {

// rows × channels of f(row, channel); train / val / test ranges as given (val and test
// start L rows before their first target).
ForecastData series(std::int64_t rows, std::int64_t channels, std::int64_t L, std::int64_t H, std::size_t train_end,
                    std::size_t val_end, const std::function<double(std::int64_t, std::int64_t)>& f) {
  ForecastData d;
  d.rows = rows;
  d.channels = channels;
  d.lookback = L;
  d.horizon = H;
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t c = 0; c < channels; ++c) d.values.push_back(static_cast<float>(f(r, c)));
  d.train = {0, train_end};
  d.val = {train_end - static_cast<std::size_t>(L), val_end};
  d.test = {val_end - static_cast<std::size_t>(L), static_cast<std::size_t>(rows)};
  return d;
}

const BaselineResult& named(const std::vector<BaselineResult>& results, const std::string& name) {
  for (const auto& r : results)
    if (r.name == name) return r;
  throw std::runtime_error("no baseline named " + name);
}

}  // namespace

TEST(RidgeBaselines, RLinearFollowsALevelShiftThatLinearCannot) {
  // x_t = level + (−1)^t, lookback 4, horizon 2: the level is 0 on the training and
  // validation rows and 3 on the test rows. Each window less its mean is ±(1, −1, 1, −1),
  // its spread √(1 + 1e-5) is the same everywhere, so RLinear's map is the alternation
  // shrunk by the ridge: 4 / (4 + λ) with λ = 1e-6 (validation prefers the smallest), exact
  // to 2.5e-7 at any level. The linear map never saw the level move: its weights sum to 0
  // (the alternation is all the training windows span), so it forecasts the alternation
  // around 0 and misses the level by 3 on every test value: MSE 9.
  const std::int64_t rows = 100;
  auto d = series(rows, 1, 4, 2, 60, 80, [](std::int64_t r, std::int64_t) { return (r >= 80 ? 3.0 : 0.0) + (r % 2 ? -1.0 : 1.0); });
  d.test = {80, 100};  // every test window at the new level
  RLinearBaseline rlinear;
  rlinear.fit(d);
  EXPECT_EQ(rlinear.ridge(), 1e-6);
  const float history[4] = {4, 2, 4, 2};  // level 3, next values 4, 2
  float out[2];
  rlinear.predict(history, out);
  EXPECT_NEAR(out[0], 4.0, 1e-5);
  EXPECT_NEAR(out[1], 2.0, 1e-5);

  const auto results = runBaselines(d, d.test, 2);
  ASSERT_EQ(results.size(), 4u);  // no timestamps: no daily cycle + linear
  EXPECT_EQ(results[3].name, "RLinear");
  EXPECT_LT(results[3].metrics.mse, 1e-10);
  EXPECT_EQ(results[2].name, "linear");
  EXPECT_NEAR(results[2].metrics.mse, 9.0, 1e-2);
}

TEST(RidgeBaselines, DailyCycleLinearForecastsADailySineOnHourlyStamps) {
  // Two channels of pure daily cycles on hourly timestamps (row 0 at midnight): the cycle
  // fitted on the training rows is exact, what is left is 0, and the forecast puts the
  // cycle back at each step's hour. Lookback 12, horizon 30 (past a day ahead).
  const double two_pi = 2 * std::numbers::pi;
  auto d = series(24 * 40, 2, 12, 30, 24 * 28, 24 * 34, [&](std::int64_t r, std::int64_t c) {
    const double h = static_cast<double>(r % 24);
    return c == 0 ? std::sin(two_pi * h / 24) : 0.5 * std::cos(2 * two_pi * h / 24) + 0.25 * std::sin(3 * two_pi * h / 24);
  });
  for (std::int64_t r = 0; r < d.rows; ++r) d.timestamps.push_back(1'700'006'400 + r * 3600);  // 2023-11-15T00:00:00Z
  DailyCycleLinearBaseline cycle;
  cycle.fit(d, 3600);
  EXPECT_EQ(cycle.harmonics(), 12);
  const auto results = runBaselines(d, d.test, 24, 0, 3600);
  ASSERT_EQ(results.size(), 5u);
  const auto& c = named(results, "daily cycle + linear");
  EXPECT_LT(std::sqrt(c.metrics.mse), 1e-6);
  EXPECT_GT(named(results, "naive").metrics.mse, 0.1);
  EXPECT_EQ(c.mse_by_step.size(), 30u);

  // Left out without a step (the series' grid is not a sub-daily one).
  EXPECT_EQ(runBaselines(d, d.test, 24, 0, 0).size(), 4u);
}

TEST(RidgeBaselines, DailyCycleLinearRefusesADailyStepAndMissingTimestamps) {
  auto d = series(200, 1, 8, 4, 120, 160, [](std::int64_t r, std::int64_t) { return std::sin(0.3 * static_cast<double>(r)); });
  DailyCycleLinearBaseline cycle;
  try {
    cycle.fit(d, 3600);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the daily cycle + linear baseline needs the timestamps of the rows, and the data has none");
  }
  for (std::int64_t r = 0; r < d.rows; ++r) d.timestamps.push_back(r * 86400);
  try {
    cycle.fit(d, 86400);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the daily cycle + linear baseline needs a step that divides a day into at least 2 samples, not 86400 s");
  }
}

// The study's ETTh1 figures at lookback 96, horizon 96, ETT split (its §6 table): RLinear
// val 0.6988 / test 0.3840, daily cycle + linear val 0.6508 / test 0.3694, both with λ = 1e-6
// (scripts/study/forecast_defaults_study.py --only ETTh1 --quick: 0.69885 / 0.38396 and
// 0.65079 / 0.36936).
TEST(RidgeBaselines, ReproduceTheStudyOnETTh1) {
  const auto csv = aaren::data::readCsvFile(AAREN_DATA_DIR "/forecasting/ETTh1.csv");
  ASSERT_TRUE(dailyCycleApplies(csv.series));
  ForecastPrepOptions o;
  o.lookback = 96;
  o.horizon = 96;
  o.split = SplitKind::Ett;
  const auto prepared = prepareForecast(csv.series, o);
  const auto& d = prepared.data;
  ASSERT_EQ(prepared.frequency_seconds, 3600);

  RLinearBaseline rlinear;
  const auto t0 = std::chrono::steady_clock::now();
  rlinear.fit(d);
  const auto t1 = std::chrono::steady_clock::now();
  DailyCycleLinearBaseline cycle;
  cycle.fit(d, prepared.frequency_seconds);
  const auto t2 = std::chrono::steady_clock::now();
  auto rl = [&](const float* h, float* out) { rlinear.predict(h, out); };
  auto cy = [&](std::int64_t s, std::int64_t c, const float* h, float* out) { cycle.predict(s, c, h, out); };
  const double rl_val = scoreChannelForecaster(d, d.val, rl, "RLinear").metrics.mse;
  const double rl_test = scoreChannelForecaster(d, d.test, rl, "RLinear").metrics.mse;
  const double cy_val = scoreWindowForecaster(d, d.val, cy, "daily cycle + linear").metrics.mse;
  const double cy_test = scoreWindowForecaster(d, d.test, cy, "daily cycle + linear").metrics.mse;
  EXPECT_NEAR(rl_val, 0.69885, 1e-4);
  EXPECT_NEAR(rl_test, 0.38396, 1e-4);
  EXPECT_NEAR(cy_val, 0.65079, 1e-4);
  EXPECT_NEAR(cy_test, 0.36936, 1e-4);
  EXPECT_EQ(rlinear.ridge(), 1e-6);  // the study's choice for both
  EXPECT_EQ(cycle.ridge(), 1e-6);
  EXPECT_EQ(cycle.harmonics(), 12);
  const auto t3 = std::chrono::steady_clock::now();
  auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  std::printf("ETTh1 96/96 MSE val / test: RLinear %.5f / %.5f, daily cycle + linear %.5f / %.5f\n", rl_val, rl_test, cy_val,
              cy_test);
  std::printf("ETTh1 96/96: RLinear fit %.2f s (λ %g), daily cycle + linear fit %.2f s (λ %g), scoring both on val and test %.2f s\n",
              secs(t0, t1), rlinear.ridge(), secs(t1, t2), cycle.ridge(), secs(t2, t3));
}
