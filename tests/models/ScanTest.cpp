// The parallel prefix scan against a naive float64 softmax per prefix.
#include "Reference.h"
#include "core/models/Scan.h"

#include <gtest/gtest.h>

using aaren::prefixAttention;
using aaren::testing::lengthMask;
using aaren::testing::maxAbsDiff;
using aaren::testing::naivePrefixAttention;

namespace {

struct ScanCase {
  std::int64_t T;
  std::int64_t chunk;
};

class ScanMatchesNaive : public ::testing::TestWithParam<ScanCase> {};

TEST_P(ScanMatchesNaive, Float32WithinOneEMinus5OfFloat64) {
  torch::manual_seed(1);
  const auto [T, chunk] = GetParam();
  auto s = torch::randn({3, 4, T}) * 3.0;
  auto v = torch::randn({3, 4, T, 8});
  auto out = prefixAttention(s, v, {}, chunk);
  ASSERT_EQ(out.sizes(), v.sizes());
  EXPECT_EQ(out.scalar_type(), torch::kFloat32);
  EXPECT_LE(maxAbsDiff(out, naivePrefixAttention(s, v)), 1e-5);
}

INSTANTIATE_TEST_SUITE_P(Chunks, ScanMatchesNaive,
                         ::testing::Values(ScanCase{1, 64}, ScanCase{150, 64}, ScanCase{150, 1},
                                           ScanCase{150, 7}, ScanCase{128, 64}, ScanCase{150, 200},
                                           ScanCase{300, 16}));

TEST(Scan, PaddingMaskMatchesEachSequenceAlone) {
  torch::manual_seed(2);
  const std::vector<std::int64_t> lengths{150, 97, 1, 64};
  const std::int64_t T = 150;
  auto s = torch::randn({4, 2, T}) * 2.0;
  auto v = torch::randn({4, 2, T, 5});
  auto mask = lengthMask(lengths, T);
  auto out = prefixAttention(s, v, mask, 32);
  EXPECT_LE(maxAbsDiff(out, naivePrefixAttention(s, v, mask).to(torch::kFloat32).where(
                                mask.view({4, 1, T, 1}), out)),
            1e-5);
  for (std::size_t b = 0; b < lengths.size(); ++b) {
    const auto i = static_cast<std::int64_t>(b), L = lengths[b];
    auto alone = prefixAttention(s.narrow(0, i, 1).narrow(2, 0, L), v.narrow(0, i, 1).narrow(2, 0, L), {}, 32);
    EXPECT_LE(maxAbsDiff(out.narrow(0, i, 1).narrow(2, 0, L), alone), 1e-6) << "sequence " << b;
    // Padding steps repeat the last valid output.
    for (std::int64_t t = L; t < T; ++t)
      ASSERT_LE(maxAbsDiff(out[i].select(1, t), out[i].select(1, L - 1)), 1e-6) << "b=" << b << " t=" << t;
  }
}

TEST(Scan, LeadingPaddingGivesZerosNotNaN) {
  auto s = torch::randn({1, 1, 6});
  auto v = torch::randn({1, 1, 6, 3});
  auto mask = torch::tensor({false, false, true, true, false, true}).view({1, 6});
  auto out = prefixAttention(s, v, mask, 4);
  EXPECT_FALSE(out.isnan().any().item<bool>());
  EXPECT_EQ(out.narrow(2, 0, 2).abs().max().item<float>(), 0.0f);
  EXPECT_LE(maxAbsDiff(out, naivePrefixAttention(s, v, mask)), 1e-6);
}

TEST(Scan, ScoresSpanningPlusMinusTenThousandStayFiniteAndExact) {
  torch::manual_seed(3);
  const std::int64_t T = 200;
  // Random scores over [-10000, 10000], plus a rising ramp: the running maximum rises at
  // every step, which is exactly where exp(s - cummax(s)) + cumsum goes wrong.
  auto random = (torch::rand({1, 2, T}) * 2 - 1) * 10000.0;
  auto ramp = torch::linspace(-10000.0, 10000.0, T).view({1, 1, T}).expand({1, 2, T});
  auto close = torch::linspace(-3.0, 3.0, T).view({1, 1, T}).expand({1, 2, T}) + 10000.0;
  for (const auto& s : {random, ramp.contiguous(), close.contiguous()}) {
    auto v = torch::randn({1, 2, T, 4});
    auto out = prefixAttention(s, v, {}, 16);
    EXPECT_TRUE(out.isfinite().all().item<bool>());
    EXPECT_LE(maxAbsDiff(out, naivePrefixAttention(s, v)), 1e-5);
  }
}

TEST(Scan, CummaxCumsumShortcutWouldBeWrongHere) {
  // Guard that the test above exercises the case the shortcut gets wrong.
  auto s = torch::tensor({0.0, 5.0, 10.0}, torch::kFloat64).view({1, 1, 3});
  auto v = torch::tensor({1.0, 2.0, 3.0}, torch::kFloat64).view({1, 1, 3, 1});
  auto m = std::get<0>(torch::cummax(s, -1));
  auto e = torch::exp(s - m);
  auto shortcut = torch::cumsum(e.unsqueeze(-1) * v, 2) / torch::cumsum(e, 2).unsqueeze(-1);
  auto exact = naivePrefixAttention(s, v);
  EXPECT_GT(maxAbsDiff(shortcut, exact), 0.1);
  EXPECT_LE(maxAbsDiff(prefixAttention(s, v, {}, 2), exact), 1e-12);
}

TEST(Scan, GradientsMatchFiniteDifferencesInDouble) {
  torch::manual_seed(5);
  const std::int64_t B = 1, H = 2, T = 11, D = 3;
  auto s = (torch::randn({B, H, T}, torch::kFloat64) * 2).requires_grad_(true);
  auto v = torch::randn({B, H, T, D}, torch::kFloat64).requires_grad_(true);
  auto mask = lengthMask({9}, T);
  auto r = torch::randn({B, H, T, D}, torch::kFloat64);
  auto loss_of = [&](const torch::Tensor& ss, const torch::Tensor& vv) {
    return (prefixAttention(ss, vv, mask, 4) * r).sum();
  };
  loss_of(s, v).backward();
  const double eps = 1e-6;
  torch::NoGradGuard no_grad;
  for (auto* param : {&s, &v}) {
    auto flat = param->detach().clone().view(-1);
    auto grad = param->grad().view(-1);
    for (std::int64_t i = 0; i < flat.numel(); ++i) {
      auto plus = flat.clone(), minus = flat.clone();
      plus[i] += eps;
      minus[i] -= eps;
      const bool is_s = param == &s;
      auto lp = is_s ? loss_of(plus.view_as(s), v) : loss_of(s, plus.view_as(v));
      auto lm = is_s ? loss_of(minus.view_as(s), v) : loss_of(s, minus.view_as(v));
      const double numeric = (lp.item<double>() - lm.item<double>()) / (2 * eps);
      ASSERT_NEAR(grad[i].item<double>(), numeric, 1e-7) << (is_s ? "ds" : "dv") << " index " << i;
    }
  }
}

// Softmax attention of every prefix as dense LibTorch ops ([T, T] weights, causal and
// padding mask), so autograd gives the reference gradient. Every row needs a valid step.
torch::Tensor denseAttention(const torch::Tensor& s, const torch::Tensor& v, const torch::Tensor& mask) {
  const auto T = s.size(2);
  auto allowed = torch::ones({T, T}, torch::kBool).tril().view({1, 1, T, T}) &
                 mask.view({mask.size(0), 1, 1, T});
  auto scores = s.unsqueeze(2).expand({s.size(0), s.size(1), T, T})
                    .masked_fill(allowed.logical_not(), -std::numeric_limits<double>::infinity());
  return torch::matmul(torch::softmax(scores, -1), v);
}

struct Gradients {
  torch::Tensor ds, dv;
};

template <class F>
Gradients gradientsOf(const torch::Tensor& s, const torch::Tensor& v, const torch::Tensor& r, F f) {
  auto ss = s.detach().clone().requires_grad_(true);
  auto vv = v.detach().clone().requires_grad_(true);
  (f(ss, vv) * r).sum().backward();
  return {ss.grad(), vv.grad()};
}

class ScanGradients : public ::testing::TestWithParam<std::int64_t> {};

TEST_P(ScanGradients, MatchAutogradThroughDenseSoftmaxInDouble) {
  torch::manual_seed(6);
  const std::int64_t chunk = GetParam(), T = 150;
  auto s = torch::randn({3, 2, T}, torch::kFloat64) * 3;
  auto v = torch::randn({3, 2, T, 5}, torch::kFloat64);
  auto r = torch::randn({3, 2, T, 5}, torch::kFloat64);
  auto mask = lengthMask({150, 97, 1}, T);
  auto scan = gradientsOf(s, v, r, [&](auto& a, auto& b) { return prefixAttention(a, b, mask, chunk); });
  auto dense = gradientsOf(s, v, r, [&](auto& a, auto& b) { return denseAttention(a, b, mask); });
  EXPECT_LE(maxAbsDiff(scan.ds, dense.ds), 1e-12);
  EXPECT_LE(maxAbsDiff(scan.dv, dense.dv), 1e-12);
  // Padding steps get no gradient at all.
  EXPECT_EQ(scan.ds.select(0, 2).narrow(-1, 1, T - 1).abs().max().item<double>(), 0.0);
  EXPECT_EQ(scan.dv.select(0, 1).narrow(1, 97, T - 97).abs().max().item<double>(), 0.0);
}

INSTANTIATE_TEST_SUITE_P(Chunks, ScanGradients, ::testing::Values(1, 7, 32, 149, 150, 200));

TEST(Scan, Float32GradientsOfScoresSpanningPlusMinusTenThousandMatchFloat64) {
  torch::manual_seed(8);
  const std::int64_t T = 300;
  auto s = (torch::rand({2, 2, T}, torch::kFloat64) * 2 - 1) * 10000.0;
  s.select(0, 1).copy_(torch::linspace(-10000.0, 10000.0, T, torch::kFloat64).expand({2, T}));
  auto v = torch::randn({2, 2, T, 4}, torch::kFloat64);
  auto r = torch::randn({2, 2, T, 4}, torch::kFloat64);
  auto mask = torch::ones({2, T}, torch::kBool);
  auto f32 = gradientsOf(s.to(torch::kFloat32), v.to(torch::kFloat32), r.to(torch::kFloat32),
                         [](auto& a, auto& b) { return prefixAttention(a, b, {}, 32); });
  auto f64 = gradientsOf(s, v, r, [&](auto& a, auto& b) { return denseAttention(a, b, mask); });
  EXPECT_TRUE(f32.ds.isfinite().all().item<bool>());
  EXPECT_TRUE(f32.dv.isfinite().all().item<bool>());
  EXPECT_LE(maxAbsDiff(f32.ds, f64.ds), 1e-5);
  EXPECT_LE(maxAbsDiff(f32.dv, f64.dv), 1e-5);
}

TEST(Scan, RejectsMismatchedShapes) {
  try {
    prefixAttention(torch::zeros({1, 2, 3}), torch::zeros({1, 2, 4, 5}));
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "prefixAttention: expected scores [B, H, T] and values [B, H, T, D]");
  }
}

TEST(Scan, RejectsScoresAndValuesOfDifferentDtypes) {
  try {
    prefixAttention(torch::zeros({1, 2, 3}), torch::zeros({1, 2, 3, 5}, torch::kFloat64));
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "prefixAttention: scores and values must have the same dtype");
  }
}

}  // namespace
