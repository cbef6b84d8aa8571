// The default forecaster's least-squares part chosen on validation (LinearCandidates.h), the
// guard on its network (NetworkGuard.h), and whether a lookback and horizon fit a series
// (WindowFit.h).
#include "core/models/Model.h"
#include "core/train/LinearFit.h"
#include "core/train/LookbackChoice.h"
#include "core/train/NetworkGuard.h"
#include "core/train/Trainer.h"
#include "core/train/WindowFit.h"
#include "SyntheticForecastData.h"

#include <gtest/gtest.h>

#include <random>

using namespace aaren;
using namespace aaren::train;
using namespace aaren::testing;

namespace {

// d = {1, 2, 3, 4}: mean 2.5, γ0 = 1.25, γ1 = 0.3125; bandwidth 1 weighs γ1 by 1 − 1/2:
// v = 1.25 + 2 · 0.5 · 0.3125 = 1.5625, SE = √(1.5625 / 4) = 0.625. Bandwidth 0: √(1.25 / 4).
TEST(LinearCandidates, NeweyWestStandardErrorByHand) {
  EXPECT_DOUBLE_EQ(neweyWestStandardError({1, 2, 3, 4}, 1), 0.625);
  EXPECT_DOUBLE_EQ(neweyWestStandardError({1, 2, 3, 4}, 0), std::sqrt(1.25 / 4));
  EXPECT_DOUBLE_EQ(neweyWestStandardError({5}, 3), 0.0);
}

// Per-window MSEs of three candidates. B is 0.05 worse than A on average with an SE of
// √(0.0125 / 4) = 0.0559 (bandwidth 0): within one SE, and it has no parameters, so it is
// picked. C is 1.025 worse: outside.
TEST(LinearCandidates, OneStandardErrorRulePicksTheFewestParametersWithinOneSe) {
  std::vector<LinearCandidate> c(3);
  c[0].name = "A";
  c[0].parameters = 100;
  c[1].name = "B";
  c[1].parameters = 0;
  c[2].name = "C";
  c[2].parameters = 0;
  const std::vector<std::vector<double>> w{{1, 1, 1, 1}, {1.1, 0.9, 1.2, 1.0}, {2, 2, 2, 2.1}};
  EXPECT_EQ(oneStandardErrorPick(c, w, 0), 1u);
  EXPECT_DOUBLE_EQ(c[0].val_mse, 1.0);
  EXPECT_NEAR(c[1].val_mse, 1.05, 1e-12);
  EXPECT_NEAR(c[1].gap_se, std::sqrt(0.0125 / 4), 1e-12);
  EXPECT_TRUE(c[0].eligible);
  EXPECT_TRUE(c[1].eligible);
  EXPECT_FALSE(c[2].eligible);
  // Make B's windows worse in the same direction: now 0.1 worse with an SE of √(0.00125 / 4) = 0.0177.
  const std::vector<std::vector<double>> w2{{1, 1, 1, 1}, {1.1, 1.05, 1.15, 1.1}, {2, 2, 2, 2.1}};
  EXPECT_EQ(oneStandardErrorPick(c, w2, 0), 0u);
  EXPECT_FALSE(c[1].eligible);
}

// A random walk: nothing beats repeating the last value by more than noise, and the rule
// keeps the candidate with no parameters. The installed model forecasts exactly it.
TEST(LinearCandidates, RandomWalkChoosesNaiveAndTheModelForecastsIt) {
  std::mt19937 rng(3);
  std::normal_distribution<double> step(0.0, 1.0);
  std::vector<double> level(2, 0.0);
  std::vector<double> walk;
  for (int r = 0; r < 1500; ++r)
    for (int c = 0; c < 2; ++c) walk.push_back(level[static_cast<std::size_t>(c)] += step(rng));
  auto d = series(1500, 2, 3600, [&](std::int64_t c, std::int64_t r, double) { return walk[static_cast<std::size_t>(r * 2 + c)] / 10; });
  LinearChoiceOptions lo;
  lo.step_seconds = 3600;
  const auto choice = chooseLinearPart(d, lo);
  ASSERT_EQ(choice.candidates.size(), 7u) << "naive, linear ×3, daily cycle + linear ×3 (no period: no seasonal naive)";
  EXPECT_EQ(choice.pick().name, "naive");
  EXPECT_EQ(choice.harmonics, 0);
  for (double w : choice.weights) EXPECT_EQ(w, 0.0);
  auto o = forecaster(2, 3600, 0, true);
  auto model = makeModel(o);
  train::detail::applyLinearChoice(*model, choice);
  const auto ev = evaluateForecaster(*model, d, d.val);
  EXPECT_NEAR(ev.metrics.mse, choice.pick().val_mse, 1e-5 * choice.pick().val_mse);
}

// A strong daily cycle with AR(1) noise around a drifting level: a cycle candidate wins by
// far, and the model built from the choice scores on validation what the candidate scored.
TEST(LinearCandidates, DailyCycleSeriesChoosesACycleAndTheModelMatchesItsScore) {
  std::mt19937 rng(5);
  std::normal_distribution<double> noise(0.0, 0.3);
  double ar = 0;
  std::vector<double> e;
  for (int r = 0; r < 2000; ++r) e.push_back(ar = 0.8 * ar + noise(rng));
  auto d = series(2000, 1, 3600, [&](std::int64_t, std::int64_t r, double phase) {
    return 2.0 * std::sin(phase) + std::cos(3 * phase) + e[static_cast<std::size_t>(r)] + 0.001 * static_cast<double>(r);
  });
  LinearChoiceOptions lo;
  lo.step_seconds = 3600;
  lo.harmonics = 4;
  const auto choice = chooseLinearPart(d, lo);
  const auto& pick = choice.pick();
  EXPECT_TRUE(pick.daily_cycle) << pick.name;
  EXPECT_EQ(choice.harmonics, 4);
  EXPECT_EQ(pick.parameters, 12 * 49 + 2 * 4 * 1);
  for (const auto& c : choice.candidates)
    if (c.name == "naive") EXPECT_GT(c.val_mse, 2 * pick.val_mse);
  auto o = forecaster(1, 3600, 4, true);
  o.skip_level = pick.level;
  auto model = makeModel(o);
  train::detail::applyLinearChoice(*model, choice);
  EXPECT_NEAR(evaluateForecaster(*model, d, d.val).metrics.mse, pick.val_mse, 1e-4 * pick.val_mse);
  o.skip_level = pick.level == SkipLevel::Mean ? SkipLevel::MeanSpread : SkipLevel::Mean;
  auto mismatched = makeModel(o);
  EXPECT_THROW(train::detail::applyLinearChoice(*mismatched, choice), std::invalid_argument);
}

// Every level of a hand-configured skip is fitted in closed form: on a series the map
// describes exactly (a cycle and a straight trend, which each level's map continues), each
// forecasts the test part, past every training row, exactly; the weights do the work (the
// window less its mean is a ramp, not 0).
TEST(LinearCandidates, FitLinearPartsFitsEverySkipLevel) {
  auto d = series(1200, 2, 3600, [](std::int64_t c, std::int64_t r, double phase) {
    return (c + 1) * std::sin(phase) + 3.0 * c + 0.002 * (c + 1) * static_cast<double>(r);
  });
  for (auto level : {SkipLevel::Absolute, SkipLevel::Mean, SkipLevel::MeanSpread}) {
    auto o = forecaster(2, 3600, 2, true);
    o.skip_level = level;
    auto model = makeModel(o);
    train::detail::fitLinearParts(*model, d, 1e-6);
    EXPECT_LT(evaluateForecaster(*model, d, d.test).metrics.mse, 1e-5) << toString(level);
    // The weights do the work: without them the forecast is far off.
    {
      torch::NoGradGuard no_grad;
      model->skip->weight.zero_();
    }
    EXPECT_GT(evaluateForecaster(*model, d, d.test).metrics.mse, 1e-3) << toString(level);
  }
}

// A network worse than its linear part is switched off, and the model then forecasts the
// linear part exactly; one that corrects it is kept.
TEST(NetworkGuard, SwitchesOffAWorseNetworkAndKeepsABetterOne) {
  auto d = series(1200, 1, 3600, [](std::int64_t, std::int64_t r, double phase) {
    return std::sin(phase) + 0.2 * std::sin(0.37 * static_cast<double>(r));
  });
  auto o = forecaster(1, 3600, 2, true);
  o.relative_window = o.scale_window = false;  // the head's output reaches the forecast unscaled
  torch::manual_seed(2);
  auto model = makeModel(o);
  train::detail::fitLinearParts(*model, d, 1e-4);
  const double linear = evaluateForecaster(*model, d, d.val).metrics.mse;
  {
    torch::NoGradGuard no_grad;
    model->forecast_head->proj->weight.normal_(0.0, 0.5);
  }
  auto guard = guardNetwork(*model, d, "daily cycle + linear");
  ASSERT_TRUE(guard.checked);
  EXPECT_FALSE(guard.network_kept);
  EXPECT_GT(guard.network_val_mse, guard.linear_val_mse);
  EXPECT_DOUBLE_EQ(guard.linear_val_mse, linear);
  EXPECT_EQ(model->forecast_head->proj->weight.abs().sum().item<double>(), 0.0);
  EXPECT_DOUBLE_EQ(evaluateForecaster(*model, d, d.val).metrics.mse, linear);
  EXPECT_EQ(guard.message().rfind("The Aaren network does not beat daily cycle + linear by more than one standard error on validation (MSE ", 0), 0u)
      << guard.message();

  // Spoil the linear part by +0.5 and let the "network" take it back: the network is better.
  {
    torch::NoGradGuard no_grad;
    model->skip->bias.add_(0.5);
    model->forecast_head->proj->bias.fill_(-0.5);
  }
  guard = guardNetwork(*model, d, "daily cycle + linear");
  EXPECT_TRUE(guard.network_kept);
  EXPECT_NEAR(guard.network_val_mse, linear, 1e-4);
  EXPECT_NEAR(guard.linear_val_mse, linear + 0.25, 0.05);
  EXPECT_EQ(model->forecast_head->proj->bias[0].item<float>(), -0.5f);
  EXPECT_EQ(guard.message().rfind("The Aaren network improves on daily cycle + linear on validation", 0), 0u) << guard.message();
}

TEST(LookbackChoice, LookbackLadderDoublesUpTo512) {
  EXPECT_EQ(lookbackLadder(96), (std::vector<std::int64_t>{96, 192, 384}));
  EXPECT_EQ(lookbackLadder(36), (std::vector<std::int64_t>{36, 72, 144, 288}));
  EXPECT_EQ(lookbackLadder(600), (std::vector<std::int64_t>{600}));
}

// 309 rows split 0.7 / 0.1: 216 training, 32 validation and 61 test rows. 96 / 96 leaves no
// validation window; the proposal keeps the lookback and takes three quarters of 32 as the
// horizon: 97 training, 9 validation and 38 test windows.
TEST(WindowFit, ProposesALookbackAndHorizonThatFit) {
  ForecastPrepOptions p;
  p.lookback = 96;
  p.horizon = 96;
  EXPECT_EQ(windowMisfit(309, p, 0), "the validation part has 32 rows, fewer than the horizon 96");
  const auto fit = fittingWindow(309, p, 0);
  ASSERT_TRUE(fit);
  EXPECT_EQ(fit->lookback, 96);
  EXPECT_EQ(fit->horizon, 24);
  EXPECT_EQ(fit->windows.train, 97);
  EXPECT_EQ(fit->windows.val, 9);
  EXPECT_EQ(fit->windows.test, 38);
  // Airline's 144 rows: 100 / 16 / 28; lookback (100 − 12) / 2 = 44.
  const auto airline = fittingWindow(144, p, 0);
  ASSERT_TRUE(airline);
  EXPECT_EQ(airline->lookback, 44);
  EXPECT_EQ(airline->horizon, 12);
  // A pair that fits is kept; too few rows for anything gives none.
  p.lookback = 24;
  p.horizon = 12;
  EXPECT_EQ(windowMisfit(144, p, 0), "");
  EXPECT_EQ(fittingWindow(144, p, 0)->lookback, 24);
  EXPECT_FALSE(fittingWindow(6, p, 0));
  p.lookback = 120;
  EXPECT_EQ(windowMisfit(144, p, 0), "the training part has 100 rows, fewer than lookback + horizon = 132");
}

}  // namespace
