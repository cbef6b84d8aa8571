#pragma once
// Loads a data file for the training commands: CSV or SQLite -> prepared forecasting data,
// UEA/UCR .ts (or long-format CSV) train/test files -> prepared classification data.
// Threading: plain functions on the calling thread.
#include "core/data/LabeledSeriesSet.h"
#include "core/data/Series.h"
#include "core/train/Prepare.h"

#include <filesystem>
#include <string>

namespace aaren::cli {

struct DataSource {
  std::filesystem::path path;
  std::string table;   // SQLite table or view
  std::string sql;     // SQLite read-only SELECT
  std::string format;  // csv, long, ts, sqlite; empty = from the file
};

// "csv", "long", "ts" or "sqlite".
std::string dataFormat(const DataSource& source);
bool isClassificationFormat(const std::string& format);

// The raw series of a CSV or SQLite source (std::invalid_argument for other formats).
data::Series loadSeries(const DataSource& source);
// The labelled cases of a .ts or long-format CSV source.
data::LabeledSeriesSet loadLabeled(const DataSource& source);

aaren::train::PreparedForecast loadForecastData(const DataSource& source, const aaren::train::ForecastPrepOptions& options);

// The test file defaults to the training file's name with _TRAIN replaced by _TEST.
std::filesystem::path defaultTestFile(const std::filesystem::path& train);
aaren::train::PreparedClassification loadClassificationData(const DataSource& train, const DataSource& test);

}  // namespace aaren::cli
