#pragma once
// Sampling frequency inference and time-axis checks (gaps, duplicates, out-of-order rows).
//
// Threading: pure functions, thread-safe.
#include <cstdint>
#include <span>
#include <string>

namespace aaren::data {

// A regular step. Calendar steps (monthly, quarterly, yearly) have months > 0 and seconds set
// to the nominal length (months x 2,629,746 s, the mean Gregorian month); other steps have
// months == 0. seconds == 0 means unknown (fewer than two distinct timestamps).
struct Frequency {
  std::int64_t seconds = 0;
  std::int32_t months = 0;

  bool known() const noexcept { return seconds > 0; }
  // "hourly", "daily", "weekly", "monthly", "15 min", "every 2 h", "every 90 s", "unknown"
  std::string label() const;
  friend bool operator==(const Frequency&, const Frequency&) = default;
};

inline constexpr std::int64_t kSecondsPerMonth = 2629746;

struct TimeStats {
  Frequency frequency;
  std::uint64_t gaps = 0;          // consecutive pairs further apart than one step
  std::uint64_t missingSteps = 0;  // steps that would fill those gaps
  std::uint64_t irregular = 0;     // positive deltas that are not a whole number of steps
  std::uint64_t duplicates = 0;    // rows with the same timestamp as the row before
  std::uint64_t outOfOrder = 0;    // rows earlier than the row before
  std::int64_t first = 0, last = 0;  // span (first/last row), when there are rows
};

// The step is the most common positive difference between consecutive timestamps; when every
// timestamp falls on the same day of the month at the same time and that step is 28-31,
// 89-92 or 365-366 days, the step is calendar based (1, 3 or 12 months).
TimeStats analyzeTimes(std::span<const std::int64_t> timestamps);

}  // namespace aaren::data
