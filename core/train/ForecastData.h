#pragma once
// What a forecasting run trains and scores on: scaled values, time-major, with the
// train / validation / test row ranges. No Torch.
// A window starting at row s reads the lookback rows [s, s+L) and is scored on the
// horizon rows [s+L, s+L+H); a window belongs to a range when all its rows lie inside it
// (the ETT convention lets the validation and test ranges begin L rows before their
// border, so their first target is the border row).
#include "core/data/Split.h"
#include "core/train/Metrics.h"

#include <cstdint>
#include <string>
#include <vector>

namespace aaren::train {

using data::RowRange;

struct ForecastData {
  std::int64_t rows = 0, channels = 0;
  std::vector<float> values;        // [rows, channels], scaled
  std::vector<float> calendar;      // [rows, kCalendarFeatures] or empty
  std::vector<std::int64_t> timestamps;  // [rows] seconds since the epoch, or empty (no time axis)
  std::vector<std::string> names;   // channel names
  std::int64_t lookback = 96, horizon = 96;
  RowRange train, val, test;
  // How the scaled values map back to the data's own units (and each channel's MASE
  // scale), for metrics in original units; empty: those metrics are left out (NaN).
  MetricUnits units;

  // Number of windows inside the range (0 if it is too short).
  std::int64_t windows(const RowRange& range) const;
  const float* row(std::int64_t r) const { return values.data() + r * channels; }
  bool hasCalendar() const { return !calendar.empty(); }
  // Throws std::invalid_argument naming what is inconsistent.
  void check() const;
};

// One labelled sequence for classification: [length, channels] values, time-major.
struct LabeledCase {
  std::int64_t length = 0;
  std::vector<float> values;
  int label = 0;
};

struct ClassifyData {
  std::int64_t channels = 0;
  std::vector<std::string> class_names;  // label i is class_names[i]
  std::vector<LabeledCase> train, val, test;
  std::int64_t maxLength() const;
  void check() const;
};

}  // namespace aaren::train
