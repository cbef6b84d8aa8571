#include "core/models/Model.h"
#include "core/train/Baselines.h"
#include "core/train/Trainer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

using namespace aaren;
using namespace aaren::train;

namespace {

ForecastData sineData(std::int64_t rows = 1200) {
  ForecastData d;
  d.rows = rows;
  d.channels = 2;
  d.lookback = 32;
  d.horizon = 8;
  for (std::int64_t r = 0; r < rows; ++r) {
    d.values.push_back(static_cast<float>(std::sin(2 * std::numbers::pi * static_cast<double>(r) / 24.0)));
    d.values.push_back(static_cast<float>(std::cos(2 * std::numbers::pi * static_cast<double>(r) / 17.0)));
  }
  d.train = {0, 800};
  d.val = {800 - 32, 1000};
  d.test = {1000 - 32, static_cast<std::size_t>(rows)};
  return d;
}

ModelOptions tinyForecaster(ModelType type = ModelType::Aaren) {
  ModelOptions o;
  o.type = type;
  o.channels = 2;
  o.horizon = 8;
  o.d_model = 16;
  o.heads = 2;
  o.layers = 1;
  o.d_ff = 32;
  o.dropout = 0.0;
  return o;
}

TrainOptions quick() {
  TrainOptions t;
  t.epochs = 3;
  t.batch_size = 32;
  t.learning_rate = 3e-3;
  t.seed = 7;
  t.threads = 1;
  return t;
}

TEST(Trainer, ForecasterLearnsASineAndBeatsNaive) {
  auto d = sineData();
  std::vector<TrainingProgress> epochs;
  std::int64_t batches_seen = 0;
  auto result = trainForecaster(tinyForecaster(), quick(), d, [&](const TrainingProgress& p) {
    if (p.epoch_end) epochs.push_back(p);
    else ++batches_seen;
    return true;
  });
  EXPECT_EQ(result.status, TrainStatus::Completed);
  ASSERT_EQ(result.history.size(), 3u);
  ASSERT_EQ(epochs.size(), 3u);
  EXPECT_EQ(batches_seen, 3 * ((d.windows(d.train) + 31) / 32));
  EXPECT_LT(result.history.back().val_loss, result.history.front().val_loss);
  auto ev = evaluateForecaster(*result.model, d, d.test);
  auto naive = runBaselines(d)[0];
  EXPECT_LT(ev.metrics.mse, 0.5 * naive.metrics.mse);
  EXPECT_EQ(ev.mse_by_step.size(), 8u);
  EXPECT_EQ(epochs.back().eta_seconds, 0.0);
  EXPECT_GT(epochs.back().samples_per_second, 0.0);
  EXPECT_EQ(forecastAt(*result.model, d, 100).size(), 16u);
}

TEST(Trainer, SeededRunsAreReproducible) {
  auto d = sineData(600);
  d.train = {0, 400};
  d.val = {400 - 32, 500};
  d.test = {500 - 32, 600};
  auto options = quick();
  options.epochs = 2;
  auto a = trainForecaster(tinyForecaster(), options, d);
  auto b = trainForecaster(tinyForecaster(), options, d);
  ASSERT_EQ(a.history.size(), b.history.size());
  for (std::size_t i = 0; i < a.history.size(); ++i) {
    EXPECT_EQ(a.history[i].train_loss, b.history[i].train_loss);
    EXPECT_EQ(a.history[i].val_loss, b.history[i].val_loss);
  }
  options.seed = 8;
  auto c = trainForecaster(tinyForecaster(), options, d);
  EXPECT_NE(a.history[0].train_loss, c.history[0].train_loss);
}

TEST(Trainer, CancelStopsWithinOneBatchAndKeepsTheBestEpoch) {
  auto d = sineData();
  std::atomic<bool> cancel{false};
  std::int64_t batches_after_cancel = 0;
  auto result = trainForecaster(tinyForecaster(), quick(), d, [&](const TrainingProgress& p) {
    if (cancel) ++batches_after_cancel;
    if (p.epoch == 2 && p.batch == 3) cancel = true;
    return true;
  }, &cancel);
  EXPECT_EQ(result.status, TrainStatus::Cancelled);
  EXPECT_EQ(batches_after_cancel, 0);
  EXPECT_EQ(result.best_epoch, 1);
  EXPECT_EQ(result.message, "cancelled during epoch 2; kept the best weights (epoch 1)");
  // The returned model holds epoch 1's weights: its validation loss is epoch 1's.
  EXPECT_NEAR(evaluateForecaster(*result.model, d, d.val).metrics.mse, result.history[0].val_loss, 1e-6);
}

TEST(Trainer, ProgressReturningFalseCancels) {
  auto d = sineData();
  auto result = trainForecaster(tinyForecaster(), quick(), d, [](const TrainingProgress& p) { return p.batch < 2; });
  EXPECT_EQ(result.status, TrainStatus::Cancelled);
  EXPECT_EQ(result.message, "cancelled during epoch 1; no epoch had finished");
  EXPECT_TRUE(result.history.empty());
}

TEST(Trainer, NonFiniteLossFailsWithAMessage) {
  auto d = sineData();
  for (auto& v : d.values) v *= 1e30f;  // squares overflow float
  auto result = trainForecaster(tinyForecaster(), quick(), d);
  EXPECT_EQ(result.status, TrainStatus::Failed);
  EXPECT_EQ(result.message, "training stopped: the loss became NaN at epoch 1, batch 1 (try a lower learning rate)");
}

TEST(Trainer, EarlyStoppingAndCheckpointResume) {
  auto d = sineData();
  auto options = quick();
  options.epochs = 4;
  options.checkpoint_path = ::testing::TempDir() + "/aaren-trainer-checkpoint.pt";
  std::remove(options.checkpoint_path.c_str());
  // Run 2 of 4 epochs, "crash", resume: the history continues at epoch 3 and the final
  // weights equal an uninterrupted 4-epoch run's.
  std::atomic<bool> cancel{false};
  auto first = trainForecaster(tinyForecaster(), options, d, [&](const TrainingProgress& p) {
    if (p.epoch_end && p.epoch == 2) cancel = true;
    return true;
  }, &cancel);
  EXPECT_EQ(first.status, TrainStatus::Cancelled);
  ASSERT_EQ(first.history.size(), 2u);
  options.resume = true;
  auto resumed = trainForecaster(tinyForecaster(), options, d);
  ASSERT_EQ(resumed.history.size(), 2u);
  EXPECT_EQ(resumed.history.front().epoch, 3);
  options.resume = false;
  options.checkpoint_path.clear();
  auto straight = trainForecaster(tinyForecaster(), options, d);
  EXPECT_NEAR(resumed.history.back().val_loss, straight.history.back().val_loss, 1e-6);
}

TEST(Trainer, RejectsMismatchedData) {
  auto d = sineData();
  auto mo = tinyForecaster();
  mo.channels = 3;
  try {
    trainForecaster(mo, quick(), d);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "model has 3 channels but the data has 2");
  }
  d.train = {0, 30};
  try {
    trainForecaster(tinyForecaster(), quick(), d);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "forecast data: the training part has 30 rows, fewer than lookback + horizon = 40");
  }
}

TEST(Trainer, ClassifierSeparatesTwoShapesOfVariableLength) {
  ClassifyData d;
  d.channels = 1;
  d.class_names = {"rising", "falling"};
  for (int i = 0; i < 80; ++i) {
    LabeledCase c;
    c.length = 10 + (i % 7);
    c.label = i % 2;
    for (std::int64_t t = 0; t < c.length; ++t)
      c.values.push_back(static_cast<float>((c.label == 0 ? 1 : -1) * (static_cast<double>(t) / 8.0 - 0.6) + 0.05 * std::sin(i + t)));
    (i < 60 ? d.train : d.test).push_back(c);
  }
  ModelOptions mo;
  mo.task = Task::Classify;
  mo.classes = 2;
  mo.channels = 1;
  mo.d_model = 16;
  mo.heads = 2;
  mo.layers = 1;
  mo.d_ff = 32;
  mo.dropout = 0.0;
  auto options = quick();
  options.epochs = 15;
  options.batch_size = 16;
  options.patience = 0;
  auto result = trainClassifier(mo, options, d);
  EXPECT_EQ(result.status, TrainStatus::Completed);
  auto ev = evaluateClassifier(*result.model, d.test, 2);
  EXPECT_EQ(ev.metrics.accuracy, 1.0);
  ASSERT_EQ(ev.probabilities.size(), 20u);
  EXPECT_NEAR(ev.probabilities[0][0] + ev.probabilities[0][1], 1.0f, 1e-5);
}

// A forecaster whose head outputs 0 with the delta head forecasts x[t] for every step: its
// streaming score is the naive forecast's on the same targets, computable by hand.
TEST(Trainer, StreamingEvaluationScoresEveryTestRowExactly) {
  ForecastData d;
  d.rows = 10;
  d.channels = 1;
  d.lookback = 2;
  d.horizon = 2;
  for (std::int64_t r = 0; r < d.rows; ++r) d.values.push_back(static_cast<float>(r * r));  // 0 1 4 9 … 81
  d.train = {0, 4};
  d.val = {2, 6};
  d.test = {4, 10};
  auto mo = tinyForecaster();
  mo.channels = 1;
  mo.horizon = 2;
  mo.predict_delta = true;
  mo.channel_independent = true;
  for (auto type : {ModelType::Aaren, ModelType::Transformer}) {
    mo.type = type;
    auto model = makeModel(mo);
    {
      torch::NoGradGuard no_grad;
      model->forecast_head->proj->weight.zero_();
      model->forecast_head->proj->bias.zero_();
    }
    for (auto mode : {StreamEvalMode::Auto, StreamEvalMode::Parallel, StreamEvalMode::Step}) {
      // Forecasts after rows 5, 6, 7 (the windows [4,6), [5,7), [6,8) of the test range):
      // 25 vs 36, 49; 36 vs 49, 64; 49 vs 64, 81.
      auto ev = evaluateForecasterStreaming(*model, d, 2, d.test, mode);
      EXPECT_EQ(ev.forecasts, 3);
      EXPECT_EQ(ev.first_position, 3);
      EXPECT_EQ(ev.last_position, 5);
      EXPECT_EQ(ev.metrics.count, 6u);
      EXPECT_NEAR(ev.metrics.mse, (121.0 + 576 + 169 + 784 + 225 + 1024) / 6, 1e-9);
      EXPECT_NEAR(ev.metrics.mae, (11.0 + 24 + 13 + 28 + 15 + 32) / 6, 1e-9);
      ASSERT_EQ(ev.mse_by_step.size(), 2u);
      EXPECT_NEAR(ev.mse_by_step[0], (121.0 + 169 + 225) / 3, 1e-9);
      EXPECT_NEAR(ev.mse_by_step[1], (576.0 + 784 + 1024) / 3, 1e-9);
      // The windowed evaluation of the same model scores the same targets.
      auto windowed = evaluateForecaster(*model, d, d.test);
      EXPECT_NEAR(windowed.metrics.mse, ev.metrics.mse, 1e-9);
    }
  }
}

// A trained model: the streamed forecast at every row equals stepping a fresh stream from
// `from`, and the score is that of those forecasts.
TEST(Trainer, StreamingEvaluationEqualsSteppingAFreshStream) {
  auto d = sineData(400);
  d.train = {0, 250};
  d.val = {250 - 32, 320};
  d.test = {320 - 32, 400};
  for (auto type : {ModelType::Aaren, ModelType::Transformer}) {
    auto mo = tinyForecaster(type);
    mo.input_window = 4;
    mo.relative_window = true;
    mo.predict_delta = true;
    mo.channel_independent = true;
    auto options = quick();
    options.epochs = 1;
    auto trained = trainForecaster(mo, options, d);
    auto& model = *trained.model;
    const std::int64_t from = static_cast<std::int64_t>(d.val.begin);
    // Reference: ModelImpl::step from row `from`, scored by hand.
    torch::NoGradGuard no_grad;
    auto state = model.initialState(1);
    double se = 0, ae = 0;
    std::size_t n = 0;
    const auto first = static_cast<std::int64_t>(d.test.begin) + d.lookback - 1;
    const auto last = static_cast<std::int64_t>(d.test.end) - d.horizon - 1;
    for (auto r = from; r <= last; ++r) {
      auto x = torch::from_blob(const_cast<float*>(d.row(r)), {1, d.channels}).clone();
      auto y = model.step(x, state).contiguous();  // [1, H, C]
      if (r < first) continue;
      for (std::int64_t k = 0; k < d.horizon; ++k)
        for (std::int64_t c = 0; c < d.channels; ++c) {
          const double e = static_cast<double>(y[0][k][c].item<float>()) - d.row(r + 1 + k)[c];
          se += e * e;
          ae += std::fabs(e);
          ++n;
        }
    }
    auto stepped = evaluateForecasterStreaming(model, d, from, d.test, StreamEvalMode::Step);
    auto parallel = evaluateForecasterStreaming(model, d, from, d.test, StreamEvalMode::Parallel);
    ASSERT_EQ(stepped.metrics.count, n);
    EXPECT_EQ(stepped.forecasts, last - first + 1);
    EXPECT_EQ(stepped.first_position, first - from);
    EXPECT_NEAR(stepped.metrics.mse, se / static_cast<double>(n), 1e-9);
    EXPECT_NEAR(stepped.metrics.mae, ae / static_cast<double>(n), 1e-9);
    EXPECT_NEAR(parallel.metrics.mse, stepped.metrics.mse, 1e-5 * stepped.metrics.mse);
    EXPECT_NEAR(parallel.metrics.mae, stepped.metrics.mae, 1e-5 * stepped.metrics.mae);
  }
}

TEST(Trainer, StreamingEvaluationRejectsAStartAfterTheFirstForecast) {
  auto d = sineData(400);
  d.train = {0, 250};
  d.val = {250 - 32, 320};
  d.test = {320 - 32, 400};
  auto model = makeModel(tinyForecaster());
  try {
    evaluateForecasterStreaming(*model, d, 320, d.test);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "evaluateForecasterStreaming: the stream must start at a row in [0, 319], got 320");
  }
}

// Longer training sequences and random position offsets: a seeded run is reproducible and
// learns the sines; a training length beyond the training part is refused. (With random
// offsets an Aaren's fixed query cannot tell recent steps from old ones, so the recent
// trajectory comes through the input window.)
TEST(Trainer, LongTrainingSequencesWithPositionOffsets) {
  auto d = sineData();
  auto options = quick();
  options.train_length = 96;
  options.batch_size = 16;
  options.max_position_offset = 100000;
  auto mo = tinyForecaster();
  mo.input_window = 8;
  mo.relative_window = true;
  mo.predict_delta = true;
  auto a = trainForecaster(mo, options, d);
  auto b = trainForecaster(mo, options, d);
  ASSERT_EQ(a.history.size(), 3u);
  EXPECT_EQ(a.history.back().val_loss, b.history.back().val_loss);
  auto naive = runBaselines(d, d.test)[0];
  EXPECT_LT(evaluateForecaster(*a.model, d, d.test).metrics.mse, 0.5 * naive.metrics.mse);
  options.train_length = 800;
  try {
    trainForecaster(mo, options, d);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "forecast data: the training part has 800 rows, fewer than the training length + horizon = 808");
  }
}

// The full-context loss over lookback-long sequences is the last-position loss.
TEST(Trainer, FullContextLossOverALookbackIsTheLastPositionLoss) {
  auto d = sineData(600);
  d.train = {0, 400};
  d.val = {400 - 32, 500};
  d.test = {500 - 32, 600};
  auto options = quick();
  options.epochs = 2;
  options.full_context_loss = true;
  auto full = trainForecaster(tinyForecaster(), options, d);
  options.full_context_loss = false;
  options.all_positions = false;
  auto last = trainForecaster(tinyForecaster(), options, d);
  ASSERT_EQ(full.history.size(), 2u);
  EXPECT_EQ(full.history.back().train_loss, last.history.back().train_loss);
  EXPECT_EQ(full.history.back().val_loss, last.history.back().val_loss);
  options.all_positions = true;
  auto every = trainForecaster(tinyForecaster(), options, d);
  EXPECT_NE(every.history.back().train_loss, last.history.back().train_loss);
}

}  // namespace
