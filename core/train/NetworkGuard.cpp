#include "core/train/NetworkGuard.h"

#include "core/models/Model.h"
#include "core/train/LinearCandidates.h"
#include "core/train/Trainer.h"

#include <cstdio>

namespace aaren::train {
namespace {

std::string fixed4(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

}  // namespace

std::string NetworkGuard::message() const {
  if (!checked) return {};
  const std::string scores = " on validation (MSE " + fixed4(network_val_mse) + " against " + fixed4(linear_val_mse) +
                             ", one standard error " + fixed4(gap_se) + ")";
  if (network_kept) return "The " + network_name + " improves on " + linear_name + scores + ": kept.";
  return "The " + network_name + " does not beat " + linear_name + " by more than one standard error" + scores +
         ": the model forecasts with " + linear_name + " alone.";
}

void switchOffNetwork(ModelImpl& model) {
  torch::NoGradGuard no_grad;
  model.forecast_head->proj->weight.zero_();
  model.forecast_head->proj->bias.zero_();
}

ForecastEvaluation evaluateWithoutNetwork(ModelImpl& model, const ForecastData& d, const RowRange& range, double mase_scale) {
  torch::NoGradGuard no_grad;
  // Restores the head on every way out, an exception included.
  struct Restore {
    torch::nn::LinearImpl& proj;
    torch::Tensor weight, bias;
    ~Restore() {
      torch::NoGradGuard no_grad;
      proj.weight.copy_(weight);
      proj.bias.copy_(bias);
    }
  } restore{*model.forecast_head->proj, model.forecast_head->proj->weight.clone(), model.forecast_head->proj->bias.clone()};
  switchOffNetwork(model);
  return evaluateForecaster(model, d, range, 0, mase_scale);
}

NetworkGuard guardNetwork(ModelImpl& model, const ForecastData& d, const std::string& linear_name) {
  NetworkGuard g;
  if (!model.skip && !model.cycle) return g;
  g.checked = true;
  g.linear_name = linear_name;
  g.network_name = model.options.type == ModelType::Aaren ? "Aaren network" : "Transformer network";
  torch::NoGradGuard no_grad;
  const auto with = evaluateForecaster(model, d, d.val);
  const auto without = evaluateWithoutNetwork(model, d, d.val);
  std::vector<double> diff(with.window_mse.size());
  for (std::size_t w = 0; w < diff.size(); ++w) diff[w] = with.window_mse[w] - without.window_mse[w];
  g.network_val_mse = with.metrics.mse;
  g.linear_val_mse = without.metrics.mse;
  g.gap_se = neweyWestStandardError(diff, d.horizon);
  g.network_kept = g.network_val_mse < g.linear_val_mse - g.gap_se;
  if (!g.network_kept) switchOffNetwork(model);
  return g;
}

}  // namespace aaren::train
