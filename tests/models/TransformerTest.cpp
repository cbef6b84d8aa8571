// The Transformer baseline: causal parallel forward == KV-cache stepping.
#include "Reference.h"
#include "core/models/Model.h"
#include "core/models/Transformer.h"

#include <gtest/gtest.h>

using namespace aaren;
using aaren::testing::lengthMask;
using aaren::testing::maxAbsDiff;

namespace {

ModelOptions transformerOptions() {
  ModelOptions o;
  o.type = ModelType::Transformer;
  o.channels = 2;
  o.d_model = 32;
  o.heads = 4;
  o.layers = 2;
  o.d_ff = 64;
  o.dropout = 0.0;
  o.horizon = 3;
  return o;
}

TEST(Transformer, ParallelEqualsKvCacheStepping) {
  torch::manual_seed(30);
  auto model = makeModel(transformerOptions());
  model->eval();
  torch::NoGradGuard no_grad;
  auto x = torch::randn({2, 150, 2});  // past the first cache growth (64 -> 128 -> 256)
  auto parallel = model->forward(x);
  auto state = model->initialState(2);
  for (std::int64_t t = 0; t < x.size(1); ++t) {
    auto y = model->step(x.select(1, t), state);
    ASSERT_LE(maxAbsDiff(y, parallel.select(1, t)), 1e-5) << "t=" << t;
  }
}

TEST(Transformer, IsCausal) {
  torch::manual_seed(31);
  auto model = makeModel(transformerOptions());
  model->eval();
  torch::NoGradGuard no_grad;
  auto x = torch::randn({1, 20, 2});
  auto y = model->forward(x);
  auto x2 = x.clone();
  x2.narrow(1, 10, 10).normal_();  // change the future
  auto y2 = model->forward(x2);
  EXPECT_LE(maxAbsDiff(y.narrow(1, 0, 10), y2.narrow(1, 0, 10)), 1e-6);
  EXPECT_GT(maxAbsDiff(y.narrow(1, 10, 10), y2.narrow(1, 10, 10)), 1e-3);
}

TEST(Transformer, PaddedBatchMatchesEachSequenceAlone) {
  torch::manual_seed(32);
  auto model = makeModel(transformerOptions());
  model->eval();
  torch::NoGradGuard no_grad;
  auto x = torch::randn({3, 25, 2});
  auto mask = lengthMask({25, 11, 1}, 25);
  auto y = model->forward(x, mask);
  for (std::int64_t b = 0; b < 3; ++b) {
    const std::int64_t L = mask[b].sum().item<std::int64_t>();
    auto alone = model->forward(x.narrow(0, b, 1).narrow(1, 0, L));
    EXPECT_LE(maxAbsDiff(y.narrow(0, b, 1).narrow(1, 0, L), alone), 1e-5) << "b=" << b;
  }
}

TEST(Transformer, SlidingWindowCacheAttendsToTheLastWindowTokens) {
  torch::manual_seed(33);
  auto o = transformerOptions();
  o.layers = 1;
  TransformerEncoderImpl windowed(o, 8);
  windowed.eval();
  torch::NoGradGuard no_grad;
  auto x = torch::randn({1, 30, 2});
  auto state = windowed.initialState(1);
  torch::Tensor last;
  for (std::int64_t t = 0; t < 30; ++t) last = windowed.step(x.select(1, t), *state);
  // 1 layer: the last output attends to steps 22..29 only; recompute it by hand.
  auto h = windowed.embedding->forward(x, {}, 0);
  auto& block = *windowed.blocks[0];
  auto n = block.norm1->forward(h);
  auto& att = *block.attention;
  auto split = [&](const torch::Tensor& t) { return t.view({1, 30, 4, 8}).permute({0, 2, 1, 3}); };
  auto q = split(att.query->forward(n)).narrow(2, 29, 1);
  auto k = split(att.key->forward(n)).narrow(2, 22, 8);
  auto v = split(att.value->forward(n)).narrow(2, 22, 8);
  auto o1 = torch::matmul(torch::softmax(torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(8.0), -1), v);
  auto a = att.out->forward(o1.reshape({1, 32}));
  auto hh = h.select(1, 29) + a;
  hh = hh + block.ff2->forward(torch::gelu(block.ff1->forward(block.norm2->forward(hh))));
  EXPECT_LE(maxAbsDiff(last, windowed.final_norm->forward(hh)), 1e-5);
  EXPECT_EQ(state->bytes(), 2 * 1 * 8 * 32 * 4);
  EXPECT_EQ(state->allocatedBytes(), 2 * 1 * 8 * 32 * 4);
}

}  // namespace
