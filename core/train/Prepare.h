#pragma once
// From what the readers return to what the trainers take: missing-value policy, the
// time-ordered split, a scaler fitted on the training part only, calendar features.
// No Torch.
#include "core/data/LabeledSeriesSet.h"
#include "core/data/MissingPolicy.h"
#include "core/data/Scaler.h"
#include "core/data/Series.h"
#include "core/data/Split.h"
#include "core/train/ForecastData.h"

#include <string>
#include <vector>

namespace aaren::train {

enum class SplitKind { Ett, Ratios };

struct ForecastPrepOptions {
  std::int64_t lookback = 96, horizon = 96;
  SplitKind split = SplitKind::Ratios;
  double train_ratio = 0.7, val_ratio = 0.1;  // SplitKind::Ratios; test is the rest
  data::ScalerKind scaler = data::ScalerKind::Standard;
  data::MissingPolicy missing = data::MissingPolicy::Interpolate;
  bool calendar = false;              // needs timestamps
  std::vector<std::string> columns;   // value columns to use; empty = all
  // When set (one entry per used column), scale with these instead of fitting on the
  // training part: how a saved model's scaler is applied to new data.
  std::vector<double> fixed_offset, fixed_scale;
};

struct PreparedForecast {
  ForecastData data;
  data::Scaler scaler;
  data::MissingReport missing;
  data::SplitBorders borders;
  std::int64_t frequency_seconds = 0;
  std::int64_t first_timestamp = 0;  // of row 0, when timed
  std::vector<std::int64_t> timestamps;
};

// Throws std::invalid_argument naming the problem (unknown column, too short for the split,
// no timestamps for calendar features, NaNs left after the policy).
PreparedForecast prepareForecast(data::Series series, const ForecastPrepOptions& options);

struct PreparedClassification {
  ClassifyData data;
  std::vector<double> offset, scale;  // per channel: scaled = (x - offset) / scale
};

// Train and test sets must have the same channels and class names (the test set's classes
// are mapped onto the training set's by name). Channels are standardised with the training
// cases' mean and standard deviation; NaNs become 0 after scaling (the channel mean).
PreparedClassification prepareClassification(const data::LabeledSeriesSet& train, const data::LabeledSeriesSet& test);

}  // namespace aaren::train
