#pragma once
// A fused inference path for Aaren's step: the weights of a trained forecasting or
// classification model copied into contiguous float buffers and the whole step
// (embedding, every block, final norm, head) computed in plain loops: no per-op
// dispatch, no allocation per step. Same results as ModelImpl::step (tested).
// Threading: a FusedAarenStep is immutable after construction; a FusedAarenState
// belongs to one stream.
#include "core/models/ModelOptions.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace aaren {

struct ModelImpl;

struct FusedAarenState {
  std::vector<float> m, c, a;   // per [channel stream,] layer and head: m, c; a also per d_head
  std::vector<float> pooled;    // Pooling::Mean classifiers: running sum of final hidden states
  std::vector<float> history;   // input_window > 1: the previous W - 1 inputs per stream (after the first step)
  std::vector<float> scratch;   // working memory, sized once
  std::int64_t steps = 0;
  std::int64_t bytes() const;   // (m, c, a) [+ pooled] [+ history], as ModelState::bytes() for batch 1
};

class FusedAarenStep {
 public:
  // Copies the weights of an Aaren model (throws std::invalid_argument otherwise).
  explicit FusedAarenStep(const ModelImpl& model);
  ~FusedAarenStep();
  FusedAarenStep(FusedAarenStep&&) noexcept;
  FusedAarenStep& operator=(FusedAarenStep&&) noexcept;

  FusedAarenState initialState() const;
  // x: channels values; calendar: kCalendarFeatures values or nullptr.
  // out: horizon*channels (forecast) or classes (logits) floats.
  void step(const float* x, const float* calendar, FusedAarenState& state, float* out) const;

  const ModelOptions& options() const;
  std::int64_t outputSize() const;

 private:
  struct Weights;
  std::unique_ptr<Weights> w_;
};

}  // namespace aaren
