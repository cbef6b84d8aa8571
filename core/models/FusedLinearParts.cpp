#include "core/models/FusedLinearParts.h"

#include "core/models/Model.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace aaren {
namespace {

std::vector<float> floatsOf(const torch::Tensor& t) {
  auto c = t.detach().to(torch::kCPU, torch::kFloat).contiguous();
  return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

}  // namespace

FusedLinearParts::FusedLinearParts(const ModelImpl& model) {
  channels_ = model.options.channels;
  horizon_ = model.options.horizon;
  torch::NoGradGuard no_grad;
  if (model.cycle) {
    harmonics_ = model.cycle->harmonics;
    coef_ = floatsOf(model.cycle->coef);
    // As DailyCycleImpl::ahead, in double: the cycle k steps ahead is features(φ) · M with
    // M[n, (k, c)] = A cos(nkδ) + B sin(nkδ) and M[K + n, (k, c)] = B cos(nkδ) − A sin(nkδ).
    const auto K = harmonics_;
    constexpr double two_pi = 2.0 * std::numbers::pi;
    const double delta = two_pi * static_cast<double>(model.cycle->step_seconds % 86400) / 86400.0;
    auto coef_d = model.cycle->coef.detach().to(torch::kCPU, torch::kDouble).contiguous();
    auto coef = coef_d.accessor<double, 2>();
    ahead_.assign(static_cast<std::size_t>(2 * K * horizon_ * channels_), 0.0f);
    for (std::int64_t n = 1; n <= K; ++n)
      for (std::int64_t k = 1; k <= horizon_; ++k) {
        const double angle = std::fmod(static_cast<double>(n * k) * delta, two_pi);
        const double c = std::cos(angle), s = std::sin(angle);
        for (std::int64_t ch = 0; ch < channels_; ++ch) {
          const double A = coef[n - 1][ch], B = coef[K + n - 1][ch];
          const auto col = (k - 1) * channels_ + ch;
          ahead_[static_cast<std::size_t>((n - 1) * horizon_ * channels_ + col)] = static_cast<float>(A * c + B * s);
          ahead_[static_cast<std::size_t>((K + n - 1) * horizon_ * channels_ + col)] = static_cast<float>(B * c - A * s);
        }
      }
  }
  if (model.skip) {
    window_ = model.skip->weight.size(1);
    skip_wt_ = floatsOf(model.skip->weight.t());
    skip_b_ = floatsOf(model.skip->bias);
    skip_level_ = model.options.skip_level;
  }
}

void FusedLinearParts::features(const float* calendar, float* f) const {
  // As DailyCycleImpl::features: φ from the hour-of-day (sin, cos) pair.
  const float phase = std::atan2(calendar[0], calendar[1]);
  for (std::int64_t n = 1; n <= harmonics_; ++n) {
    const float a = phase * static_cast<float>(n);
    f[n - 1] = std::cos(a);
    f[harmonics_ + n - 1] = std::sin(a);
  }
}

void FusedLinearParts::cycleAt(const float* calendar, float* f, float* out) const {
  features(calendar, f);
  for (std::int64_t c = 0; c < channels_; ++c) out[c] = 0.0f;
  for (std::int64_t j = 0; j < 2 * harmonics_; ++j) {
    const float* row = coef_.data() + j * channels_;
    for (std::int64_t c = 0; c < channels_; ++c) out[c] += f[j] * row[c];
  }
}

void FusedLinearParts::addCycleAhead(const float* calendar, float* f, float* out) const {
  features(calendar, f);
  const std::int64_t n = horizon_ * channels_;
  for (std::int64_t j = 0; j < 2 * harmonics_; ++j) {
    const float fj = f[j];
    const float* __restrict row = ahead_.data() + j * n;
    for (std::int64_t i = 0; i < n; ++i) out[i] += fj * row[i];
  }
}

void FusedLinearParts::addSkip(const float* window, float* y, float* out, std::int64_t stride) const {
  // y = b + Wt^T window, an axpy per window value over contiguous rows (as the fused dense).
  // With a level (SkipLevel), the window less its mean, the bias times its spread.
  const std::int64_t H = horizon_;
  float mu = 0.0f, sigma = 1.0f;
  if (skip_level_ != SkipLevel::Absolute) {
    double sum = 0;
    for (std::int64_t j = 0; j < window_; ++j) sum += window[j];
    mu = static_cast<float>(sum / static_cast<double>(window_));
    if (skip_level_ == SkipLevel::MeanSpread) {
      double ss = 0;
      for (std::int64_t j = 0; j < window_; ++j) ss += (window[j] - mu) * (window[j] - mu);
      sigma = static_cast<float>(std::sqrt(ss / static_cast<double>(window_) + kSkipSpreadEpsilon));
    }
  }
  for (std::int64_t k = 0; k < H; ++k) y[k] = sigma * skip_b_[static_cast<std::size_t>(k)];
  for (std::int64_t j = 0; j < window_; ++j) {
    const float wj = window[j] - mu;
    const float* __restrict row = skip_wt_.data() + j * H;
    for (std::int64_t k = 0; k < H; ++k) y[k] += wj * row[k];
  }
  for (std::int64_t k = 0; k < H; ++k) out[k * stride] += y[k];
}

}  // namespace aaren
