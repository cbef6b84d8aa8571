#include "core/train/WindowFit.h"

#include "core/data/Split.h"

#include <algorithm>

namespace aaren::train {
namespace {

// The parts' borders at lookback 0 (every part's own rows), or nullopt.
std::optional<data::SplitBorders> ownRows(std::size_t rows, const ForecastPrepOptions& p, std::int64_t step_seconds) {
  try {
    if (p.split == SplitKind::Ett) return data::ettSplit(rows, step_seconds, 0);
    return data::splitByRatios(rows, p.train_ratio, p.val_ratio, 0);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::int64_t size(const data::RowRange& r) { return static_cast<std::int64_t>(r.size()); }

PartWindows windowsOf(const data::SplitBorders& b, std::int64_t L, std::int64_t H) {
  // The validation and test parts begin L rows early (their first target is the border row):
  // a part of n own rows holds n − H + 1 windows; the training part n − L − H + 1.
  auto nonNegative = [](std::int64_t v) { return std::max<std::int64_t>(v, 0); };
  return {nonNegative(size(b.train) - L - H + 1), nonNegative(size(b.val) - H + 1), nonNegative(size(b.test) - H + 1)};
}

}  // namespace

std::optional<PartWindows> windowsPerPart(std::size_t rows, const ForecastPrepOptions& p, std::int64_t step_seconds) {
  const auto b = ownRows(rows, p, step_seconds);
  if (!b || size(b->train) < p.lookback) return std::nullopt;
  return windowsOf(*b, p.lookback, p.horizon);
}

std::optional<WindowProposal> fittingWindow(std::size_t rows, const ForecastPrepOptions& p, std::int64_t step_seconds) {
  const auto b = ownRows(rows, p, step_seconds);
  if (!b) return std::nullopt;
  auto w = windowsOf(*b, p.lookback, p.horizon);
  if (w.fits()) return WindowProposal{p.lookback, p.horizon, w};
  const auto held = std::min(size(b->val), size(b->test));
  const auto H = std::min<std::int64_t>(p.horizon, std::max<std::int64_t>(1, held * 3 / 4));
  const auto L = std::min<std::int64_t>(p.lookback, (size(b->train) - H) / 2);
  if (L < 4) return std::nullopt;  // the Train tab's smallest lookback
  w = windowsOf(*b, L, H);
  if (!w.fits()) return std::nullopt;
  return WindowProposal{L, H, w};
}

std::string windowMisfit(std::size_t rows, const ForecastPrepOptions& p, std::int64_t step_seconds) {
  const auto b = ownRows(rows, p, step_seconds);
  if (!b) return "the series (" + std::to_string(rows) + " rows) is too short for this split";
  const auto w = windowsOf(*b, p.lookback, p.horizon);
  if (w.train < 1)
    return "the training part has " + std::to_string(size(b->train)) + " rows, fewer than lookback + horizon = " +
           std::to_string(p.lookback + p.horizon);
  if (w.val < 1)
    return "the validation part has " + std::to_string(size(b->val)) + " rows, fewer than the horizon " + std::to_string(p.horizon);
  if (w.test < 1)
    return "the test part has " + std::to_string(size(b->test)) + " rows, fewer than the horizon " + std::to_string(p.horizon);
  return {};
}

}  // namespace aaren::train
