#include "core/models/Transformer.h"

#include <stdexcept>

namespace aaren {

std::int64_t TransformerState::bytes() const {
  std::int64_t total = 0;
  for (const auto& layer : layers) total += layer.bytes();
  return total + historyBytes();
}

std::int64_t TransformerState::allocatedBytes() const {
  std::int64_t total = 0;
  for (const auto& layer : layers) total += layer.allocatedBytes();
  return total + historyBytes();
}

TransformerEncoderImpl::TransformerEncoderImpl(const ModelOptions& o, std::int64_t window)
    : options(o), cache_window(window) {
  validate(o);
  if (window < 0) throw std::invalid_argument("Transformer: cache window must be >= 0");
  embedding = register_module("embedding", Embedding(o.channels, o.d_model, o.calendar, o.dropout, o.input_window, o.relative_window, o.positional, o.scale_window));
  for (std::int64_t i = 0; i < o.layers; ++i)
    blocks.push_back(register_module("block" + std::to_string(i),
                                     TransformerBlock(o.d_model, o.heads, o.d_ff, o.dropout)));
  if (o.final_norm)
    final_norm = register_module("final_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({o.d_model})));
}

torch::Tensor TransformerEncoderImpl::forward(const torch::Tensor& x, const torch::Tensor& mask,
                                              const torch::Tensor& calendar, std::int64_t start) {
  auto h = embedding->forward(x, calendar, start);
  for (auto& block : blocks) h = block->forward(h, mask);
  return final_norm.is_empty() ? h : final_norm->forward(h);
}

std::unique_ptr<EncoderState> TransformerEncoderImpl::initialState(std::int64_t) const {
  auto state = std::make_unique<TransformerState>();
  state->layers.resize(blocks.size());
  for (auto& cache : state->layers) cache.window = cache_window;
  return state;
}

torch::Tensor TransformerEncoderImpl::step(const torch::Tensor& x_t, EncoderState& base,
                                           const torch::Tensor& calendar_t) {
  auto* state = dynamic_cast<TransformerState*>(&base);
  if (state == nullptr || state->layers.size() != blocks.size())
    throw std::invalid_argument("Transformer::step: the state was not made by this Transformer model");
  const auto x1 = x_t.unsqueeze(1);
  auto h = embedding->forward(x1, calendar_t.defined() ? calendar_t.unsqueeze(1) : calendar_t,
                              state->steps, state->input_history)
               .squeeze(1);
  if (embedding->window > 1) state->input_history = embedding->nextHistory(state->input_history, x1);
  for (std::size_t i = 0; i < blocks.size(); ++i) h = blocks[i]->step(h, state->layers[i]);
  ++state->steps;
  return final_norm.is_empty() ? h : final_norm->forward(h);
}

}  // namespace aaren
