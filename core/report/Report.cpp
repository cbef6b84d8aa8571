#include "core/report/Report.h"

#include <cmath>

namespace aaren::report {

int MetricsTable::bestRow(std::size_t m) const {
  int best = -1;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (m >= rows[r].values.size()) continue;
    const double v = rows[r].values[m];
    if (!std::isfinite(v)) continue;
    if (best < 0) {
      best = static_cast<int>(r);
      continue;
    }
    const double b = rows[static_cast<std::size_t>(best)].values[m];
    if (lower_is_better ? v < b : v > b) best = static_cast<int>(r);
  }
  return best;
}

bool Plot::empty() const {
  for (const auto& line : lines)
    for (double y : line.y)
      if (std::isfinite(y)) return false;
  return true;
}

}  // namespace aaren::report
