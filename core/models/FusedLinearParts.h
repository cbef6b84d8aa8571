#pragma once
// The fused inference path's copy of a forecaster's linear parts (Model.h): the daily
// cycle, evaluated from the time of day of the calendar features, and the linear skip.
// Plain float loops, no allocation per call; the same results as DailyCycleImpl and the
// skip's Linear (tested through FusedAarenStep).
// Threading: immutable after construction.
#include "core/models/ModelOptions.h"

#include <cstdint>
#include <vector>

namespace aaren {

struct ModelImpl;

class FusedLinearParts {
 public:
  FusedLinearParts() = default;
  // Copies the model's cycle and skip (either may be absent).
  explicit FusedLinearParts(const ModelImpl& model);

  bool hasCycle() const { return harmonics_ > 0; }
  bool hasSkip() const { return window_ > 0; }
  std::int64_t window() const { return window_; }

  // The cycle at the calendar features' time, channels floats. `features` is scratch of
  // 2 × harmonics floats.
  void cycleAt(const float* calendar, float* features, float* out) const;
  // out[k * channels + c] += the cycle of channel c, k + 1 steps after the calendar's time.
  void addCycleAhead(const float* calendar, float* features, float* out) const;
  // out[k * stride] += skip(window)[k] for k < horizon; window holds window() values and
  // y is scratch of horizon floats.
  void addSkip(const float* window, float* y, float* out, std::int64_t stride) const;

 private:
  void features(const float* calendar, float* f) const;

  std::int64_t channels_ = 0, horizon_ = 0, harmonics_ = 0, window_ = 0;
  std::vector<float> coef_;   // [2K, channels]
  std::vector<float> ahead_;  // [2K, horizon × channels]: features(φ) · ahead_ = the cycle ahead
  std::vector<float> skip_wt_, skip_b_;  // [window, horizon], [horizon]
  SkipLevel skip_level_ = SkipLevel::Absolute;
};

}  // namespace aaren
