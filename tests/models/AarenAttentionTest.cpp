// One Aaren attention layer: parallel scan == step-by-step == naive softmax per prefix.
#include "Reference.h"
#include "core/models/AarenAttention.h"

#include <gtest/gtest.h>

using namespace aaren;
using aaren::testing::lengthMask;
using aaren::testing::maxAbsDiff;
using aaren::testing::naivePrefixAttention;
using aaren::testing::naiveScores;

namespace {

// Float64 reference of the layer: the same weights, naive attention per prefix.
torch::Tensor reference(const AarenAttention& layer, const torch::Tensor& x, const torch::Tensor& mask = {}) {
  AarenAttention ref(layer->d_model, layer->heads, layer->chunk);
  aaren::testing::copyToDouble(*layer, *ref);
  auto xd = x.to(torch::kFloat64);
  auto o = naivePrefixAttention(naiveScores(*ref, xd), ref->values(xd), mask);
  return ref->out->forward(o.permute({0, 2, 1, 3}).reshape({x.size(0), x.size(1), ref->d_model}));
}

TEST(AarenAttention, ParallelEqualsNaiveFloat64Reference) {
  torch::manual_seed(10);
  AarenAttention layer(32, 4, 16);
  auto x = torch::randn({3, 77, 32});
  auto y = layer->forward(x);
  ASSERT_EQ(y.sizes(), x.sizes());
  EXPECT_LE(maxAbsDiff(y, reference(layer, x)), 1e-5);
}

TEST(AarenAttention, StepByStepEqualsParallel) {
  torch::manual_seed(11);
  AarenAttention layer(32, 4, 16);
  auto x = torch::randn({2, 60, 32});
  auto parallel = layer->forward(x);
  auto ref = reference(layer, x);
  auto state = layer->initialState(2);
  for (std::int64_t t = 0; t < x.size(1); ++t) {
    auto y = layer->step(x.select(1, t), state);
    ASSERT_LE(maxAbsDiff(y, parallel.select(1, t)), 1e-5) << "t=" << t;
    ASSERT_LE(maxAbsDiff(y, ref.select(1, t)), 1e-5) << "t=" << t;
  }
  EXPECT_LE(maxAbsDiff(layer->forwardSequential(x), parallel), 1e-5);
}

TEST(AarenAttention, PaddedBatchMatchesReferenceAndStepping) {
  torch::manual_seed(12);
  AarenAttention layer(16, 2, 8);
  const std::int64_t T = 40;
  auto x = torch::randn({3, T, 16});
  auto mask = lengthMask({40, 23, 5}, T);
  auto y = layer->forward(x, mask);
  auto ref = reference(layer, x, mask);
  auto seq = layer->forwardSequential(x, mask);
  auto valid = mask.unsqueeze(-1);
  EXPECT_LE(maxAbsDiff(y.masked_fill(valid.logical_not(), 0), ref.masked_fill(valid.logical_not(), 0)), 1e-5);
  EXPECT_LE(maxAbsDiff(seq.masked_fill(valid.logical_not(), 0), y.masked_fill(valid.logical_not(), 0)), 1e-5);
  // A padded sequence gives what it gives alone.
  auto alone = layer->forward(x.narrow(0, 1, 1).narrow(1, 0, 23));
  EXPECT_LE(maxAbsDiff(y.narrow(0, 1, 1).narrow(1, 0, 23), alone), 1e-6);
}

TEST(AarenAttention, LargeScoresStayFiniteInForwardAndStep) {
  torch::manual_seed(13);
  AarenAttention layer(8, 2, 4);
  {
    torch::NoGradGuard no_grad;
    layer->query_token.mul_(2000.0);  // scores in the thousands
  }
  auto x = torch::randn({1, 50, 8}) * 5;
  auto y = layer->forward(x);
  auto scores = layer->scores(x);
  EXPECT_GT(scores.abs().max().item<float>(), 1000.0f);
  EXPECT_TRUE(y.isfinite().all().item<bool>());
  EXPECT_LE(maxAbsDiff(y, reference(layer, x)), 1e-5 * (1 + reference(layer, x).abs().max().item<double>()));
  auto state = layer->initialState(1);
  for (std::int64_t t = 0; t < 50; ++t) {
    auto yt = layer->step(x.select(1, t), state);
    ASSERT_TRUE(yt.isfinite().all().item<bool>());
    ASSERT_LE(maxAbsDiff(yt, y.select(1, t)), 1e-4);
  }
}

// The folded score projection and the fused inference step are cached; an in-place update
// of any weight (an optimiser step, a load) must be seen by the next step and forward.
TEST(AarenAttention, InferenceCacheFollowsWeightUpdates) {
  torch::manual_seed(12);
  AarenAttention layer(32, 4, 16);
  layer->eval();
  auto x = torch::randn({2, 20, 32});
  torch::NoGradGuard no_grad;
  auto stepAll = [&] {
    auto state = layer->initialState(2);
    std::vector<torch::Tensor> ys;
    for (std::int64_t t = 0; t < x.size(1); ++t) ys.push_back(layer->step(x.select(1, t), state));
    return torch::stack(ys, 1);
  };
  auto before = stepAll();
  EXPECT_LE(maxAbsDiff(before, reference(layer, x)), 1e-5);
  for (auto* p : {&layer->query_token, &layer->key->weight, &layer->value->bias, &layer->query->weight}) {
    p->add_(0.05 * torch::randn_like(*p));
    auto after = stepAll();
    auto expected = reference(layer, x);
    EXPECT_GT(maxAbsDiff(after, before), 1e-3);
    EXPECT_LE(maxAbsDiff(after, expected), 1e-5);
    EXPECT_LE(maxAbsDiff(layer->forward(x), expected), 1e-5);
    before = after;
  }
}

TEST(AarenAttention, RejectsIndivisibleHeads) {
  try {
    AarenAttention layer(30, 4);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "AarenAttention: d_model (30) must be divisible by heads (4)");
  }
}

}  // namespace
