#include "core/stream/RollingStats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include <unistd.h>

namespace aaren::stream {

RollingWindow::RollingWindow(std::size_t capacity) : values_(capacity) {
  if (capacity == 0) throw std::invalid_argument("RollingWindow: capacity must be at least 1");
}

void RollingWindow::add(double value) {
  if (filled_ == values_.size()) sum_ -= values_[next_];
  else ++filled_;
  values_[next_] = value;
  sum_ += value;
  next_ = (next_ + 1) % values_.size();
  // Re-sum now and then so rounding does not drift over millions of updates.
  if (next_ == 0) {
    sum_ = 0;
    for (std::size_t i = 0; i < filled_; ++i) sum_ += values_[i];
  }
}

void RollingWindow::clear() {
  next_ = filled_ = 0;
  sum_ = 0;
}

double RollingWindow::mean() const {
  if (filled_ == 0) return std::numeric_limits<double>::quiet_NaN();
  return sum_ / static_cast<double>(filled_);
}

double RollingWindow::percentile(double p) const {
  if (filled_ == 0) return std::numeric_limits<double>::quiet_NaN();
  std::vector<double> v(values_.begin(), values_.begin() + static_cast<std::ptrdiff_t>(filled_));
  p = std::clamp(p, 0.0, 100.0);
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  if (rank > 0) --rank;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(rank), v.end());
  return v[rank];
}

DecimatedTrace::DecimatedTrace(std::size_t max_points) : max_points_(std::max<std::size_t>(max_points, 4)) {}

bool DecimatedTrace::due(std::uint64_t samples) const noexcept { return samples == 1 || samples % interval_ == 0; }

void DecimatedTrace::add(const MemorySample& point) {
  points_.push_back(point);
  if (points_.size() < max_points_) return;
  // Keep the first point and every point on the doubled grid.
  interval_ *= 2;
  std::vector<MemorySample> kept;
  kept.reserve(max_points_ / 2 + 1);
  for (const auto& p : points_)
    if (p.samples == 1 || p.samples % interval_ == 0) kept.push_back(p);
  points_ = std::move(kept);
}

void DecimatedTrace::clear() {
  points_.clear();
  interval_ = 1;
}

std::int64_t processRssBytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  long long size = 0, resident = 0;
  const int n = std::fscanf(f, "%lld %lld", &size, &resident);
  std::fclose(f);
  if (n != 2) return 0;
  return static_cast<std::int64_t>(resident) * static_cast<std::int64_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace aaren::stream
