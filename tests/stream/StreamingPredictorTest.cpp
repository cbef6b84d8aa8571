// Streaming forecasts equal the batch (parallel) forecasts for the same prefix, and the bytes
// reported are the tensors held: Aaren constant, the Transformer linear in tokens.
#include "core/stream/StreamingPredictor.h"
#include "tests/stream/StreamTestSupport.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace aaren;
using namespace aaren::stream;

namespace {

Sample sampleAt(const data::Series& s, std::size_t row) {
  Sample x;
  x.timestamp = s.timestamps[row];
  for (std::size_t c = 0; c < s.cols(); ++c) x.values.push_back(s.at(row, c));
  return x;
}

ModelOptions forecaster(ModelType type, std::int64_t channels, bool ci) {
  ModelOptions o;
  o.type = type;
  o.task = Task::Forecast;
  o.channels = channels;
  o.d_model = 32;
  o.heads = 4;
  o.layers = 2;
  o.d_ff = 64;
  o.dropout = 0;
  o.horizon = 6;
  o.channel_independent = ci;
  o.predict_delta = ci;
  return o;
}

// Pushes every row and compares with the parallel forward at checkpoints.
double maxStreamVsBatch(const train::TrainedModel& model, const data::Series& series, PredictorOptions po = {}) {
  StreamingPredictor p(model, po);
  double worst = 0;
  for (std::size_t r = 0; r < series.rows; ++r) {
    const auto& out = p.push(sampleAt(series, r));
    const std::size_t n = r + 1;
    if (n == 1 || n == 7 || n == 64 || n == series.rows) {
      const auto batch = aaren::testing::batchOutput(model, series, n);
      const auto& got = model.task() == Task::Forecast ? std::vector<double>(out.forecast.begin(), out.forecast.end())
                                                       : std::vector<double>(out.probabilities.begin(), out.probabilities.end());
      EXPECT_EQ(got.size(), batch.size());
      for (std::size_t i = 0; i < got.size() && i < batch.size(); ++i) worst = std::max(worst, std::abs(got[i] - batch[i]));
    }
  }
  return worst;
}

}  // namespace

TEST(StreamingPredictor, AarenFusedStepEqualsTheParallelForward) {
  const auto series = aaren::testing::makeSeries(300, 3);
  for (bool ci : {false, true}) {
    const auto model = aaren::testing::makeStreamModel(forecaster(ModelType::Aaren, 3, ci));
    StreamingPredictor p(model);
    EXPECT_TRUE(p.usesFusedStep());
    EXPECT_EQ(p.kind(), "Aaren (fused step)");
    EXPECT_LE(maxStreamVsBatch(model, series), 1e-4) << "channel independent " << ci;
  }
}

TEST(StreamingPredictor, AarenLibTorchStepEqualsTheParallelForward) {
  const auto series = aaren::testing::makeSeries(200, 2);
  auto o = forecaster(ModelType::Aaren, 2, true);
  o.input_window = 4;
  o.relative_window = true;
  o.calendar = true;
  const auto model = aaren::testing::makeStreamModel(o);
  PredictorOptions po;
  po.fused = false;
  StreamingPredictor p(model, po);
  EXPECT_FALSE(p.usesFusedStep());
  EXPECT_EQ(p.kind(), "Aaren (LibTorch step)");
  EXPECT_LE(maxStreamVsBatch(model, series, po), 1e-4);
  EXPECT_LE(maxStreamVsBatch(model, series), 1e-4);  // and the fused step with calendar and window
}

TEST(StreamingPredictor, TransformerKvCacheEqualsTheParallelForward) {
  const auto series = aaren::testing::makeSeries(200, 2);
  const auto model = aaren::testing::makeStreamModel(forecaster(ModelType::Transformer, 2, false));
  EXPECT_LE(maxStreamVsBatch(model, series), 1e-4);
}

TEST(StreamingPredictor, ClassifierProbabilitiesEqualTheParallelForward) {
  const auto series = aaren::testing::makeSeries(120, 3);
  for (auto pooling : {Pooling::Last, Pooling::Mean}) {
    ModelOptions o;
    o.task = Task::Classify;
    o.channels = 3;
    o.classes = 4;
    o.d_model = 32;
    o.d_ff = 64;
    o.dropout = 0;
    o.pooling = pooling;
    const auto model = aaren::testing::makeStreamModel(o);
    EXPECT_LE(maxStreamVsBatch(model, series), 1e-4);
    StreamingPredictor p(model);
    const auto& r = p.push(sampleAt(series, 0));
    double sum = 0;
    for (float v : r.probabilities) sum += v;
    EXPECT_NEAR(sum, 1.0, 1e-6);
    EXPECT_TRUE(r.forecast.empty());
  }
}

TEST(StreamingPredictor, AarenStateIsConstantAndTransformerStateLinearInTokens) {
  const auto series = aaren::testing::makeSeries(600, 2);
  const auto aaren = aaren::testing::makeStreamModel(forecaster(ModelType::Aaren, 2, false));
  const auto tf = aaren::testing::makeStreamModel(forecaster(ModelType::Transformer, 2, false));
  StreamingPredictor a(aaren), al(aaren, PredictorOptions{false, 0, {}}), t(tf);
  // Aaren: (m, c, a[d_head]) per head and layer, float32: 2 layers x 4 heads x (1 + 1 + 8) x 4 B.
  const std::int64_t aaren_bytes = 2 * 4 * (1 + 1 + 8) * 4;
  for (std::size_t r = 0; r < series.rows; ++r) {
    const auto s = sampleAt(series, r);
    EXPECT_EQ(a.push(s).state_bytes, aaren_bytes);
    EXPECT_EQ(al.push(s).state_bytes, aaren_bytes);
    // Transformer: K and V of every token, every layer: 2 x layers x tokens x d_model x 4 B.
    EXPECT_EQ(t.push(s).state_bytes, 2 * 2 * static_cast<std::int64_t>(r + 1) * 32 * 4);
    EXPECT_GE(t.last().allocated_bytes, t.last().state_bytes);
  }
  EXPECT_EQ(a.stateBytes(), aaren_bytes);
  EXPECT_EQ(al.stateBytes(), aaren_bytes);
}

TEST(StreamingPredictor, ChannelIndependentStateScalesWithChannelsNotTokens) {
  const auto series = aaren::testing::makeSeries(100, 3);
  const auto aaren = aaren::testing::makeStreamModel(forecaster(ModelType::Aaren, 3, true));
  const auto tf = aaren::testing::makeStreamModel(forecaster(ModelType::Transformer, 3, true));
  StreamingPredictor a(aaren), t(tf);
  for (std::size_t r = 0; r < series.rows; ++r) {
    const auto s = sampleAt(series, r);
    EXPECT_EQ(a.push(s).state_bytes, 3 * 2 * 4 * (1 + 1 + 8) * 4);
    EXPECT_EQ(t.push(s).state_bytes, 3 * 2 * 2 * static_cast<std::int64_t>(r + 1) * 32 * 4);
  }
}

TEST(StreamingPredictor, SlidingKvWindowCapsTheTransformerState) {
  const auto series = aaren::testing::makeSeries(300, 2);
  const auto tf = aaren::testing::makeStreamModel(forecaster(ModelType::Transformer, 2, false));
  PredictorOptions po;
  po.kv_window = 50;
  StreamingPredictor t(tf, po);
  EXPECT_EQ(t.kind(), "Transformer (KV cache, window 50)");
  for (std::size_t r = 0; r < series.rows; ++r) {
    const auto& out = t.push(sampleAt(series, r));
    EXPECT_EQ(out.state_bytes, 2 * 2 * static_cast<std::int64_t>(std::min<std::size_t>(r + 1, 50)) * 32 * 4);
  }
}

TEST(StreamingPredictor, MapsColumnsByNameAndRefusesSamplesThatDoNotFit) {
  const auto series = aaren::testing::makeSeries(50, 2);
  const auto model = aaren::testing::makeStreamModel(forecaster(ModelType::Aaren, 2, false), 7, {"load", "temp"});
  PredictorOptions by_name;
  by_name.stream_columns = {"temp", "other", "load"};
  StreamingPredictor named(model, by_name), positional(model);
  for (std::size_t r = 0; r < series.rows; ++r) {
    const auto s = sampleAt(series, r);
    Sample shuffled = s;
    shuffled.values = {s.values[1], 99.0, s.values[0]};
    const auto& a = named.push(shuffled);
    const auto& b = positional.push(s);
    EXPECT_EQ(a.forecast, b.forecast);
    EXPECT_EQ(a.actual, s.values);
  }
  Sample wrong;
  wrong.timestamp = 0;
  wrong.values = {1, 2, 3};
  try {
    positional.push(wrong);
    FAIL() << "a sample of 3 values was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the sample has 3 values but the model reads 2 (load, temp)");
  }
  EXPECT_EQ(positional.steps(), 50);  // the refused sample left the state as it was
  PredictorOptions missing;
  missing.stream_columns = {"a", "load"};
  try {
    StreamingPredictor p(model, missing);
    FAIL() << "a stream without 'temp' was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the stream has no column 'temp' (it has a, load; the model reads load, temp)");
  }
}

TEST(StreamingPredictor, MissingValuesTakeTheLastValueAndResetStartsAfresh) {
  const auto series = aaren::testing::makeSeries(40, 2);
  const auto model = aaren::testing::makeStreamModel(forecaster(ModelType::Aaren, 2, false));
  StreamingPredictor with_gap(model), filled(model);
  for (std::size_t r = 0; r < series.rows; ++r) {
    auto s = sampleAt(series, r);
    auto f = s;
    if (r == 20) {
      s.values[1] = std::numeric_limits<double>::quiet_NaN();
      f.values[1] = series.at(19, 1);
    }
    EXPECT_EQ(with_gap.push(s).forecast, filled.push(f).forecast) << r;
  }
  StreamingPredictor fresh(model);
  with_gap.reset();
  EXPECT_EQ(with_gap.steps(), 0);
  EXPECT_EQ(with_gap.push(sampleAt(series, 5)).forecast, fresh.push(sampleAt(series, 5)).forecast);
}

TEST(StreamingPredictor, TransformerTwinHasTheSameShapeAndATransformerKind) {
  const auto aaren = aaren::testing::makeStreamModel(forecaster(ModelType::Aaren, 2, true));
  const auto twin = makeTransformerTwin(aaren);
  EXPECT_EQ(twin.options().type, ModelType::Transformer);
  EXPECT_EQ(twin.options().d_model, aaren.options().d_model);
  EXPECT_EQ(twin.options().layers, aaren.options().layers);
  EXPECT_EQ(twin.options().heads, aaren.options().heads);
  EXPECT_EQ(twin.info().schema.columns, aaren.info().schema.columns);
  // The paper's accounting: Aaren's only extra parameters are its learned query tokens,
  // one of d_model per layer.
  EXPECT_EQ(aaren.parameterCount() - twin.parameterCount(), 2 * 32);
  StreamingPredictor p(twin);
  EXPECT_EQ(p.kind(), "Transformer (KV cache)");
}
