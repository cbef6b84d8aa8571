// The fused inference path (FusedAarenStep) against ModelImpl::step, step by step.
#include "core/models/Aaren.h"
#include "core/models/CalendarFeatures.h"
#include "core/models/FusedAarenStep.h"
#include "core/models/Model.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace aaren {
namespace {

constexpr double kTolerance = 1e-4;

struct Run {
  double worst = 0.0;        // max abs difference over every step and output
  std::int64_t worst_step = -1;
  double largest = 0.0;      // max |output|: the comparison is not between near-zeros
};

// Steps `model` and its fused copy side by side for `steps` random inputs (with
// calendar features of an hourly series when the model uses them) and checks every
// step's output.
Run sideBySide(Model& model, std::int64_t steps, std::uint64_t seed) {
  model->eval();
  torch::NoGradGuard no_grad;
  const auto& o = model->options;
  FusedAarenStep fused(*model);
  EXPECT_EQ(fused.outputSize(), o.task == Task::Forecast ? o.horizon * o.channels : o.classes);

  auto gen_state = model->initialState(1);
  auto fused_state = fused.initialState();
  EXPECT_EQ(fused_state.bytes(), gen_state.bytes());

  torch::manual_seed(seed);
  // A random walk plus noise, so the inputs drift like a real series.
  auto xs = (torch::randn({steps, o.channels}) * 0.3).cumsum(0) + torch::randn({steps, o.channels});
  std::vector<float> out(static_cast<std::size_t>(fused.outputSize()));
  const std::int64_t t0 = 1'700'000'000;  // 2023-11-14, hourly
  Run run;
  for (std::int64_t t = 0; t < steps; ++t) {
    auto x_t = xs[t].unsqueeze(0).contiguous();  // [1, channels]
    torch::Tensor cal_t;
    std::array<float, kCalendarFeatures> cal{};
    if (needsCalendar(o)) {
      cal = calendarFeatures(t0 + 3600 * t);
      cal_t = torch::from_blob(cal.data(), {1, kCalendarFeatures}, torch::kFloat).clone();
    }
    auto expected = model->step(x_t, gen_state, cal_t).contiguous().view({-1});
    fused.step(x_t.data_ptr<float>(), needsCalendar(o) ? cal.data() : nullptr, fused_state, out.data());

    EXPECT_EQ(expected.numel(), fused.outputSize());
    const float* e = expected.data_ptr<float>();
    double diff = 0.0;
    for (std::size_t i = 0; i < out.size(); ++i) {
      diff = std::max(diff, std::abs(static_cast<double>(out[i]) - static_cast<double>(e[i])));
      run.largest = std::max(run.largest, std::abs(static_cast<double>(e[i])));
    }
    EXPECT_LE(diff, kTolerance) << "step " << t;
    if (diff > run.worst) {
      run.worst = diff;
      run.worst_step = t;
    }
    EXPECT_EQ(fused_state.steps, gen_state.steps());
  }
  EXPECT_EQ(fused_state.bytes(), gen_state.bytes()) << "after " << steps << " steps";
  EXPECT_GT(run.largest, 0.05) << "outputs too small for the comparison to mean much";
  if (const char* v = std::getenv("AAREN_FUSED_VERBOSE"); v != nullptr && *v == '1')
    std::printf("max |diff| %.3g at step %lld, max |output| %.3g\n", run.worst,
                static_cast<long long>(run.worst_step), run.largest);
  return run;
}

ModelOptions forecastOptions() {
  ModelOptions o;  // defaults: d_model 64, 4 heads, 2 layers, d_ff 128
  o.type = ModelType::Aaren;
  o.task = Task::Forecast;
  o.channels = 3;
  o.horizon = 7;
  return o;
}

TEST(FusedStep, ForecastMatchesModelStep) {
  torch::manual_seed(1);
  auto model = makeModel(forecastOptions());
  auto run = sideBySide(model, 300, 11);
  RecordProperty("max_abs_diff", std::to_string(run.worst));
}

TEST(FusedStep, DefaultSingleChannelForecastMatchesModelStep) {
  torch::manual_seed(2);
  ModelOptions o;
  o.type = ModelType::Aaren;
  auto model = makeModel(o);
  sideBySide(model, 300, 12);
}

TEST(FusedStep, MeanPooledClassifierMatchesModelStep) {
  torch::manual_seed(3);
  ModelOptions o;
  o.type = ModelType::Aaren;
  o.task = Task::Classify;
  o.channels = 2;
  o.classes = 5;
  o.pooling = Pooling::Mean;
  auto model = makeModel(o);
  sideBySide(model, 300, 13);
}

TEST(FusedStep, LastPooledClassifierMatchesModelStep) {
  torch::manual_seed(4);
  ModelOptions o;
  o.type = ModelType::Aaren;
  o.task = Task::Classify;
  o.channels = 1;
  o.classes = 3;
  o.pooling = Pooling::Last;
  auto model = makeModel(o);
  sideBySide(model, 300, 14);
}

TEST(FusedStep, CalendarForecastMatchesModelStep) {
  torch::manual_seed(5);
  auto o = forecastOptions();
  o.calendar = true;
  auto model = makeModel(o);
  sideBySide(model, 300, 15);
}

TEST(FusedStep, OtherWidthsMatchModelStep) {
  torch::manual_seed(6);
  ModelOptions o;
  o.type = ModelType::Aaren;
  o.channels = 2;
  o.d_model = 48;
  o.heads = 3;
  o.layers = 3;
  o.d_ff = 80;
  o.horizon = 4;
  auto model = makeModel(o);
  sideBySide(model, 300, 16);
}

TEST(FusedStep, ChannelIndependentForecastMatchesModelStep) {
  torch::manual_seed(9);
  auto o = forecastOptions();
  o.channel_independent = true;
  auto model = makeModel(o);
  sideBySide(model, 300, 19);
}

TEST(FusedStep, DeltaForecastMatchesModelStep) {
  torch::manual_seed(10);
  auto o = forecastOptions();
  o.predict_delta = true;
  auto model = makeModel(o);
  sideBySide(model, 300, 20);
}

TEST(FusedStep, ChannelIndependentDeltaCalendarForecastMatchesModelStep) {
  torch::manual_seed(11);
  auto o = forecastOptions();
  o.channel_independent = true;
  o.predict_delta = true;
  o.calendar = true;
  auto model = makeModel(o);
  sideBySide(model, 300, 21);
}

TEST(FusedStep, InputWindowForecastsMatchModelStep) {
  for (bool ci : {false, true}) {
    torch::manual_seed(12);
    auto o = forecastOptions();
    o.channel_independent = ci;
    o.predict_delta = true;
    o.input_window = 24;
    o.relative_window = ci;
    auto model = makeModel(o);
    sideBySide(model, 300, 22);  // also checks the history bytes after the first step
    o.positional = false;
    auto unpositioned = makeModel(o);
    sideBySide(unpositioned, 300, 24);
    if (ci) {
      o.scale_window = true;
      auto scaled = makeModel(o);
      sideBySide(scaled, 300, 25);
      o.final_norm = false;
      auto unnormed = makeModel(o);
      sideBySide(unnormed, 300, 26);
    }
  }
  {
    // One stream of every channel, scaled per channel.
    torch::manual_seed(14);
    auto o = forecastOptions();
    o.predict_delta = true;
    o.input_window = 12;
    o.relative_window = true;
    o.scale_window = true;
    o.final_norm = false;
    auto model = makeModel(o);
    sideBySide(model, 200, 27);
  }
  torch::manual_seed(13);
  ModelOptions c;
  c.task = Task::Classify;
  c.classes = 3;
  c.channels = 2;
  c.pooling = Pooling::Mean;
  c.input_window = 5;
  auto classifier = makeModel(c);
  sideBySide(classifier, 200, 23);
}

// The daily cycle and the linear skip, with trained-looking (non-zero) cycle coefficients.
TEST(FusedStep, DailyCycleAndLinearSkipForecastsMatchModelStep) {
  for (bool ci : {false, true}) {
    torch::manual_seed(15);
    auto o = forecastOptions();
    o.channel_independent = ci;
    o.predict_delta = true;
    o.input_window = 24;
    o.relative_window = true;
    o.scale_window = true;
    o.positional = false;
    o.final_norm = false;
    o.daily_cycle = 6;
    o.step_seconds = 3600;
    o.linear_skip = true;
    o.horizon = 30;
    auto model = makeModel(o);
    {
      torch::NoGradGuard no_grad;
      model->cycle->coef.copy_(torch::randn({12, o.channels}));
    }
    sideBySide(model, 200, 28);
    o.linear_skip = false;  // the cycle alone
    auto cycle_only = makeModel(o);
    sideBySide(cycle_only, 100, 29);
    o.linear_skip = true;  // the skip alone
    o.daily_cycle = 0;
    auto skip_only = makeModel(o);
    sideBySide(skip_only, 100, 30);
    // The skip on the window less its mean, and with the bias scaled by its spread.
    o.daily_cycle = 6;
    for (auto level : {SkipLevel::Mean, SkipLevel::MeanSpread}) {
      o.skip_level = level;
      auto leveled = makeModel(o);
      {
        torch::NoGradGuard no_grad;
        leveled->cycle->coef.copy_(torch::randn({12, o.channels}));
        leveled->skip->bias.copy_(torch::randn({o.horizon}));
      }
      sideBySide(leveled, 100, 31);
    }
  }
}

// Large, steadily rising scores: the running maximum m keeps moving, which is where a
// wrong rescaling of (c, a) would show.
TEST(FusedStep, LargeScoresMatchModelStep) {
  torch::manual_seed(7);
  auto model = makeModel(forecastOptions());
  {
    torch::NoGradGuard no_grad;
    auto encoder = std::dynamic_pointer_cast<AarenEncoderImpl>(model->encoder);
    ASSERT_TRUE(encoder);
    for (auto& block : encoder->blocks) block->attention->query_token.mul_(25.0);
  }
  sideBySide(model, 300, 17);
}

TEST(FusedStep, StateBytesEqualModelStateForBatchOne) {
  for (auto task : {Task::Forecast, Task::Classify}) {
    for (auto pooling : {Pooling::Last, Pooling::Mean}) {
      ModelOptions o;
      o.type = ModelType::Aaren;
      o.task = task;
      o.pooling = pooling;
      auto model = makeModel(o);
      model->eval();
      FusedAarenStep fused(*model);
      const auto expected = model->initialState(1).bytes();
      EXPECT_EQ(fused.initialState().bytes(), expected)
          << toString(task) << " / " << toString(pooling);
    }
  }
  // (m, c, a) per layer and head in float32: 2 layers * 4 heads * (1 + 1 + 16) * 4 bytes.
  ModelOptions o;
  o.type = ModelType::Aaren;
  auto model = makeModel(o);
  FusedAarenStep fused(*model);
  EXPECT_EQ(fused.initialState().bytes(), 2 * 4 * (1 + 1 + 16) * 4);
  // Channel-independent: one such state per channel.
  o.channels = 3;
  o.channel_independent = true;
  auto ci = makeModel(o);
  FusedAarenStep fused_ci(*ci);
  EXPECT_EQ(fused_ci.initialState().bytes(), ci->initialState(1).bytes());
  EXPECT_EQ(fused_ci.initialState().bytes(), 3 * 2 * 4 * (1 + 1 + 16) * 4);
}

TEST(FusedStep, TransformerModelIsRejected) {
  ModelOptions o;
  o.type = ModelType::Transformer;
  auto model = makeModel(o);
  try {
    FusedAarenStep fused(*model);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "FusedAarenStep: only Aaren models can be fused");
  }
}

TEST(FusedStep, MissingCalendarIsRejected) {
  auto o = forecastOptions();
  o.calendar = true;
  auto model = makeModel(o);
  model->eval();
  FusedAarenStep fused(*model);
  auto state = fused.initialState();
  std::vector<float> x(static_cast<std::size_t>(o.channels), 0.5f);
  std::vector<float> out(static_cast<std::size_t>(fused.outputSize()));
  try {
    fused.step(x.data(), nullptr, state, out.data());
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "FusedAarenStep::step: this model needs calendar features");
  }
}

TEST(FusedStep, MovedStepperKeepsWorking) {
  torch::manual_seed(8);
  auto model = makeModel(forecastOptions());
  model->eval();
  FusedAarenStep a(*model);
  FusedAarenStep b(std::move(a));
  auto state = b.initialState();
  std::vector<float> x(3, 0.25f), out(static_cast<std::size_t>(b.outputSize()));
  b.step(x.data(), nullptr, state, out.data());
  for (float v : out) EXPECT_TRUE(std::isfinite(v));
  EXPECT_EQ(state.steps, 1);
}

}  // namespace
}  // namespace aaren
