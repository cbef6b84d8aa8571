#pragma once
// What Aaren and the Transformer baseline have in common: an embedding followed by a
// stack of blocks, run either in parallel over a batch of sequences or one step at a
// time against a per-stream state.
// Threading: an Encoder is not thread-safe for training; in eval mode under
// NoGradGuard concurrent calls with distinct states are safe. A state belongs to one
// stream.
#include <torch/torch.h>

#include <memory>

namespace aaren {

class EncoderState {
 public:
  virtual ~EncoderState() = default;
  // Bytes of model state the stream holds for its logical content (exact, from the
  // tensors): Aaren (m, c, a) per head and layer; Transformer the K and V of every token.
  virtual std::int64_t bytes() const = 0;
  // Bytes actually allocated (a KV cache reserves room ahead); >= bytes().
  virtual std::int64_t allocatedBytes() const { return bytes(); }
  // Number of steps consumed so far (also the position of the next step).
  std::int64_t steps = 0;
  // The previous input_window - 1 inputs [B, window - 1, channels] the windowed value
  // embedding reads (undefined with input_window 1 or before the first step).
  torch::Tensor input_history;
  std::int64_t historyBytes() const {
    return input_history.defined() ? input_history.numel() * static_cast<std::int64_t>(input_history.element_size()) : 0;
  }
};

struct EncoderImpl : torch::nn::Module {
  // x [B, T, channels], mask [B, T] bool (true = valid) or undefined, calendar
  // [B, T, kCalendarFeatures] or undefined. Returns hidden states [B, T, d_model]
  // after the final LayerNorm; position t depends only on steps <= t. The steps' positions
  // are start, start + 1, … (a stream's step count: forward from `start` equals stepping
  // a state that has already consumed `start` steps, given the same input history).
  virtual torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask = {},
                                const torch::Tensor& calendar = {}, std::int64_t start = 0) = 0;
  virtual std::unique_ptr<EncoderState> initialState(std::int64_t batch) const = 0;
  // x_t [B, channels], calendar_t [B, kCalendarFeatures] or undefined. Returns [B, d_model],
  // equal to forward's output at the same position.
  virtual torch::Tensor step(const torch::Tensor& x_t, EncoderState& state,
                             const torch::Tensor& calendar_t = {}) = 0;
  // The embedding's window spread (EmbeddingImpl::windowScale) of x [B, T, channels] after
  // `history` [B, window - 1, channels] (undefined: the start of a sequence); undefined
  // unless the model scales its windows.
  virtual torch::Tensor windowScale(const torch::Tensor& x, const torch::Tensor& history = {}) const = 0;
};

}  // namespace aaren
