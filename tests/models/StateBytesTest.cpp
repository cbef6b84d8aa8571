// What a stream holds: Aaren's state is constant, the Transformer's KV cache is linear.
#include "core/models/Model.h"

#include <gtest/gtest.h>

using namespace aaren;

namespace {

std::int64_t bytesAfter(Model& model, ModelState& state, std::int64_t steps) {
  torch::NoGradGuard no_grad;
  while (state.steps() < steps) model->step(torch::randn({1, model->options.channels}), state);
  return state.bytes();
}

TEST(StateBytes, AarenIsConstantAndExact) {
  torch::manual_seed(40);
  ModelOptions o;  // defaults: d_model 64, 4 heads (d_head 16), 2 layers
  o.channels = 7;
  auto model = makeModel(o);
  model->eval();
  auto state = model->initialState(1);
  EXPECT_EQ(state.bytes(), 2 * 4 * (2 + 16) * 4);  // layers · heads · (m, c, a[16]) · float
  const auto after10 = bytesAfter(model, state, 10);
  const auto after10k = bytesAfter(model, state, 10'000);
  EXPECT_EQ(after10, 576);
  EXPECT_EQ(after10k, 576);
  EXPECT_EQ(state.allocatedBytes(), 576);
}

TEST(StateBytes, TransformerGrowsByTwoLayersTokensDModelFloats) {
  torch::manual_seed(41);
  ModelOptions o;
  o.type = ModelType::Transformer;
  o.channels = 7;
  auto model = makeModel(o);
  model->eval();
  auto state = model->initialState(1);
  EXPECT_EQ(state.bytes(), 0);
  EXPECT_EQ(bytesAfter(model, state, 10), 2LL * 2 * 10 * 64 * 4);
  EXPECT_EQ(state.allocatedBytes(), 2LL * 2 * 64 * 64 * 4);  // first block of 64 tokens
  EXPECT_EQ(bytesAfter(model, state, 10'000), 2LL * 2 * 10'000 * 64 * 4);
  EXPECT_EQ(state.allocatedBytes(), 2LL * 2 * 16'384 * 64 * 4);  // capacity doubled to 2^14
}

TEST(StateBytes, MeanPoolingClassifierAddsItsRunningSum) {
  ModelOptions o;
  o.task = Task::Classify;
  o.classes = 3;
  o.pooling = Pooling::Mean;
  auto model = makeModel(o);
  model->eval();
  auto state = model->initialState(1);
  EXPECT_EQ(bytesAfter(model, state, 100), 576 + 64 * 4);
}

}  // namespace
