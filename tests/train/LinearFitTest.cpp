// The closed-form start of a forecaster's linear parts (LinearFit.h): on series that a
// daily cycle and a linear map describe exactly, the untrained model forecasts them
// exactly, and the trainer starts from that fit.
#include "core/models/CalendarFeatures.h"
#include "core/models/Model.h"
#include "core/train/LinearFit.h"
#include "core/train/Trainer.h"
#include "SyntheticForecastData.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

using namespace aaren;
using namespace aaren::train;
using namespace aaren::testing;

namespace {

double testMse(ModelImpl& model, const ForecastData& d) { return evaluateForecaster(model, d, d.test).metrics.mse; }

// Levels plus daily cycles of two and three harmonics: the fit recovers the harmonics, the
// skip learns that the level stays, and the forecast is exact.
TEST(LinearFit, RecoversADailyCycleAndForecastsItExactly) {
  auto d = series(24 * 60, 2, 3600, [](std::int64_t c, std::int64_t, double p) {
    return c == 0 ? 1.5 + 0.8 * std::cos(p) + 0.3 * std::sin(2 * p) : -0.5 - 0.6 * std::sin(p) + 0.2 * std::cos(3 * p);
  });
  torch::manual_seed(1);
  auto model = makeModel(forecaster(2, 3600, 4, true));
  aaren::train::detail::fitLinearParts(*model, d);
  auto coef = model->cycle->coef;  // [8, 2]: cos 1..4, then sin 1..4
  auto expected = torch::zeros({8, 2});
  expected[0][0] = 0.8;
  expected[5][0] = 0.3;
  expected[4][1] = -0.6;
  expected[2][1] = 0.2;
  EXPECT_LE((coef - expected).abs().max().item<double>(), 1e-4) << coef;
  EXPECT_EQ(model->forecast_head->proj->weight.abs().sum().item<double>(), 0.0);
  EXPECT_EQ(model->forecast_head->proj->bias.abs().sum().item<double>(), 0.0);
  EXPECT_LT(testMse(*model, d), 1e-6);
}

// Sinusoids of periods that are not a day obey x[t+k] = a_k x[t] + b_k x[t-1] exactly: the
// skip alone (no cycle) forecasts them to within the ridge's shrinkage.
TEST(LinearFit, TheSkipFitsAnExactLinearRecurrence) {
  auto d = series(2000, 2, 3600, [](std::int64_t c, std::int64_t r, double) {
    return c == 0 ? std::sin(kTwoPi * static_cast<double>(r) / 37.0) : 2.0 * std::cos(kTwoPi * static_cast<double>(r) / 11.0 + 0.3);
  });
  d.calendar.clear();
  torch::manual_seed(2);
  auto model = makeModel(forecaster(2, 3600, 0, true));
  const double untrained = testMse(*model, d);
  aaren::train::detail::fitLinearParts(*model, d);
  const double fitted = testMse(*model, d);
  EXPECT_GT(untrained, 0.1);
  EXPECT_LT(fitted, 1e-3) << "untrained " << untrained;
}

// A model without the parts is left alone; a daily cycle without timestamps is refused.
TEST(LinearFit, NoPartsNoChangeAndNoTimestampsNoCycle) {
  auto d = series(24 * 30, 1, 3600, [](std::int64_t, std::int64_t r, double) { return std::sin(0.1 * static_cast<double>(r)); });
  torch::manual_seed(3);
  auto plain = makeModel(forecaster(1, 3600, 0, false));
  auto before = plain->forecast_head->proj->weight.clone();
  aaren::train::detail::fitLinearParts(*plain, d);
  EXPECT_TRUE(torch::equal(before, plain->forecast_head->proj->weight));
  d.calendar.clear();
  try {
    trainForecaster(forecaster(1, 3600, 2, true), TrainOptions{}, d);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the model's daily cycle needs timestamps, and the data has none");
  }
}

// Training starts from the fit: on the exact cycle series the first epoch's validation
// loss is already near zero (a network from random weights is far off).
TEST(LinearFit, TrainingStartsFromTheFit) {
  auto d = series(24 * 60, 2, 3600, [](std::int64_t c, std::int64_t, double p) {
    return c == 0 ? 1.0 + std::cos(p) : 0.5 * std::sin(2 * p);
  });
  TrainOptions t;
  t.epochs = 1;
  t.batch_size = 64;
  t.learning_rate = 1e-4;
  t.threads = 1;
  auto with = trainForecaster(forecaster(2, 3600, 3, true), t, d);
  auto without = trainForecaster(forecaster(2, 3600, 0, false), t, d);
  ASSERT_EQ(with.history.size(), 1u);
  EXPECT_LT(with.history[0].val_loss, 1e-3);
  EXPECT_GT(without.history[0].val_loss, 10 * with.history[0].val_loss);
}

}  // namespace
