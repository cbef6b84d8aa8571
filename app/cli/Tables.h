#pragma once
// Plain-text tables for the commands' default (non-JSON) output.
// Threading: plain functions on the calling thread.
#include "core/train/LinearCandidates.h"
#include "core/train/LookbackChoice.h"
#include "core/train/Metrics.h"
#include "core/train/NetworkGuard.h"

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace aaren::cli {

struct MetricsRow {
  std::string name;
  std::map<std::string, double> metrics;
};

// One row per model, one right-aligned column per metric (4 decimals; "-" when absent).
void printMetricsTable(std::ostream& out, const std::vector<MetricsRow>& rows, const std::vector<std::string>& columns);

// A forecaster's metrics: one summary table (MSE and MAE on scaled values, then MAE, RMSE,
// MAPE %, sMAPE %, MASE in the data's own units; "-" where a figure is missing) and, when
// the metrics have channels, one table per channel with the same rows. The first line of
// each table is its header.
struct ForecastRow {
  std::string name;
  const train::ForecastMetrics* metrics = nullptr;
};
void printForecastMetrics(std::ostream& out, const std::vector<ForecastRow>& rows, std::int64_t mase_period);

// The least-squares candidates scored on validation (name, parameters, λ, validation MSE,
// its gap to the lowest in standard errors, "chosen"/"within 1 SE"), then the guard's sentence.
void printLinearChoice(std::ostream& out, const std::vector<train::LinearCandidate>& candidates, std::size_t chosen,
                       const train::NetworkGuard& guard);

// The lookbacks validation scored (--lookback-search): lookback, the least-squares pick there,
// its validation MSE, the gap to the best in standard errors, "chosen"/"within 1 SE".
void printLookbackChoice(std::ostream& out, const train::LookbackChoice& choice);

// Left-aligned columns sized to their widest cell; the first row is the header.
void printTextTable(std::ostream& out, const std::vector<std::vector<std::string>>& rows);

// "12,345"
std::string withThousands(long long value);

}  // namespace aaren::cli
