#include "core/models/Embedding.h"

#include "core/models/CalendarFeatures.h"
#include "core/models/Dropout.h"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace aaren {

EmbeddingImpl::EmbeddingImpl(std::int64_t channels_, std::int64_t d_model_, bool calendar,
                             double p, std::int64_t window_, bool relative_, bool positional_, bool scaled_)
    : channels(channels_), d_model(d_model_), window(window_), relative(relative_), use_positional(positional_),
      scaled(scaled_), use_calendar(calendar) {
  if (window < 1) throw std::invalid_argument("Embedding: window must be at least 1");
  if (scaled && (!relative || window < 2)) throw std::invalid_argument("Embedding: a scaled window must be relative");
  value = register_module("value", torch::nn::Linear(channels * window, d_model));
  if (use_calendar)
    calendar_proj = register_module("calendar", torch::nn::Linear(kCalendarFeatures, d_model));
  dropout = register_module("dropout", torch::nn::Dropout(p));
}

torch::Tensor EmbeddingImpl::positional(std::int64_t start, std::int64_t T) const {
  // pe[t, 2i] = sin(pos / 10000^(2i/d)), pe[t, 2i+1] = cos(...). The angle is formed in
  // double and reduced mod 2π, so position 10^9 is as precise as position 10.
  constexpr double two_pi = 2.0 * std::numbers::pi;
  auto out = torch::empty({T, d_model}, torch::kFloat32);
  float* pe = out.data_ptr<float>();
  std::vector<double> freq(static_cast<std::size_t>((d_model + 1) / 2));
  for (std::size_t i = 0; i < freq.size(); ++i)
    freq[i] = std::pow(10000.0, -2.0 * static_cast<double>(i) / static_cast<double>(d_model));
  for (std::int64_t t = 0; t < T; ++t) {
    const auto pos = static_cast<double>(start + t);
    float* row = pe + t * d_model;
    for (std::size_t i = 0; i < freq.size(); ++i) {
      const double angle = std::fmod(pos * freq[i], two_pi);
      row[2 * i] = static_cast<float>(std::sin(angle));
      if (static_cast<std::int64_t>(2 * i + 1) < d_model)
        row[2 * i + 1] = static_cast<float>(std::cos(angle));
    }
  }
  return out;
}

namespace {

// [B, window - 1, C]: the given history, or the first step repeated.
torch::Tensor before(const torch::Tensor& history, const torch::Tensor& x, std::int64_t window) {
  if (history.defined()) {
    if (history.dim() != 3 || history.size(0) != x.size(0) || history.size(1) != window - 1 || history.size(2) != x.size(2))
      throw std::invalid_argument("Embedding: the input history does not match the window and batch");
    return history.to(x.dtype());
  }
  return x.narrow(1, 0, 1).expand({x.size(0), window - 1, x.size(2)});
}

// [B, T, W, C] windows of [history, x], oldest first; relative to x[t] when asked.
torch::Tensor windowsOf(const torch::Tensor& x, const torch::Tensor& history, std::int64_t window, bool relative) {
  auto windows = causalWindows(x, history, window);
  return relative ? windows - x.unsqueeze(2) : windows;
}

// [B, T, 1, C]: the root mean square of every channel's relative window.
torch::Tensor spread(const torch::Tensor& relative_windows) { return (relative_windows.square().mean(2, true) + 1e-6).sqrt(); }

}  // namespace

torch::Tensor causalWindows(const torch::Tensor& x, const torch::Tensor& history, std::int64_t window) {
  if (window == 1) return x.unsqueeze(2);
  return torch::cat({before(history, x, window), x}, 1).unfold(1, window, 1).transpose(2, 3);
}

torch::Tensor EmbeddingImpl::windowScale(const torch::Tensor& x, const torch::Tensor& history) const {
  if (!scaled) return {};
  return spread(windowsOf(x, history, window, true)).squeeze(2);
}

torch::Tensor EmbeddingImpl::nextHistory(const torch::Tensor& history, const torch::Tensor& x) const {
  if (window == 1) return {};
  auto all = torch::cat({before(history, x, window), x}, 1);
  return all.narrow(1, all.size(1) - (window - 1), window - 1).contiguous();
}

torch::Tensor EmbeddingImpl::forward(const torch::Tensor& x, const torch::Tensor& calendar,
                                     std::int64_t start, const torch::Tensor& history) {
  if (x.dim() != 3 || x.size(2) != channels)
    throw std::invalid_argument("Embedding: expected input [B, T, " + std::to_string(channels) +
                                "], got " + std::to_string(x.dim()) + " dimensions" +
                                (x.dim() == 3 ? " with " + std::to_string(x.size(2)) + " channels"
                                              : std::string()));
  torch::Tensor input = x;
  if (window > 1) {
    // [B, T + W - 1, C] -> windows [B, T, C, W] -> [B, T, W * C], oldest sample first.
    const auto B = x.size(0), T = x.size(1), C = x.size(2);
    auto windows = windowsOf(x, history, window, relative);  // [B, T, W, C]
    if (scaled) windows = windows / spread(windows);
    input = windows.reshape({B, T, window * C});
  }
  auto h = value->forward(input);
  if (use_positional) h = h + positional(start, x.size(1)).to(x.options());
  if (use_calendar) {
    if (!calendar.defined())
      throw std::invalid_argument("Embedding: this model uses calendar features but none were given");
    h = h + calendar_proj->forward(calendar.to(x.options()));
  }
  return applyDropout(dropout, h);
}

}  // namespace aaren
