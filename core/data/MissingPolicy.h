#pragma once
// Missing-value policy for a Series: fill NaNs by linear interpolation or forward fill, or
// drop the rows that hold any. Reports what it changed.
//
// Threading: modifies the Series in place; no shared state.
#include <cstddef>
#include <vector>

#include "core/data/Series.h"

namespace aaren::data {

enum class MissingPolicy {
  Interpolate,  // linear in time (in row index when there are no timestamps); leading and
                // trailing NaNs take the nearest value
  ForwardFill,  // last seen value; leading NaNs take the first value (back fill)
  Drop,         // remove every row with a NaN in any value column
};

struct MissingReport {
  std::vector<std::size_t> filled;  // per value column
  std::size_t rowsDropped = 0;
  std::size_t remaining = 0;        // NaNs left (columns with no value at all)
  std::size_t totalFilled() const;
};

MissingReport applyMissingPolicy(Series& series, MissingPolicy policy);

}  // namespace aaren::data
