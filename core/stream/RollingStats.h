#pragma once
// Small statistics the live panels show: step latency over the last N steps (median, p99),
// the mean absolute error of the last N one-step-ahead forecasts, and a decimated trace of
// memory and latency against samples seen that stays a bounded size however long the stream
// runs (when full, every other point is dropped and the spacing doubles).
// Threading: plain values, one thread at a time.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace aaren::stream {

// The last `capacity` values, with percentiles.
class RollingWindow {
 public:
  explicit RollingWindow(std::size_t capacity = 1000);
  void add(double value);
  void clear();
  std::size_t size() const noexcept { return filled_; }
  bool empty() const noexcept { return filled_ == 0; }
  double mean() const;                 // NaN when empty
  // p in [0, 100], nearest rank on the sorted window ("p99" of 1000 values is the 990th).
  double percentile(double p) const;   // NaN when empty
  double median() const { return percentile(50); }

 private:
  std::vector<double> values_;
  std::size_t next_ = 0, filled_ = 0;
  double sum_ = 0;
};

// One point of a model's memory/latency trace.
struct MemorySample {
  std::uint64_t samples = 0;         // samples the model had consumed
  std::int64_t state_bytes = 0;      // exact state held
  std::int64_t allocated_bytes = 0;  // reserved by its tensors
  double step_median_us = 0, step_p99_us = 0;  // over the latency window
  double cumulative_seconds = 0;     // total step time so far
  std::int64_t rss_bytes = 0;        // the process's resident memory (0 = unknown)
};

class DecimatedTrace {
 public:
  explicit DecimatedTrace(std::size_t max_points = 2048);
  // Whether a point is due after `samples` samples (samples = 1, then every interval).
  bool due(std::uint64_t samples) const noexcept;
  void add(const MemorySample& point);
  const std::vector<MemorySample>& points() const noexcept { return points_; }
  std::uint64_t interval() const noexcept { return interval_; }
  void clear();

 private:
  std::size_t max_points_;
  std::uint64_t interval_ = 1;
  std::vector<MemorySample> points_;
};

// Resident set size of this process in bytes, from /proc/self/statm (0 when unavailable).
std::int64_t processRssBytes();

}  // namespace aaren::stream
