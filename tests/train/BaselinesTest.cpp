#include "core/train/Baselines.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

using namespace aaren::train;

namespace {

ForecastData synthetic(std::int64_t rows, std::int64_t channels, const std::function<double(std::int64_t, std::int64_t)>& f,
                       std::int64_t L = 48, std::int64_t H = 12) {
  ForecastData d;
  d.rows = rows;
  d.channels = channels;
  d.lookback = L;
  d.horizon = H;
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t c = 0; c < channels; ++c) d.values.push_back(static_cast<float>(f(r, c)));
  const auto n_train = static_cast<std::size_t>(rows * 6 / 10), n_val = static_cast<std::size_t>(rows * 2 / 10);
  d.train = {0, n_train};
  d.val = {n_train - static_cast<std::size_t>(L), n_train + n_val};
  d.test = {n_train + n_val - static_cast<std::size_t>(L), static_cast<std::size_t>(rows)};
  return d;
}

}  // namespace

TEST(Baselines, SeasonalNaiveIsExactOnAPeriodicSeriesAndThePeriodIsFound) {
  auto d = synthetic(2000, 2, [](std::int64_t r, std::int64_t c) {
    return std::sin(2 * std::numbers::pi * static_cast<double>(r % 24) / 24.0) + 0.3 * static_cast<double>(c);
  });
  EXPECT_EQ(detectPeriod(d), 24);
  auto results = runBaselines(d);
  ASSERT_EQ(results.size(), 4u);  // naive, seasonal naive, linear, RLinear (no timestamps: no daily cycle)
  EXPECT_EQ(results[0].name, "naive");
  EXPECT_EQ(results[1].name, "seasonal naive (24)");
  EXPECT_LT(results[1].metrics.mse, 1e-10);
  EXPECT_GT(results[0].metrics.mse, 0.1);
  EXPECT_EQ(results[1].mse_by_step.size(), 12u);
  EXPECT_EQ(results[0].metrics.count, static_cast<std::size_t>(d.windows(d.test) * 2 * 12));
}

TEST(Baselines, LinearRecoversALinearRecurrence) {
  // x[t] = 0.9 x[t-1] - 0.2 x[t-2] + noise-free forcing: the next values are linear in the past.
  std::vector<double> x{1.0, 0.5};
  for (int t = 2; t < 1500; ++t) x.push_back(0.9 * x[t - 1] - 0.2 * x[t - 2] + std::sin(t * 0.37));
  auto d = synthetic(1500, 1, [&](std::int64_t r, std::int64_t) { return x[static_cast<std::size_t>(r)]; }, 48, 1);
  LinearBaseline linear;
  try {
    linear.fit(d, 0.0);  // the 48 lags are exactly collinear here: no ridge, no solution
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "linear baseline: cannot solve the least-squares fit (the training windows are collinear or constant)");
  }
  auto results = runBaselines(d);
  // One step ahead, the forcing sin(0.37 t) is itself an exact linear recurrence of order 2,
  // so order-48 least squares predicts almost perfectly.
  EXPECT_LT(results[2].metrics.mse, 1e-6);
  EXPECT_GT(results[0].metrics.mse, 1e-2);
}

TEST(Baselines, DetectPeriodReturnsOneForNoise) {
  std::uint64_t s = 12345;
  auto d = synthetic(3000, 1, [&](std::int64_t, std::int64_t) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) / 9007199254740992.0;
  });
  EXPECT_EQ(detectPeriod(d), 1);
}

TEST(Baselines, DetectPeriodSkipsTheFallingLagsOfASmoothSeries) {
  // Two smooth channels (periods 24 and 17), no timestamps. Lag 2 has a high
  // autocorrelation (0.80) only because the series is smooth; it is no period. Nor is 19,
  // the mean autocorrelation's first peak, which the autocorrelation search used to return.
  // The candidates are the highest peaks within a third of the 720 training rows (50, 69,
  // 119); only 119 (7 x 17, nearly 5 x 24) passes the seasonal-strength test, and it is
  // longer than the lookback of 32: no period.
  auto d = synthetic(1200, 2, [](std::int64_t r, std::int64_t c) {
    return c == 0 ? std::sin(2 * std::numbers::pi * static_cast<double>(r) / 24.0)
                  : std::cos(2 * std::numbers::pi * static_cast<double>(r) / 17.0);
  }, 32, 8);
  EXPECT_EQ(detectPeriod(d), 1);
  EXPECT_EQ(detectPeriod(d, 400), 1);
  d.lookback = 120;
  EXPECT_EQ(detectPeriod(d), 119);
}
