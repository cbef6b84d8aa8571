#include "Reference.h"

#include <cmath>
#include <limits>

namespace aaren::testing {

torch::Tensor naivePrefixAttention(const torch::Tensor& s_in, const torch::Tensor& v_in,
                                   const torch::Tensor& mask_in) {
  auto s = s_in.detach().to(torch::kFloat64).contiguous();
  auto v = v_in.detach().to(torch::kFloat64).contiguous();
  const auto B = s.size(0), H = s.size(1), T = s.size(2), D = v.size(3);
  auto mask = mask_in.defined() ? mask_in.to(torch::kBool).contiguous()
                                : torch::ones({B, T}, torch::kBool);
  auto out = torch::zeros({B, H, T, D}, torch::kFloat64);
  auto sa = s.accessor<double, 3>();
  auto va = v.accessor<double, 4>();
  auto ma = mask.accessor<bool, 2>();
  auto oa = out.accessor<double, 4>();
  for (std::int64_t b = 0; b < B; ++b)
    for (std::int64_t h = 0; h < H; ++h)
      for (std::int64_t t = 0; t < T; ++t) {
        double mx = -std::numeric_limits<double>::infinity();
        for (std::int64_t j = 0; j <= t; ++j)
          if (ma[b][j]) mx = std::max(mx, sa[b][h][j]);
        if (std::isinf(mx)) continue;  // no valid step yet
        double denom = 0;
        for (std::int64_t j = 0; j <= t; ++j)
          if (ma[b][j]) denom += std::exp(sa[b][h][j] - mx);
        for (std::int64_t j = 0; j <= t; ++j) {
          if (!ma[b][j]) continue;
          const double w = std::exp(sa[b][h][j] - mx) / denom;
          for (std::int64_t d = 0; d < D; ++d) oa[b][h][t][d] += w * va[b][h][j][d];
        }
      }
  return out;
}

void copyToDouble(const torch::nn::Module& from, torch::nn::Module& to) {
  torch::NoGradGuard no_grad;
  auto src = from.named_parameters();
  for (auto& p : to.named_parameters()) p.value().copy_(src[p.key()]);
  auto bsrc = from.named_buffers();
  for (auto& b : to.named_buffers()) b.value().copy_(bsrc[b.key()]);
  to.to(torch::kFloat64);
  to.eval();
}

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.detach().to(torch::kFloat64) - b.detach().to(torch::kFloat64)).abs().max().item<double>();
}

torch::Tensor lengthMask(const std::vector<std::int64_t>& lengths, std::int64_t T) {
  auto mask = torch::zeros({static_cast<std::int64_t>(lengths.size()), T}, torch::kBool);
  for (std::size_t b = 0; b < lengths.size(); ++b)
    mask.index_put_({static_cast<std::int64_t>(b), torch::indexing::Slice(0, lengths[b])}, true);
  return mask;
}

torch::Tensor naiveScores(aaren::AarenAttentionImpl& layer, const torch::Tensor& x) {
  const auto B = x.size(0), T = x.size(1);
  auto k = layer.key->forward(x).view({B, T, layer.heads, layer.d_head});
  auto s = (k * layer.queries()).sum(-1) / std::sqrt(static_cast<double>(layer.d_head));
  return s.permute({0, 2, 1});
}

}  // namespace aaren::testing
