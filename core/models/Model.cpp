#include "core/models/Model.h"

#include "core/models/Aaren.h"
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

ModelImpl::ModelImpl(const ModelOptions& o) : options(o) {
  validate(o);
  if (o.type == ModelType::Aaren)
    encoder = register_module("encoder", std::make_shared<AarenEncoderImpl>(o));
  else
    encoder = register_module("encoder", std::make_shared<TransformerEncoderImpl>(o));
  if (o.task == Task::Forecast)
    forecast_head = register_module("head", ForecastHead(o.d_model, o.horizon, o.channels));
  else
    classifier_head = register_module("head", ClassifierHead(o.d_model, o.classes, o.dropout));
}

torch::Tensor ModelImpl::encode(const torch::Tensor& x, const torch::Tensor& mask,
                                const torch::Tensor& calendar) {
  return encoder->forward(x, mask, calendar);
}

torch::Tensor ModelImpl::forward(const torch::Tensor& x, const torch::Tensor& mask,
                                 const torch::Tensor& calendar) {
  auto hidden = encoder->forward(x, mask, calendar);
  if (options.task == Task::Forecast) return forecast_head->forward(hidden);
  auto pooled = options.pooling == Pooling::Last ? poolLast(hidden, mask) : poolMean(hidden, mask);
  return classifier_head->forward(pooled);
}

ModelState ModelImpl::initialState(std::int64_t batch) const {
  ModelState state;
  state.encoder = encoder->initialState(batch);
  if (options.task == Task::Classify && options.pooling == Pooling::Mean)
    state.pooled_sum = torch::zeros({batch, options.d_model});
  return state;
}

torch::Tensor ModelImpl::step(const torch::Tensor& x_t, ModelState& state,
                              const torch::Tensor& calendar_t) {
  if (!state.encoder) throw std::invalid_argument("Model::step: state not initialised (use initialState)");
  auto hidden = encoder->step(x_t, *state.encoder, calendar_t);
  if (options.task == Task::Forecast) return forecast_head->forward(hidden);
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
