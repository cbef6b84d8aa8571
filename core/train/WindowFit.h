#pragma once
// Whether a lookback and a horizon fit a series under its split, and the pair to propose when
// they do not, before anything trains (the Train tab and `aaren train` say so up front rather
// than failing after the data is prepared). No Torch.
#include "core/train/Prepare.h"

#include <cstdint>
#include <optional>
#include <string>

namespace aaren::train {

// Windows of lookback + horizon rows in each part (0 when the part is too short).
struct PartWindows {
  std::int64_t train = 0, val = 0, test = 0;
  bool fits() const { return train > 0 && val > 0 && test > 0; }
};

// std::nullopt when the split itself cannot be made (ETT split on a short or untimed series,
// ratios leaving no part).
std::optional<PartWindows> windowsPerPart(std::size_t rows, const ForecastPrepOptions& prep, std::int64_t step_seconds);

struct WindowProposal {
  std::int64_t lookback = 0, horizon = 0;
  PartWindows windows;
};

// The asked lookback and horizon when they fit; otherwise the largest horizon up to the asked
// one that leaves three quarters of the smaller of the validation and test parts' rows as
// windows, and the largest lookback up to the asked one that leaves at least as many training
// windows as lookback + horizon rows (the rows of the training part halved), at least 4 (the
// Train tab's smallest). std::nullopt when even that does not fit (fewer than a few dozen rows).
std::optional<WindowProposal> fittingWindow(std::size_t rows, const ForecastPrepOptions& prep, std::int64_t step_seconds);

// "the validation part has 31 rows, fewer than the horizon 96 + 1 window" style reason why the
// asked pair does not fit ("" when it fits).
std::string windowMisfit(std::size_t rows, const ForecastPrepOptions& prep, std::int64_t step_seconds);

}  // namespace aaren::train
