#pragma once
// Seasonal period detection on the training part of a series (issue 17; the rule of
// docs/notes/forecast-defaults-study.md §4, `detect_periods` in
// scripts/study/forecast_defaults_study.py, reproduced to its printed figures).
//
//  1. Candidates come from the timestamp step, never from a free search:
//     a step dividing a day -> one day and one week (24 and 168 for hourly rows);
//     daily -> 7 and 365 (5 and 260 when no training timestamp falls on a Saturday or
//     Sunday); weekly -> 52; monthly (28-31 days) -> 12; quarterly (89-92 days) -> 4;
//     any other step -> none. The step is the most common positive difference between
//     consecutive training timestamps. Without timestamps the candidates are the (at most
//     3) highest peaks of the channel-mean autocorrelation above 0.2 at lags
//     [2, min(rows / 3, 400)] (over the first 20,000 training rows at most), tested by the
//     same rule.
//     A candidate needs at least 3 full cycles in the training rows.
//  2. Seasonal strength per channel: d = x - MA_p(x) (centred moving average of length p,
//     2 x p for even p, valid part only); the phase means of d, made zero-mean, are the
//     seasonal part; S = max(0, 1 - var(d - seasonal) / var(d)). S_p is the mean over channels.
//  3. Accepted when S_p >= 0.1 + 2 p / m (m = detrended rows).
//  4. A period p = k q containing an accepted q must also add at least 0.02 + 2 (p - q) / m
//     of strength over the q-table on the same detrended rows.
//
// Threading: pure functions. No Torch.
#include "core/data/Series.h"
#include "core/data/Split.h"
#include "core/train/ForecastData.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace aaren::train {

struct SeasonalPeriod {
  std::int64_t period = 0;  // in rows
  double strength = 0;      // channel-mean seasonal strength S_p
  friend bool operator==(const SeasonalPeriod&, const SeasonalPeriod&) = default;
};

// One candidate and what the rule made of it (for reports and diagnostics).
struct PeriodCandidate {
  std::int64_t period = 0;
  bool tested = false;       // false: fewer than 3 cycles in the training rows
  double strength = 0;       // S_p
  double threshold = 0;      // 0.1 + 2 p / m
  std::int64_t nested_in = 0;  // the accepted q it was checked against (p = k q), or 0
  double gain = 0, gain_threshold = 0;  // S_p - S_(p|q) and 0.02 + 2 (p - q) / m
  bool accepted = false;
};

struct PeriodDetection {
  std::string candidates_from;  // "timestamps (step 3600 s)", "autocorrelation (no timestamps)", ...
  std::int64_t step_seconds = 0;              // 0 without usable timestamps
  std::vector<PeriodCandidate> candidates;    // in the order tested (ascending)
  std::vector<SeasonalPeriod> periods;        // accepted, ascending
};

// `train` holds one vector per channel, each the training rows (oldest first; every channel
// the same length, every value finite); `timestamps` the same rows' times (seconds) or empty.
PeriodDetection detectSeasonalPeriods(const std::vector<std::vector<double>>& train,
                                      std::span<const std::int64_t> timestamps);

// On data.train of a prepared series (timestamps from data.timestamps when present).
PeriodDetection detectSeasonalPeriods(const ForecastData& data);

// On `train` rows of a series as read (unscaled; the strength does not depend on scale).
// Missing values are interpolated the way training does; channels still not finite are left out.
PeriodDetection detectSeasonalPeriods(const data::Series& series, const data::RowRange& train);

// The training rows `aaren train` would use by default on this file (ETT split for long ETT
// files, else the first 70 %), for showing the periods before any run.
data::RowRange defaultTrainRows(const data::Series& series, const std::string& source_path);

// Channel seasonal strength of one channel (step 2): `table` is the phase count of the
// seasonal part (p by default; a divisor q of p for the nested test). Returns 0 when the
// detrended rows are constant or there are fewer than p + 1 rows. `rows_used` gets m.
double seasonalStrength(std::span<const double> x, std::int64_t p, std::int64_t table = 0, std::int64_t* rows_used = nullptr);

// "24 (S 0.321), 168 (S 0.255)" or "none".
std::string periodsText(const std::vector<SeasonalPeriod>& periods);

}  // namespace aaren::train
