#pragma once
// One sample of a live series: a timestamp (optional) and one value per channel, as a
// stream source delivers it. Plain data, no Torch, no Qt.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace aaren::stream {

inline constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::min();

struct Sample {
  std::int64_t timestamp = kNoTime;  // seconds since the Unix epoch (UTC), or kNoTime
  std::vector<double> values;        // one per channel; NaN = missing
  // A new sequence starts with this sample (a classifier's state is reset before it).
  bool reset = false;
  // The class of the sequence this sample belongs to, when the source knows it ("" if not).
  std::string label;

  bool hasTime() const noexcept { return timestamp != kNoTime; }
};

}  // namespace aaren::stream
