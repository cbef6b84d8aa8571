#pragma once
// A complete model: an encoder (Aaren or the Transformer baseline) and a head
// (forecasting or classification), built by makeModel from ModelOptions.
// Threading: train from one thread; in eval mode with NoGradGuard, concurrent
// inference with distinct ModelStates is safe.
#include "core/models/DailyCycle.h"
#include "core/models/Encoder.h"
#include "core/models/Heads.h"
#include "core/models/ModelOptions.h"

#include <memory>

namespace aaren {

// Inside the square root of the skip's window spread (SkipLevel::MeanSpread), as RevIN.
inline constexpr double kSkipSpreadEpsilon = 1e-5;

// The per-stream state of a whole model: the encoder's state, plus the running sum of
// hidden states when a classifier pools by mean.
struct ModelState {
  std::unique_ptr<EncoderState> encoder;
  torch::Tensor pooled_sum;  // [B, d_model], Pooling::Mean only
  std::int64_t bytes() const;
  std::int64_t allocatedBytes() const;
  std::int64_t steps() const { return encoder ? encoder->steps : 0; }
};

struct ModelImpl : torch::nn::Module {
  explicit ModelImpl(const ModelOptions& options);

  // Forecast: [B, T, horizon, channels] (a forecast from every position).
  // Classify: logits [B, classes] from the pooled hidden states.
  // The steps' positions are start, start + 1, … (the positional encoding's index).
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask = {},
                        const torch::Tensor& calendar = {}, std::int64_t start = 0);
  // Forecast only: the forecast from the last position alone, [B, horizon, channels]
  // (forward(...).select(1, T - 1) without the head's work at the other positions).
  torch::Tensor forecastLast(const torch::Tensor& x, const torch::Tensor& calendar = {}, std::int64_t start = 0);
  // Hidden states [B, T, d_model].
  torch::Tensor encode(const torch::Tensor& x, const torch::Tensor& mask = {},
                       const torch::Tensor& calendar = {}, std::int64_t start = 0);

  ModelState initialState(std::int64_t batch) const;
  // One new step x_t [B, channels]. Forecast: [B, horizon, channels]; Classify:
  // logits [B, classes] for the sequence so far.
  torch::Tensor step(const torch::Tensor& x_t, ModelState& state,
                     const torch::Tensor& calendar_t = {});

  std::int64_t parameterCount() const;

  // The linear skip's forecast of windows [..., input_window] (cycle removed) as
  // options.skip_level says: [..., horizon].
  torch::Tensor skipForecast(const torch::Tensor& windows);

  ModelOptions options;
  std::shared_ptr<EncoderImpl> encoder;
  ForecastHead forecast_head{nullptr};
  DailyCycle cycle{nullptr};          // options.daily_cycle > 0
  torch::nn::Linear skip{nullptr};    // options.linear_skip: input_window -> horizon, shared by the channels
  ClassifierHead classifier_head{nullptr};

 private:
  void checkInput(const torch::Tensor& x) const;
  // The forecast from every position (last = false, [B, T, H, C]) or the last ([B, H, C]).
  torch::Tensor forecast(const torch::Tensor& x, const torch::Tensor& calendar, std::int64_t start, bool last);
};
TORCH_MODULE(Model);

// Validates the options (std::invalid_argument with the field named) and builds the model.
Model makeModel(const ModelOptions& options);

}  // namespace aaren
