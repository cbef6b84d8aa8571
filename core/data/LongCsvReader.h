#pragma once
// Long-format classification CSV -> LabeledSeriesSet: one row per time step,
//
//   series_id, [time], channel_1, ..., channel_k, label
//
// Rows of one series need not be adjacent; a series keeps its rows in file order. The id
// column is the one named series_id/id/case/case_id/instance/sample_id (else the first), the
// label column label/class/target/y (else the last), an optional time column
// time/timestamp/t/step/date is dropped; every other column is a numeric channel (missing
// markers as in the CSV reader). A series whose rows carry two labels is an error.
//
// Threading: runs on the calling thread, no shared state.
#include <filesystem>
#include <string>
#include <string_view>

#include "core/data/TsReader.h"

namespace aaren::data {

struct LongCsvOptions {
  std::string idColumn;     // "": detect
  std::string labelColumn;  // "": detect
  std::string timeColumn;   // "": detect (optional)
  char delimiter = 0;       // 0: detect
  std::string sourceName;
};

TsResult readLongCsv(std::string_view text, const LongCsvOptions& options = {},
                     const ProgressFn& progress = {});
TsResult readLongCsvFile(const std::filesystem::path& path, const LongCsvOptions& options = {},
                         const ProgressFn& progress = {});

}  // namespace aaren::data
