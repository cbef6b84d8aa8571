#pragma once
// The closed-form start of a forecaster's linear parts, before gradient training:
// the daily cycle's coefficients by least squares on the training rows (with a level), then
// the linear skip by ridge regression (`ridge` × windows on the weights, not the bias) of
// every training window's targets (less the cycle ahead) on its input window (less the
// cycle) at the model's skip_level (LinearCandidates' fitLinearPart). The head's
// output is zeroed, so the untrained model is exactly that linear forecast and the network
// learns what it leaves. Internal to core/train.
#include "core/models/Model.h"
#include "core/train/ForecastData.h"
#include "core/train/LinearCandidates.h"

namespace aaren::train::detail {

// No-op for a model without a daily cycle or a linear skip. Throws std::invalid_argument
// when the training rows cannot determine the fit (too few rows, no calendar features).
void fitLinearParts(ModelImpl& model, const ForecastData& data, double ridge = 1e-3);

// Puts `choice` into the model's cycle and skip and zeroes the head's output, so the model
// forecasts exactly the chosen linear part until the network trains. Throws
// std::invalid_argument when the model's options (daily_cycle harmonics, skip_level,
// input_window, horizon, channels) do not match the choice.
void applyLinearChoice(ModelImpl& model, const LinearChoice& choice);

// The daily cycle's coefficients [2K, C] (double) for rows `values` [n, C] at times
// `calendar` [n, kCalendarFeatures]: least squares with a level per channel (`ridge` × n on
// the harmonics, not the level), the level dropped. What fitLinearParts puts in a model's
// cycle; the "daily cycle + linear" baseline uses it too.
torch::Tensor dailyCycleCoefficients(const DailyCycleImpl& cycle, const torch::Tensor& values, const torch::Tensor& calendar,
                                     double ridge);

}  // namespace aaren::train::detail
