#include "core/data/MissingPolicy.h"

#include <cmath>

namespace aaren::data {

std::size_t MissingReport::totalFilled() const {
  std::size_t n = 0;
  for (std::size_t f : filled) n += f;
  return n;
}

namespace {

// Position of row r on the interpolation axis.
double axis(const Series& s, std::size_t r) {
  return s.hasTime() ? static_cast<double>(s.timestamps[r] - s.timestamps[0]) : static_cast<double>(r);
}

std::size_t fillColumn(const Series& s, std::span<double> v, MissingPolicy policy) {
  const std::size_t n = v.size();
  std::size_t first = 0;
  while (first < n && std::isnan(v[first])) ++first;
  if (first == n) return 0;  // nothing to fill from
  std::size_t filled = 0;
  for (std::size_t r = 0; r < first; ++r, ++filled) v[r] = v[first];
  std::size_t prev = first;
  for (std::size_t r = first + 1; r < n; ++r) {
    if (!std::isnan(v[r])) {
      prev = r;
      continue;
    }
    std::size_t next = r;
    while (next < n && std::isnan(v[next])) ++next;
    for (std::size_t k = r; k < next; ++k, ++filled) {
      if (policy == MissingPolicy::ForwardFill || next == n) {
        v[k] = v[prev];
      } else {
        const double x0 = axis(s, prev), x1 = axis(s, next), x = axis(s, k);
        const double w = x1 > x0 ? (x - x0) / (x1 - x0) : 0.0;
        v[k] = v[prev] + w * (v[next] - v[prev]);
      }
    }
    r = next - 1;
  }
  return filled;
}

}  // namespace

MissingReport applyMissingPolicy(Series& s, MissingPolicy policy) {
  MissingReport rep;
  rep.filled.assign(s.cols(), 0);
  if (policy == MissingPolicy::Drop) {
    std::vector<bool> keep(s.rows, true);
    for (std::size_t c = 0; c < s.cols(); ++c) {
      const auto col = s.column(c);
      for (std::size_t r = 0; r < s.rows; ++r)
        if (std::isnan(col[r])) keep[r] = false;
    }
    const std::size_t before = s.rows;
    keepRows(s, keep);
    rep.rowsDropped = before - s.rows;
  } else {
    for (std::size_t c = 0; c < s.cols(); ++c) rep.filled[c] = fillColumn(s, s.column(c), policy);
    s.refreshStats();
  }
  rep.remaining = s.totalMissing();
  return rep;
}

}  // namespace aaren::data
