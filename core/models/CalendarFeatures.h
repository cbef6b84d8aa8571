#pragma once
// Calendar features of a timestamp, as sin/cos pairs so they wrap smoothly and stay
// meaningful on an unbounded stream. No Torch here.
#include <array>
#include <cstdint>

namespace aaren {

// hour-of-day, day-of-week, day-of-month, day-of-year — each as (sin, cos).
inline constexpr int kCalendarFeatures = 8;

// `epoch_seconds` is seconds since 1970-01-01T00:00:00 UTC (timestamps are treated as
// naive wall-clock times, i.e. UTC). Thread-safe, no allocation.
std::array<float, kCalendarFeatures> calendarFeatures(std::int64_t epoch_seconds);

}  // namespace aaren
