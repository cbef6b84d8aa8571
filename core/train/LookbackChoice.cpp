#include "core/train/LookbackChoice.h"

#include "core/train/WindowFit.h"

#include <stdexcept>

namespace aaren::train {

std::vector<std::int64_t> lookbackLadder(std::int64_t requested, std::int64_t max_lookback) {
  std::vector<std::int64_t> ladder{requested};
  for (auto L = 2 * requested; L <= max_lookback && requested > 0; L *= 2) ladder.push_back(L);
  return ladder;
}

LookbackChoice chooseLookback(const data::Series& series, ForecastPrepOptions prep, LinearChoiceOptions options) {
  const auto step = series.hasTime() ? series.time.frequency.seconds : 0;
  const auto requested = prep.lookback;
  LookbackChoice out;
  std::vector<std::vector<double>> window_mse;
  std::vector<LinearChoice> picks;  // the least-squares choice at each rung kept
  for (auto L : lookbackLadder(prep.lookback)) {
    prep.lookback = L;
    const auto parts = windowsPerPart(series.rows, prep, step);
    if (!parts || !parts->fits()) continue;
    options.window = L;
    LinearChoice choice;
    try {
      choice = chooseLinearPart(prepareForecast(series, prep).data, options);
    } catch (const std::invalid_argument&) {
      continue;  // too long once rows are dropped (--missing drop): the shorter rungs stand
    }
    if (!window_mse.empty() && choice.window_mse.size() != window_mse.front().size()) continue;  // rows dropped differently
    LookbackScore s;
    s.lookback = L;
    s.pick = choice.pick().name;
    out.scores.push_back(s);
    window_mse.push_back(choice.window_mse);
    picks.push_back(std::move(choice));
  }
  if (out.scores.empty())
    throw std::invalid_argument("no lookback from " + std::to_string(requested) + " up fits this series' split");
  // The same one-standard-error rule as the candidates, with the lookback as the size.
  std::vector<LinearCandidate> as_candidates(out.scores.size());
  for (std::size_t i = 0; i < out.scores.size(); ++i) {
    as_candidates[i].name = out.scores[i].pick;
    as_candidates[i].parameters = out.scores[i].lookback;
  }
  out.chosen = oneStandardErrorPick(as_candidates, window_mse, prep.horizon);
  out.part = std::move(picks[out.chosen]);
  for (std::size_t i = 0; i < out.scores.size(); ++i) {
    out.scores[i].val_mse = as_candidates[i].val_mse;
    out.scores[i].gap_se = as_candidates[i].gap_se;
    out.scores[i].eligible = as_candidates[i].eligible;
  }
  return out;
}

}  // namespace aaren::train
