#pragma once
// Multi-head Aaren attention: one learned query per head, keys and values projected
// from the input, output projection. As in the paper, the projections are those of a
// Transformer layer (query, key, value, out) and the query projection is applied to a
// learned query token, so Aaren has exactly d_model parameters per layer more than the
// Transformer baseline (the queries) — see queries(). `forward` computes all T prefix outputs in
// parallel (Scan.h); `step` updates an O(1) state (m, c, a) per head and returns the
// same output the parallel form gives at that position.
// Threading: a module may be shared read-only across threads in eval mode; an
// AarenAttentionState belongs to one stream and must not be shared.
#include <torch/torch.h>

#include <memory>

namespace aaren {

struct AarenAttentionState {
  torch::Tensor m;  // [B, H]      running max score (starts at -inf)
  torch::Tensor c;  // [B, H]      running denominator
  torch::Tensor a;  // [B, H, D]   running numerator
  // Exact bytes held by the three tensors.
  std::int64_t bytes() const;
};

struct AarenAttentionImpl : torch::nn::Module {
  AarenAttentionImpl(std::int64_t d_model, std::int64_t heads, std::int64_t chunk = 64);

  // x [B, T, C], mask [B, T] bool (true = valid) or undefined. Returns [B, T, C].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask = {});
  // Sequential reference of forward: T calls of step (used by tests and benchmarks).
  torch::Tensor forwardSequential(const torch::Tensor& x, const torch::Tensor& mask = {});

  AarenAttentionState initialState(std::int64_t batch) const;
  // x_t [B, C], optional valid [B] bool (false leaves that row's state unchanged).
  // Returns [B, C]. With autograd off, on CPU float/double, the recurrence runs as one loop
  // over the state (see AarenAttention.cpp); otherwise as differentiable tensor ops.
  torch::Tensor step(const torch::Tensor& x_t, AarenAttentionState& state,
                     const torch::Tensor& valid = {});

  // Per-head scores [B, H, T] and values [B, H, T, D] before the scan.
  torch::Tensor scores(const torch::Tensor& x);
  torch::Tensor values(const torch::Tensor& x);

  // The per-head queries q_h = (W_q · query_token)_h: [H, D].
  torch::Tensor queries();

  // The key projection folded into the queries: scores = x · weight + bias with
  // weight [C, H] = W_k^T q / sqrt(D) per head and bias [H] = b_k · q / sqrt(D). Mathematically
  // the same scores as q · (W_k x + b_k) / sqrt(D), for C·H instead of C·C multiply-adds per
  // position. With autograd off (inference), the folded pair is cached and rebuilt only when
  // a parameter it depends on changes (tensor version counters, storage, dtype).
  struct ScoreProjection {
    torch::Tensor weight, bias;
  };
  ScoreProjection scoreProjection();

  std::int64_t d_model, heads, d_head, chunk;
  torch::Tensor query_token;  // [d_model] learned
  torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr}, out{nullptr};

 private:
  ScoreProjection computeScoreProjection();
  struct ProjectionCache;
  ProjectionCache& freshCache();
  std::shared_ptr<ProjectionCache> cache_;
};
TORCH_MODULE(AarenAttention);

}  // namespace aaren
