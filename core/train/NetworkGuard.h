#pragma once
// The guard of a forecaster whose network was trained on top of a least-squares part (a
// daily cycle and/or a linear skip, LinearFit.h): the network stays only if it beats that
// part on the validation windows by more than one Newey–West standard error of the paired
// per-window difference (LinearCandidates.h, bandwidth = horizon). Otherwise the head's
// output is zeroed and the model forecasts with the least-squares part alone, exactly. So
// a saved model is never worse on validation than the part it was built on, and a network
// that only fits noise is not kept. No Torch here.
#include "core/train/ForecastData.h"

#include <string>

namespace aaren {
struct ModelImpl;
}

namespace aaren::train {

struct NetworkGuard {
  bool checked = false;          // false: the model has no least-squares part to fall back to
  std::string linear_name;       // "daily cycle + linear"
  std::string network_name;      // "Aaren network", "Transformer network"
  double linear_val_mse = 0;     // the least-squares part alone, validation windows
  double network_val_mse = 0;    // with the trained network
  double gap_se = 0;             // SE of the per-window difference
  bool network_kept = true;
  // One sentence for the CLI, the Evaluate tab and the report.
  std::string message() const;
};

// Scores the model with and without its network on data.val and keeps the network only if
// it is better by more than one SE (then the model is unchanged). `linear_name` names the
// least-squares part. A model without a linear skip or cycle is left as it is (checked = false).
NetworkGuard guardNetwork(aaren::ModelImpl& model, const ForecastData& data, const std::string& linear_name);

// Zeroes the forecast head's output layer: the forecast is then the least-squares part.
void switchOffNetwork(aaren::ModelImpl& model);

// The least-squares part alone on `range` (the model's network switched off for the call,
// then restored): what the network adds is the model's score less this one.
struct ForecastEvaluation;
ForecastEvaluation evaluateWithoutNetwork(aaren::ModelImpl& model, const ForecastData& data, const RowRange& range,
                                          double mase_scale = 0);

}  // namespace aaren::train
