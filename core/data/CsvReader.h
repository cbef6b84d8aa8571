#pragma once
// CSV reader: delimited text with an optional header -> Series.
//
// Detects the delimiter (, ; tab |), the header row, a UTF-8 BOM, '#' comment lines, blank
// lines, CRLF and a missing final newline. Each column becomes:
//   - the time axis: text timestamps (see Timestamp.h), or numbers in a column named
//     time/timestamp/epoch/unix/date/datetime (epoch seconds, or milliseconds if >= 1e11),
//     or split columns named year, month[, day[, hour[, minute[, second]]]] (as pollution.csv);
//   - a numeric value column (missing markers: empty, NA, N/A, NaN, nan, null, NULL, None, ?);
//     a column of mostly numbers with some words stays numeric and the words are errors;
//   - a categorical column (mostly words): reported, excluded from the values, one-hot on request;
//   - an index column: a first column named No/index/id/idx/row/# holding 0,1,2,... or
//     1,2,3,... (excluded).
// Column kinds are decided on the first `sampleRows` rows (fewer, but at least two, when the
// rows and the header hold `maxSampleCells`, 4 Mi cells: 400,000 columns are decided on 10 rows).
// Repeated header names are renamed "name.1", "name.2", ... in linear time.
// Numbers: "-0" reads as 0.0. "inf", "nan" written as a number (other than the NaN missing
// markers) and out-of-range numbers such as "1e400" are errors by default
// (NonFinitePolicy::Error), or missing values with a warning (NonFinitePolicy::Missing).
// Underflow ("1e-400") reads as 0.
//
// Reading streams through a fixed buffer (4 MiB + maxLineBytes): a file is scanned once to
// count its lines, then parsed straight into the column-major storage, so peak memory is the
// parsed values plus the buffer.
//
// Threading: every function runs on the calling thread and shares no state; `progress` is
// called on that thread after each block of input. Concurrent loads of different inputs are fine.
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/DataError.h"
#include "core/data/Series.h"

namespace aaren::data {

enum class HeaderMode { Auto, Present, Absent };
enum class CategoricalPolicy { Exclude, OneHot };
enum class NonFinitePolicy { Error, Missing };

struct CsvOptions {
  char delimiter = 0;                  // 0: detect
  HeaderMode header = HeaderMode::Auto;
  std::string timeColumn;              // "": detect
  bool detectTime = true;              // false: no time axis, every column is data
  std::vector<std::string> missingMarkers = {"",    "NA",   "N/A",  "NaN", "nan",
                                             "null", "NULL", "None", "?"};
  CategoricalPolicy categorical = CategoricalPolicy::Exclude;
  NonFinitePolicy nonFinite = NonFinitePolicy::Error;
  std::size_t maxLineBytes = std::size_t{1} << 20;  // longer lines are an error
  std::size_t sampleRows = 1000;       // rows used to decide the column kinds
  std::size_t maxSampleCells = std::size_t{1} << 22;  // ... fewer (at least 2) past this many cells
  std::string sourceName;              // name used in messages (default: the path, or "input")
};

struct CsvResult {
  LoadStatus status = LoadStatus::Ok;
  Series series;
  std::vector<Warning> warnings;
  char delimiter = ',';
  bool header = true;
  std::uint64_t bytes = 0;  // input size
};

// Throw DataError on unreadable input; return status Cancelled when `progress` says stop.
CsvResult readCsv(std::string_view text, const CsvOptions& options = {},
                  const ProgressFn& progress = {});
CsvResult readCsv(std::istream& in, const CsvOptions& options = {},
                  const ProgressFn& progress = {});
CsvResult readCsvFile(const std::filesystem::path& path, const CsvOptions& options = {},
                      const ProgressFn& progress = {});

}  // namespace aaren::data
