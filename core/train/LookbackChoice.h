#pragma once
// A longer lookback when validation prefers it (the default forecaster with
// ForecastExperimentConfig::lookback_search). Aaren's state does not grow with the context, so a
// longer window costs nothing at inference; whether it helps is the data's to say. No Torch.
//
// The ladder: the asked lookback L, then 2L, 4L, … up to 512, each where the series' split
// still leaves training, validation and test windows. At each the least-squares part is chosen
// as usual (LinearCandidates.h); the validation targets are the same rows at every lookback
// (the validation part begins L rows early), so the picks compare window by window. Kept: the
// shortest lookback whose pick is within one Newey–West standard error of the best pick.
#include "core/data/Series.h"
#include "core/train/LinearCandidates.h"
#include "core/train/Prepare.h"

#include <cstdint>
#include <string>
#include <vector>

namespace aaren::train {

struct LookbackScore {
  std::int64_t lookback = 0;
  std::string pick;        // the least-squares part chosen at this lookback
  double val_mse = 0;
  double gap_se = 0;       // SE of the per-window difference to the best pick
  bool eligible = false;   // within one SE of the best
};

struct LookbackChoice {
  std::vector<LookbackScore> scores;  // ascending lookback
  std::size_t chosen = 0;
  LinearChoice part;                  // the least-squares choice at the chosen lookback
  std::int64_t lookback() const { return scores.at(chosen).lookback; }
};

// L, 2L, 4L, … ≤ max_lookback (at least L).
std::vector<std::int64_t> lookbackLadder(std::int64_t requested, std::int64_t max_lookback = 512);

// Scores the ladder on `series` prepared with `prep` (its lookback replaced at each rung).
// `options` are the least-squares choice's (its window is set to each lookback). A rung that
// does not fit the split is left out; throws std::invalid_argument when none fits.
LookbackChoice chooseLookback(const data::Series& series, ForecastPrepOptions prep, LinearChoiceOptions options);

}  // namespace aaren::train
