#include "core/data/Scaler.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace aaren::data {

Scaler Scaler::fit(const Series& s, RowRange rows, ScalerKind kind) {
  if (rows.end > s.rows || rows.begin >= rows.end) throw std::invalid_argument("Scaler::fit: empty or out-of-range rows");
  Scaler sc;
  sc.kind_ = kind;
  for (std::size_t c = 0; c < s.cols(); ++c) {
    const auto col = s.column(c).subspan(rows.begin, rows.size());
    double offset = 0, scale = 1;
    if (kind == ScalerKind::Standard) {
      double sum = 0;
      std::size_t n = 0;
      for (double v : col)
        if (!std::isnan(v)) sum += v, ++n;
      const double mean = n ? sum / static_cast<double>(n) : 0.0;
      double ss = 0;
      for (double v : col)
        if (!std::isnan(v)) ss += (v - mean) * (v - mean);
      const double sd = n ? std::sqrt(ss / static_cast<double>(n)) : 0.0;
      offset = mean;
      scale = sd > 0 ? sd : 1.0;
    } else {
      double lo = std::numeric_limits<double>::infinity(), hi = -lo;
      for (double v : col)
        if (!std::isnan(v)) lo = std::min(lo, v), hi = std::max(hi, v);
      if (lo > hi) lo = hi = 0;
      offset = lo;
      scale = hi > lo ? hi - lo : 1.0;
    }
    sc.offset_.push_back(offset);
    sc.scale_.push_back(scale);
  }
  return sc;
}

Scaler Scaler::fromParameters(ScalerKind kind, std::vector<double> offset, std::vector<double> scale) {
  if (offset.size() != scale.size())
    throw std::invalid_argument("Scaler: " + std::to_string(offset.size()) + " offsets but " + std::to_string(scale.size()) + " scales");
  for (std::size_t c = 0; c < scale.size(); ++c)
    if (!(scale[c] > 0) || !std::isfinite(scale[c]) || !std::isfinite(offset[c]))
      throw std::invalid_argument("Scaler: column " + std::to_string(c + 1) + " has scale " + std::to_string(scale[c]) + " and offset " +
                                  std::to_string(offset[c]) + " (the scale must be positive, both finite)");
  Scaler sc;
  sc.kind_ = kind;
  sc.offset_ = std::move(offset);
  sc.scale_ = std::move(scale);
  return sc;
}

void Scaler::transform(std::span<double> values, std::size_t c) const {
  const double o = offset_[c], inv = 1.0 / scale_[c];
  for (double& v : values) v = (v - o) * inv;
}

void Scaler::inverse(std::span<double> values, std::size_t c) const {
  const double o = offset_[c], k = scale_[c];
  for (double& v : values) v = v * k + o;
}

void Scaler::transform(Series& s) const {
  if (s.cols() != offset_.size()) throw std::invalid_argument("Scaler: column count differs from the fitted series");
  for (std::size_t c = 0; c < s.cols(); ++c) transform(s.column(c), c);
}

void Scaler::inverse(Series& s) const {
  if (s.cols() != offset_.size()) throw std::invalid_argument("Scaler: column count differs from the fitted series");
  for (std::size_t c = 0; c < s.cols(); ++c) inverse(s.column(c), c);
}

}  // namespace aaren::data
