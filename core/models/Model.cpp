#include "core/models/Model.h"

#include "core/models/Aaren.h"
#include "core/models/Embedding.h"
#include "core/models/Transformer.h"

#include <stdexcept>

namespace aaren {

std::int64_t ModelState::bytes() const {
  std::int64_t total = encoder ? encoder->bytes() : 0;
  if (pooled_sum.defined()) total += pooled_sum.numel() * static_cast<std::int64_t>(pooled_sum.element_size());
  return total;
}

std::int64_t ModelState::allocatedBytes() const {
  std::int64_t total = encoder ? encoder->allocatedBytes() : 0;
  if (pooled_sum.defined()) total += pooled_sum.numel() * static_cast<std::int64_t>(pooled_sum.element_size());
  return total;
}

namespace {

// The options the encoder sees: one input channel per sequence when channels run
// independently.
ModelOptions encoderOptions(ModelOptions o) {
  if (o.channel_independent) o.channels = 1;
  return o;
}

}  // namespace

ModelImpl::ModelImpl(const ModelOptions& o) : options(o) {
  validate(o);
  const auto eo = encoderOptions(o);
  if (o.type == ModelType::Aaren)
    encoder = register_module("encoder", std::make_shared<AarenEncoderImpl>(eo));
  else
    encoder = register_module("encoder", std::make_shared<TransformerEncoderImpl>(eo));
  if (o.task == Task::Forecast) {
    forecast_head = register_module("head", ForecastHead(o.d_model, o.horizon, eo.channels));
    if (o.daily_cycle > 0) cycle = register_module("cycle", DailyCycle(o.channels, o.daily_cycle, o.step_seconds));
    if (o.linear_skip) skip = register_module("skip", torch::nn::Linear(o.input_window, o.horizon));
  } else
    classifier_head = register_module("head", ClassifierHead(o.d_model, o.classes, o.dropout));
}

torch::Tensor ModelImpl::encode(const torch::Tensor& x, const torch::Tensor& mask,
                                const torch::Tensor& calendar, std::int64_t start) {
  if (!options.channel_independent) return encoder->forward(x, mask, calendar, start);
  // [B, T, C] -> [B*C, T, 1]: channel c of sequence b is row b*C + c.
  const auto B = x.size(0), T = x.size(1), C = x.size(2);
  auto xs = x.permute({0, 2, 1}).reshape({B * C, T, 1});
  auto ms = mask.defined() ? mask.repeat_interleave(C, 0) : mask;
  auto cs = calendar.defined() ? calendar.repeat_interleave(C, 0) : calendar;
  return encoder->forward(xs, ms, cs, start);
}

void ModelImpl::checkInput(const torch::Tensor& x) const {
  if (x.dim() != 3 || x.size(2) != options.channels)
    throw std::invalid_argument("Model: expected input [B, T, " + std::to_string(options.channels) +
                                "], got " + std::to_string(x.dim()) + " dimensions" +
                                (x.dim() == 3 ? " with " + std::to_string(x.size(2)) + " channels"
                                              : std::string()));
}

torch::Tensor ModelImpl::forward(const torch::Tensor& x, const torch::Tensor& mask,
                                 const torch::Tensor& calendar, std::int64_t start) {
  checkInput(x);
  if (options.task == Task::Forecast) return forecast(x, calendar, start, false);
  auto hidden = encode(x, mask, calendar, start);
  auto pooled = options.pooling == Pooling::Last ? poolLast(hidden, mask) : poolMean(hidden, mask);
  return classifier_head->forward(pooled);
}

torch::Tensor ModelImpl::forecastLast(const torch::Tensor& x, const torch::Tensor& calendar, std::int64_t start) {
  checkInput(x);
  if (options.task != Task::Forecast) throw std::invalid_argument("Model::forecastLast: not a forecasting model");
  return forecast(x, calendar, start, true);
}

torch::Tensor ModelImpl::forecast(const torch::Tensor& x, const torch::Tensor& calendar, std::int64_t start, bool last) {
  const auto B = x.size(0), T = x.size(1), C = x.size(2);
  // What the network and the skip read: the inputs less the daily cycle at their times.
  const torch::Tensor xin = cycle ? x - cycle->at(calendar) : x;
  auto tail = [&](const torch::Tensor& t) { return last ? t.narrow(1, T - 1, 1) : t; };
  auto hidden = tail(encode(xin, {}, calendar, start));
  auto y = forecast_head->forward(hidden);  // [B', T', H, C']
  const auto Tn = hidden.size(1);
  if (options.channel_independent) y = y.reshape({B, C, Tn, options.horizon}).permute({0, 2, 3, 1});
  // The spread of a channel's window is that channel's whether it runs alone or not.
  if (options.scale_window) y = y * tail(encoder->windowScale(xin)).unsqueeze(2);
  if (skip) {
    auto windows = tail(causalWindows(xin, {}, options.input_window));  // [B, T', W, C]
    y = y + skipForecast(windows.transpose(2, 3)).transpose(2, 3);      // [B, T', H, C]
  }
  if (options.predict_delta) y = y + tail(xin).unsqueeze(2);
  if (cycle) y = y + cycle->ahead(tail(calendar), options.horizon);
  return last ? y.squeeze(1) : y;
}

torch::Tensor ModelImpl::skipForecast(const torch::Tensor& windows) {
  if (options.skip_level == SkipLevel::Absolute) return skip->forward(windows);
  auto mu = windows.mean(-1, true);
  auto y = torch::nn::functional::linear(windows - mu, skip->weight);
  if (options.skip_level == SkipLevel::Mean) return y + skip->bias;
  auto sigma = (windows.var(-1, /*unbiased=*/false, /*keepdim=*/true) + kSkipSpreadEpsilon).sqrt();
  return y + sigma * skip->bias;
}

ModelState ModelImpl::initialState(std::int64_t batch) const {
  ModelState state;
  state.encoder = encoder->initialState(options.channel_independent ? batch * options.channels : batch);
  if (options.task == Task::Classify && options.pooling == Pooling::Mean)
    state.pooled_sum = torch::zeros({batch, options.d_model});
  return state;
}

torch::Tensor ModelImpl::step(const torch::Tensor& x_t, ModelState& state,
                              const torch::Tensor& calendar_t) {
  if (!state.encoder) throw std::invalid_argument("Model::step: state not initialised (use initialState)");
  if (x_t.dim() != 2 || x_t.size(1) != options.channels)
    throw std::invalid_argument("Model::step: expected input [B, " + std::to_string(options.channels) + "]");
  if (options.task == Task::Forecast) {
    const auto B = x_t.size(0), C = x_t.size(1);
    const torch::Tensor xin = cycle ? x_t - cycle->at(calendar_t) : x_t;
    // The previous inputs [B, W - 1, C] (channel-independent encoders keep them per channel
    // stream), read before the step moves them.
    const torch::Tensor& held = state.encoder->input_history;
    torch::Tensor history = held.defined() && options.channel_independent
                                ? held.reshape({B, C, options.input_window - 1}).transpose(1, 2)
                                : held;
    torch::Tensor skipped;  // [B, H, C]
    if (skip) {
      auto window = causalWindows(xin.unsqueeze(1), history, options.input_window).select(1, 0);  // [B, W, C]
      skipped = skipForecast(window.transpose(1, 2)).transpose(1, 2);
    }
    torch::Tensor y, scale;  // scale [B, C]: measured on the history before the step moves it
    if (options.channel_independent) {
      auto cal = calendar_t.defined() ? calendar_t.repeat_interleave(C, 0) : calendar_t;
      auto xs = xin.reshape({B * C, 1});
      if (options.scale_window) scale = encoder->windowScale(xs.unsqueeze(1), held).reshape({B, C});
      auto hidden = encoder->step(xs, *state.encoder, cal);
      y = forecast_head->forward(hidden).reshape({B, C, options.horizon}).permute({0, 2, 1});
    } else {
      if (options.scale_window) scale = encoder->windowScale(xin.unsqueeze(1), held).squeeze(1);
      y = forecast_head->forward(encoder->step(xin, *state.encoder, calendar_t));
    }
    if (options.scale_window) y = y * scale.unsqueeze(1);
    if (skipped.defined()) y = y + skipped;
    if (options.predict_delta) y = y + xin.unsqueeze(1);
    if (cycle) y = y + cycle->ahead(calendar_t, options.horizon);
    return y;
  }
  auto hidden = encoder->step(x_t, *state.encoder, calendar_t);
  if (options.pooling == Pooling::Last) return classifier_head->forward(hidden);
  state.pooled_sum = state.pooled_sum.to(hidden.dtype()) + hidden;
  return classifier_head->forward(state.pooled_sum / static_cast<double>(state.encoder->steps));
}

std::int64_t ModelImpl::parameterCount() const {
  std::int64_t total = 0;
  for (const auto& p : parameters()) total += p.numel();
  return total;
}

Model makeModel(const ModelOptions& options) {
  validate(options);
  return Model(options);
}

}  // namespace aaren
