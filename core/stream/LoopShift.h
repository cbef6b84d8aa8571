#pragma once
// How far a looping replay or feed moves the time axis for its next pass over a series.
#include <cstdint>

namespace aaren::stream {

// A pass covers first..last plus one step. The next pass starts one step after the last
// row, except that a series sampled more often than daily (at a step that divides a day)
// starts its next pass at the same time of day as the first row: the shift is rounded up
// to whole days, so the time of day of every row stays what the data say (a daily cycle
// learnt from the series keeps its phase on every pass) at the price of a gap shorter than
// a day between the passes. Other steps (daily, monthly, irregular) just continue.
inline std::int64_t loopTimeShift(std::int64_t first, std::int64_t last, std::int64_t step) {
  constexpr std::int64_t kDay = 86400;
  const std::int64_t span = last - first + step;
  if (step <= 0 || step >= kDay || kDay % step != 0 || span <= 0) return span;
  return (span + kDay - 1) / kDay * kDay;
}

}  // namespace aaren::stream
