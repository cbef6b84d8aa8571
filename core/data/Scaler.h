#pragma once
// Per-column scalers fitted on a row range (the training part) and applied to the whole
// series: standard ((x - mean) / std, population std) or min-max ((x - min) / (max - min)).
// NaNs are ignored when fitting and stay NaN. A constant column gets scale 1.
//
// Threading: a fitted Scaler is immutable; share it freely.
#include <cstddef>
#include <span>
#include <vector>

#include "core/data/Series.h"
#include "core/data/Split.h"

namespace aaren::data {

enum class ScalerKind { Standard, MinMax };

class Scaler {
 public:
  static Scaler fit(const Series& series, RowRange rows, ScalerKind kind);
  // A scaler with known parameters (e.g. read from a model file). Throws
  // std::invalid_argument when the sizes differ or a scale is not positive and finite.
  static Scaler fromParameters(ScalerKind kind, std::vector<double> offset, std::vector<double> scale);

  void transform(Series& series) const;  // in place, every value column
  void inverse(Series& series) const;
  void transform(std::span<double> values, std::size_t column) const;
  void inverse(std::span<double> values, std::size_t column) const;
  double transform(double v, std::size_t column) const { return (v - offset_[column]) / scale_[column]; }
  double inverse(double v, std::size_t column) const { return v * scale_[column] + offset_[column]; }

  ScalerKind kind() const noexcept { return kind_; }
  const std::vector<double>& offset() const noexcept { return offset_; }  // mean or min
  const std::vector<double>& scale() const noexcept { return scale_; }    // std or max - min

 private:
  ScalerKind kind_ = ScalerKind::Standard;
  std::vector<double> offset_, scale_;
};

}  // namespace aaren::data
