#pragma once
// Series: a table of time-indexed numeric columns, the common output of the CSV and SQLite
// readers and the input of the preparation steps (missing policy, split, scaler, windows).
//
// Storage is column-major and contiguous: value column c occupies
// values[c * rows, (c + 1) * rows). Missing values are NaN. Timestamps, when present, are
// int64 seconds since the Unix epoch (UTC / naive wall-clock time); use
// aaren::calendarFeatures (core/models/CalendarFeatures.h) to turn them into model inputs.
//
// Threading: a plain value type with no internal synchronisation; share it read-only
// between threads, or guard it yourself while modifying.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/Frequency.h"

namespace aaren::data {

enum class ColumnKind {
  Time,         // the timestamp column
  TimePart,     // year / month / day / hour / minute / second column used to build the time
  Numeric,      // a value column
  Categorical,  // text: excluded from the values (one-hot columns on request)
  Index,        // a row-number column 0/1, 1/2, ... excluded from the values
};
std::string_view toString(ColumnKind kind);

// Every column of the input, in input order, with what the reader made of it.
struct ColumnInfo {
  std::string name;
  ColumnKind kind = ColumnKind::Numeric;
  std::size_t missing = 0;  // missing cells in this column
};

// A text column kept aside: one code per row (-1 = missing) into `levels` (first-seen order).
struct CategoricalColumn {
  std::string name;
  std::vector<std::string> levels;
  std::vector<std::int32_t> codes;
};

struct Series {
  std::vector<std::int64_t> timestamps;  // rows entries, or empty when there is no time axis
  std::vector<std::string> names;        // value column names
  std::vector<double> values;            // column-major, names.size() * rows
  std::vector<std::size_t> missing;      // NaN count per value column
  std::size_t rows = 0;

  std::vector<ColumnInfo> columns;             // all input columns and their kinds
  std::vector<CategoricalColumn> categoricals;  // excluded text columns
  TimeStats time;                              // filled when timestamps are present

  bool hasTime() const noexcept { return !timestamps.empty(); }
  std::size_t cols() const noexcept { return names.size(); }
  std::span<const double> column(std::size_t c) const {
    return {values.data() + c * rows, rows};
  }
  std::span<double> column(std::size_t c) { return {values.data() + c * rows, rows}; }
  double at(std::size_t row, std::size_t col) const { return values[col * rows + row]; }
  std::optional<std::size_t> find(std::string_view name) const;
  std::size_t totalMissing() const;

  // Recomputes `missing` from the values and `time` from the timestamps.
  void refreshStats();
};

// Appends one 0/1 column "name=level" per level of the categorical column `name` (missing
// rows get NaN in every one). Returns the number of columns added; 0 if there is no such column.
std::size_t appendOneHot(Series& series, std::string_view name);

// Keeps only the rows whose flag is true (values, timestamps, categorical codes), then
// refreshStats(). keep.size() must equal series.rows.
void keepRows(Series& series, const std::vector<bool>& keep);

}  // namespace aaren::data
