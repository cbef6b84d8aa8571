#pragma once
// Sliding windows over a Series as views: index arithmetic over the column-major buffer,
// no copies. Window i starts at range.begin + i * stride; its input is `lookback` rows and
// its target the `horizon` rows right after. Each channel of a window is a contiguous span.
// Calendar features: take the window's timestamps (inputTimes / targetTimes) to
// aaren::calendarFeatures (core/models/CalendarFeatures.h).
//
// Threading: views borrow the Series: keep it alive and unmodified while they are used.
// Read-only use from several threads is fine.
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>

#include "core/data/Series.h"
#include "core/data/Split.h"

namespace aaren::data {

struct WindowSpec {
  std::size_t lookback = 96;
  std::size_t horizon = 24;
  std::size_t stride = 1;
};

class Window {
 public:
  Window(const Series& s, std::size_t start, const WindowSpec& spec) : s_(&s), start_(start), spec_(spec) {}
  std::size_t start() const noexcept { return start_; }  // first input row
  std::span<const double> input(std::size_t column) const {
    return s_->column(column).subspan(start_, spec_.lookback);
  }
  std::span<const double> target(std::size_t column) const {
    return s_->column(column).subspan(start_ + spec_.lookback, spec_.horizon);
  }
  // Empty when the series has no timestamps.
  std::span<const std::int64_t> inputTimes() const {
    if (!s_->hasTime()) return {};
    return std::span<const std::int64_t>(s_->timestamps).subspan(start_, spec_.lookback);
  }
  std::span<const std::int64_t> targetTimes() const {
    if (!s_->hasTime()) return {};
    return std::span<const std::int64_t>(s_->timestamps).subspan(start_ + spec_.lookback, spec_.horizon);
  }

 private:
  const Series* s_;
  std::size_t start_;
  WindowSpec spec_;
};

class Windows {
 public:
  // Throws std::invalid_argument for lookback 0, stride 0 or a range outside the series.
  Windows(const Series& series, RowRange range, WindowSpec spec);
  Windows(const Series& series, WindowSpec spec) : Windows(series, {0, series.rows}, spec) {}

  std::size_t size() const noexcept { return count_; }
  bool empty() const noexcept { return count_ == 0; }
  Window operator[](std::size_t i) const { return Window(*s_, range_.begin + i * spec_.stride, spec_); }
  Window at(std::size_t i) const {
    if (i >= count_) throw std::out_of_range("window index out of range");
    return (*this)[i];
  }
  const WindowSpec& spec() const noexcept { return spec_; }

 private:
  const Series* s_;
  RowRange range_;
  WindowSpec spec_;
  std::size_t count_ = 0;
};

}  // namespace aaren::data
