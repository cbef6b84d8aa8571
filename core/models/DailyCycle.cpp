#include "core/models/DailyCycle.h"

#include "core/models/CalendarFeatures.h"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace aaren {

DailyCycleImpl::DailyCycleImpl(std::int64_t channels_, std::int64_t harmonics_, std::int64_t step_seconds_)
    : channels(channels_), harmonics(harmonics_), step_seconds(step_seconds_) {
  if (harmonics < 1) throw std::invalid_argument("DailyCycle: at least one harmonic");
  if (step_seconds < 1) throw std::invalid_argument("DailyCycle: step_seconds must be positive");
  coef = register_parameter("coef", torch::zeros({2 * harmonics, channels}));
}

torch::Tensor DailyCycleImpl::features(const torch::Tensor& calendar) const {
  if (!calendar.defined() || calendar.size(-1) != kCalendarFeatures)
    throw std::invalid_argument("DailyCycle: the model's daily cycle needs the calendar features of the timestamps");
  // Calendar features 0 and 1 are sin and cos of 2π × (second of day / 86400).
  auto phase = torch::atan2(calendar.select(-1, 0), calendar.select(-1, 1)).unsqueeze(-1);  // [..., 1]
  auto n = torch::arange(1, harmonics + 1, calendar.options());
  auto angle = phase * n;
  return torch::cat({angle.cos(), angle.sin()}, -1);
}

torch::Tensor DailyCycleImpl::at(const torch::Tensor& calendar) const {
  return torch::matmul(features(calendar).to(coef.dtype()), coef);
}

torch::Tensor DailyCycleImpl::ahead(const torch::Tensor& calendar, std::int64_t horizon) const {
  // cycle(φ + kδ) for harmonic n: cos(nφ) [A cos(nkδ) + B sin(nkδ)] + sin(nφ) [B cos(nkδ) − A sin(nkδ)],
  // so the whole horizon is features(φ) @ M with M [2K, horizon × channels] from the coefficients.
  const auto K = harmonics;
  const double delta = 2.0 * std::numbers::pi * static_cast<double>(step_seconds % 86400) / 86400.0;
  auto nk = torch::arange(1, K + 1, torch::kDouble).unsqueeze(1) * torch::arange(1, horizon + 1, torch::kDouble).unsqueeze(0);
  // Reduced mod 2π in double so a long horizon of fine steps stays exact.
  auto angle = torch::fmod(nk * delta, 2.0 * std::numbers::pi).to(coef.dtype());  // [K, horizon]
  auto c = angle.cos().unsqueeze(-1), s = angle.sin().unsqueeze(-1);             // [K, horizon, 1]
  auto A = coef.narrow(0, 0, K).unsqueeze(1), B = coef.narrow(0, K, K).unsqueeze(1);  // [K, 1, channels]
  auto m = torch::cat({A * c + B * s, B * c - A * s}, 0).reshape({2 * K, horizon * channels});
  auto out = torch::matmul(features(calendar).to(coef.dtype()), m);  // [..., horizon × channels]
  auto sizes = calendar.sizes().vec();
  sizes.back() = horizon;
  sizes.push_back(channels);
  return out.reshape(sizes);
}

}  // namespace aaren
