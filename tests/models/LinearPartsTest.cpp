// A forecaster's linear parts: the daily cycle (DailyCycle.h) and the linear skip
// (ModelOptions::linear_skip), what they add to the forecast, and that a model with them
// steps exactly like its parallel form.
#include "Reference.h"
#include "core/models/CalendarFeatures.h"
#include "core/models/DailyCycle.h"
#include "core/models/Model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>

using namespace aaren;
using aaren::testing::maxAbsDiff;

namespace {

constexpr std::int64_t kStart = 1467331200;  // 2016-07-01 00:00:00 UTC

// Calendar features of the timestamps start + step × (0 .. n-1): [n, 8].
torch::Tensor calendarOf(std::int64_t start, std::int64_t step, std::int64_t n) {
  auto cal = torch::empty({n, kCalendarFeatures});
  for (std::int64_t i = 0; i < n; ++i) {
    const auto f = calendarFeatures(start + step * i);
    for (int j = 0; j < kCalendarFeatures; ++j) cal[i][j] = f[static_cast<std::size_t>(j)];
  }
  return cal;
}

std::string errorOf(const ModelOptions& o) {
  try {
    makeModel(o);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

ModelOptions forecaster(ModelType type, bool channel_independent) {
  ModelOptions o;
  o.type = type;
  o.channels = 3;
  o.d_model = 16;
  o.heads = 2;
  o.layers = 2;
  o.d_ff = 24;
  o.dropout = 0.0;
  o.horizon = 5;
  o.scan_chunk = 4;
  o.channel_independent = channel_independent;
  o.predict_delta = true;
  o.input_window = 6;
  o.relative_window = channel_independent;
  o.scale_window = channel_independent;
  o.positional = false;
  o.final_norm = false;
  o.daily_cycle = 4;
  o.step_seconds = 3600;
  o.linear_skip = true;
  return o;
}

TEST(DailyCycle, IsTheFourierSeriesOfTheTimeOfDay) {
  DailyCycle cycle(2, 3, 3600);
  torch::NoGradGuard no_grad;
  cycle->coef.copy_(torch::tensor({{0.5f, -1.0f}, {0.0f, 0.25f}, {0.1f, 0.0f}, {2.0f, 0.0f}, {0.0f, 0.0f}, {0.0f, -0.3f}}));
  // 06:00: φ = π/2, so cos φ = 0, cos 2φ = -1, cos 3φ = 0, sin φ = 1, sin 2φ = 0, sin 3φ = -1.
  auto at = cycle->at(calendarOf(kStart + 6 * 3600, 3600, 1));
  EXPECT_NEAR(at[0][0].item<double>(), 0.5 * 0 + 0.0 * -1 + 0.1 * 0 + 2.0 * 1 + 0.0 * 0 + 0.0 * -1, 1e-5);
  EXPECT_NEAR(at[0][1].item<double>(), -1.0 * 0 + 0.25 * -1 + 0.0 * 0 + 0.0 * 1 + 0.0 * 0 + -0.3 * -1, 1e-5);
  // No level: the hourly values of a day sum to zero.
  EXPECT_LE(cycle->at(calendarOf(kStart, 3600, 24)).sum(0).abs().max().item<double>(), 1e-5);
}

TEST(DailyCycle, AheadIsTheCycleAtTheLaterStepsTimes) {
  torch::manual_seed(3);
  for (std::int64_t step : {3600, 900, 7200}) {
    DailyCycle cycle(3, 5, step);
    torch::NoGradGuard no_grad;
    cycle->coef.copy_(torch::randn({10, 3}));
    const std::int64_t horizon = 60, n = 7;
    auto times = calendarOf(kStart + 1234 * step, step, n + horizon);
    auto ahead = cycle->ahead(times.narrow(0, 0, n), horizon);  // [n, horizon, 3]
    ASSERT_EQ(ahead.sizes(), (std::vector<std::int64_t>{n, horizon, 3}));
    auto later = cycle->at(times);
    for (std::int64_t i = 0; i < n; ++i)
      EXPECT_LE(maxAbsDiff(ahead[i], later.narrow(0, i + 1, horizon)), 2e-4) << "step " << step << " i " << i;
  }
}

TEST(DailyCycle, NeedsTheCalendar) {
  DailyCycle cycle(1, 2, 3600);
  try {
    cycle->at(torch::Tensor());
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "DailyCycle: the model's daily cycle needs the calendar features of the timestamps");
  }
}

TEST(LinearParts, OptionsAreChecked) {
  auto o = forecaster(ModelType::Aaren, true);
  o.step_seconds = 0;
  EXPECT_EQ(errorOf(o), "ModelOptions.daily_cycle needs step_seconds (the sampling interval places the forecast steps on the clock)");
  o = forecaster(ModelType::Aaren, true);
  o.step_seconds = 86400;
  EXPECT_EQ(errorOf(o), "ModelOptions.step_seconds = 86400: a daily cycle needs a step shorter than a day that divides it");
  o.step_seconds = 7;
  EXPECT_EQ(errorOf(o), "ModelOptions.step_seconds = 7: a daily cycle needs a step shorter than a day that divides it");
  o = forecaster(ModelType::Aaren, true);
  o.daily_cycle = 65;
  EXPECT_EQ(errorOf(o), "ModelOptions.daily_cycle = 65: must be between 0 and 64 harmonics");
  o = forecaster(ModelType::Aaren, false);
  o.input_window = 1;
  EXPECT_EQ(errorOf(o), "ModelOptions.linear_skip needs input_window > 1 (the skip reads the input window)");
  o = forecaster(ModelType::Aaren, false);
  o.task = Task::Classify;
  o.predict_delta = false;
  EXPECT_EQ(errorOf(o), "ModelOptions: daily_cycle and linear_skip apply to forecasting only");
  EXPECT_TRUE(needsCalendar(forecaster(ModelType::Aaren, true)));
  o = forecaster(ModelType::Aaren, true);
  o.daily_cycle = 0;
  EXPECT_FALSE(needsCalendar(o));
  // The parts are the only extra parameters: 2K × channels and window × horizon + horizon.
  auto with = makeModel(forecaster(ModelType::Aaren, true));
  o.linear_skip = false;
  auto without = makeModel(o);
  EXPECT_EQ(with->parameterCount() - without->parameterCount(), 2 * 4 * 3 + 6 * 5 + 5);
}

// With the head's output zeroed, the forecast is the skip of the window less the cycle,
// plus the last value less the cycle, plus the cycle at each forecast step's time.
TEST(LinearParts, WithoutTheNetworkTheForecastIsSkipPlusLastValuePlusCycleAhead) {
  torch::manual_seed(5);
  for (bool ci : {false, true}) {
    auto model = makeModel(forecaster(ModelType::Aaren, ci));
    model->eval();
    torch::NoGradGuard no_grad;
    model->forecast_head->proj->weight.zero_();
    model->forecast_head->proj->bias.zero_();
    model->cycle->coef.copy_(torch::randn({8, 3}));
    const std::int64_t T = 9;
    auto x = torch::randn({1, T, 3});
    auto cal = calendarOf(kStart + 5 * 3600, 3600, T).unsqueeze(0);
    auto y = model->forecastLast(x, cal);  // [1, 5, 3]
    auto xin = x[0] - model->cycle->at(cal[0]);  // [T, 3]
    auto window = xin.narrow(0, T - 6, 6).t();   // [3, 6]
    auto expected = model->skip->forward(window).t() + xin[T - 1].unsqueeze(0) +
                    model->cycle->ahead(cal[0][T - 1], 5);  // [5, 3]
    EXPECT_LE(maxAbsDiff(y[0], expected), 1e-5) << "ci " << ci;
    EXPECT_LE(maxAbsDiff(y, model->forward(x, {}, cal).select(1, T - 1)), 1e-6) << "ci " << ci;
  }
}

// Level-free: ŷ = W(x − μ) + b + x_L; RLinear: ŷ = W(x − μ) + σ·b + x_L, with μ and σ the
// mean and population spread (+1e-5 inside the root) of the cycle-removed window.
TEST(LinearParts, SkipLevelsReadTheWindowLessItsMeanAndScaleTheBiasBySpread) {
  torch::manual_seed(6);
  for (auto level : {SkipLevel::Mean, SkipLevel::MeanSpread}) {
    auto o = forecaster(ModelType::Aaren, true);
    o.skip_level = level;
    auto model = makeModel(o);
    model->eval();
    torch::NoGradGuard no_grad;
    model->forecast_head->proj->weight.zero_();
    model->forecast_head->proj->bias.zero_();
    model->cycle->coef.copy_(torch::randn({8, 3}));
    model->skip->bias.copy_(torch::randn({5}));
    const std::int64_t T = 9;
    auto x = torch::randn({1, T, 3}) * 3 + 7;
    auto cal = calendarOf(kStart + 2 * 3600, 3600, T).unsqueeze(0);
    auto y = model->forecastLast(x, cal);  // [1, 5, 3]
    auto xin = x[0] - model->cycle->at(cal[0]);
    auto ahead = model->cycle->ahead(cal[0][T - 1], 5);
    for (std::int64_t c = 0; c < 3; ++c) {
      auto w = xin.select(1, c).narrow(0, T - 6, 6);  // [6]
      const double mu = w.mean().item<double>();
      double var = 0;
      for (std::int64_t j = 0; j < 6; ++j) var += std::pow(w[j].item<double>() - mu, 2);
      const double sigma = level == SkipLevel::Mean ? 1.0 : std::sqrt(var / 6 + 1e-5);
      for (std::int64_t k = 0; k < 5; ++k) {
        double expected = sigma * model->skip->bias[k].item<double>() + xin[T - 1][c].item<double>() + ahead[k][c].item<double>();
        for (std::int64_t j = 0; j < 6; ++j) expected += model->skip->weight[k][j].item<double>() * (w[j].item<double>() - mu);
        EXPECT_NEAR(y[0][k][c].item<double>(), expected, 1e-4) << toString(level) << " c " << c << " k " << k;
      }
    }
  }
  auto o = forecaster(ModelType::Aaren, true);
  o.skip_level = SkipLevel::MeanSpread;
  o.predict_delta = false;
  o.relative_window = o.scale_window = false;
  EXPECT_EQ(errorOf(o), "ModelOptions.skip_level mean_spread needs linear_skip and predict_delta (the level comes back through x[t])");
  EXPECT_EQ(skipLevelFromString("mean"), SkipLevel::Mean);
  EXPECT_THROW(skipLevelFromString("median"), std::invalid_argument);
}

TEST(LinearParts, ForecasterStepsLikeItsParallelForm) {
  torch::manual_seed(8);
  for (auto type : {ModelType::Aaren, ModelType::Transformer})
    for (bool ci : {false, true}) {
      auto options = forecaster(type, ci);
      options.skip_level = ci ? SkipLevel::MeanSpread : SkipLevel::Mean;
      auto model = makeModel(options);
      model->eval();
      torch::NoGradGuard no_grad;
      model->cycle->coef.copy_(torch::randn({8, 3}) * 0.5);
      const std::int64_t T = 30;
      auto x = torch::randn({2, T, 3}).cumsum(1);
      auto cal = torch::stack({calendarOf(kStart, 3600, T), calendarOf(kStart + 17 * 3600, 3600, T)});
      auto y = model->forward(x, {}, cal);
      auto state = model->initialState(2);
      for (std::int64_t t = 0; t < T; ++t)
        ASSERT_LE(maxAbsDiff(model->step(x.select(1, t), state, cal.select(1, t)), y.select(1, t)), 1e-4)
            << toString(type) << " ci=" << ci << " t=" << t;
      // The cycle needs the time: a step without the calendar is refused.
      auto fresh = model->initialState(1);
      try {
        model->step(x[0][0].unsqueeze(0), fresh);
        FAIL();
      } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "DailyCycle: the model's daily cycle needs the calendar features of the timestamps");
      }
    }
}

}  // namespace
