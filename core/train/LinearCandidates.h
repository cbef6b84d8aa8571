#pragma once
// The default forecaster's least-squares part, chosen on the validation windows only
// (docs/notes/forecast-defaults-study.md, §1 and §5). No Torch here.
//
// Candidates, all on the scaled values, one map shared by the channels:
//   naive                      ŷ_k = x_L
//   seasonal naive (P)         ŷ_k = x[L − P + (k mod P)], P the detected period ≤ window
//   linear                     ŷ = V x + b
//   level-free linear          ŷ = V(x − μ) + b + μ             (μ the window's mean)
//   RLinear                    ŷ = V(x − μ) + σ·b + μ            (σ its spread)
//   daily cycle + each of the three maps, when the series has a sub-daily step dividing a day:
//                              the per-channel Fourier cycle of the time of day taken out of
//                              the inputs, the map on what is left, the cycle put back at the
//                              time of each forecast step.
// x is the last `window` rows of the lookback. Each map is a ridge fit on every training
// window of every channel, λ from ridgeGrid() chosen by validation MSE.
//
// Choice: the one-standard-error rule. The candidate with the lowest validation MSE is the
// reference; every candidate whose validation MSE is within one Newey–West standard error
// (Bartlett weights, bandwidth = horizon: overlapping windows are correlated) of its paired
// per-window difference to the reference is eligible; of those the one with the fewest
// parameters (naive and seasonal naive have none), ties to the lower validation MSE.
#include "core/models/ModelOptions.h"
#include "core/train/ForecastData.h"

#include <cstdint>
#include <string>
#include <vector>

namespace aaren::train {

enum class LinearKind { Naive, SeasonalNaive, Map };

struct LinearCandidate {
  std::string name;             // "daily cycle + level-free linear"
  LinearKind kind = LinearKind::Map;
  bool daily_cycle = false;
  SkipLevel level = SkipLevel::Absolute;  // Map only
  std::int64_t period = 0;                // SeasonalNaive only
  double ridge = 0;                       // Map: λ chosen on validation
  std::int64_t parameters = 0;            // H(window + 1) for a map, + 2K·C for the cycle
  double val_mse = 0;                     // over every validation window, scaled values
  double gap_se = 0;                      // SE of the per-window difference to the lowest
  bool eligible = false;                  // within one SE of the lowest
};

struct LinearChoice {
  std::vector<LinearCandidate> candidates;
  std::size_t chosen = 0;
  std::int64_t harmonics = 0;             // of the chosen daily cycle (0: none)
  std::int64_t window = 0;                // inputs the map reads (the last of the lookback)
  std::int64_t channels = 0, horizon = 0;
  std::vector<double> cycle_coef;         // [2K, channels] when harmonics > 0
  // The chosen forecast as a model's linear skip with predict_delta (Model.h, SkipLevel):
  // weights [horizon][window] (V − 1·e_Lᵀ) and bias [horizon].
  std::vector<double> weights, bias;
  std::vector<double> window_mse;         // the pick's MSE per validation window (chooseLinearPart)
  const LinearCandidate& pick() const { return candidates.at(chosen); }
};

struct LinearChoiceOptions {
  std::int64_t window = 0;           // 0 = the lookback
  std::int64_t step_seconds = 0;     // > 0 with a regular sub-daily grid: the cycle candidates
  std::int64_t harmonics = 12;       // of the daily cycle, capped at half the samples a day
  std::int64_t seasonal_period = 0;  // 0 = detected (detectPeriod); 1 = none
  // The model adds the last input back (ModelOptions::predict_delta). Without it only the
  // maps on the window as it is are candidates (a skip level needs predict_delta).
  bool predict_delta = true;
};

// Fits and scores every candidate and picks one. Needs at least one training and one
// validation window (std::invalid_argument otherwise).
LinearChoice chooseLinearPart(const ForecastData& data, const LinearChoiceOptions& options = {});

// One map (with the daily cycle when `daily_cycle`) at a fixed λ = `ridge`, no choice: what a
// model configured by hand starts from (LinearFit). Needs a training window.
LinearChoice fitLinearPart(const ForecastData& data, const LinearChoiceOptions& options, bool daily_cycle, SkipLevel level,
                           double ridge);

// What a model's least-squares part is, from its options: "daily cycle + level-free linear",
// "linear", "daily cycle", or "" without a cycle or a skip.
std::string linearPartName(const ModelOptions& options);

// The Newey–West standard error of the mean of `d` (Bartlett weights, `bandwidth` lags).
double neweyWestStandardError(const std::vector<double>& d, std::int64_t bandwidth);

// The one-standard-error pick among candidates with per-window validation MSEs
// `window_mse[i]` and parameter counts; sets val_mse, gap_se and eligible. Returns the index.
std::size_t oneStandardErrorPick(std::vector<LinearCandidate>& candidates, const std::vector<std::vector<double>>& window_mse,
                                 std::int64_t bandwidth);

}  // namespace aaren::train
