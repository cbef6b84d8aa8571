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

// "csv", "long", "ts" or "sqlite". First refuses (refuseNonRegularFile) a path that exists but
// is not a regular file, so no command hashes or sniffs the zero device or blocks on a FIFO.
std::string dataFormat(const DataSource& source);
bool isClassificationFormat(const std::string& format);
// True when `path` opens as a regular file (not a device, FIFO, socket or directory); checked
// without blocking, before a file is sniffed for its format.
bool isRegularFile(const std::filesystem::path& path);
// data::DataError "PATH: is a FIFO, not a regular file; a data file must be a regular file"
// when `path` exists but is not a regular file; nothing when it is one or cannot be opened
// (the reader then says why).
void refuseNonRegularFile(const std::filesystem::path& path);

// The raw series of a CSV or SQLite source (std::invalid_argument for other formats).
data::Series loadSeries(const DataSource& source);
// The labelled cases of a .ts or long-format CSV source.
data::LabeledSeriesSet loadLabeled(const DataSource& source);

aaren::train::PreparedForecast loadForecastData(const DataSource& source, const aaren::train::ForecastPrepOptions& options);

// The test file defaults to the training file's name with _TRAIN replaced by _TEST.
std::filesystem::path defaultTestFile(const std::filesystem::path& train);
aaren::train::PreparedClassification loadClassificationData(const DataSource& train, const DataSource& test);

}  // namespace aaren::cli
