#pragma once
// Renders what a reader found, as aligned text or as JSON (nlohmann::json). Used by
// `aaren inspect`; kept apart so a GUI or report can reuse the same summary.
//
// Threading: pure functions.
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/DataError.h"
#include "core/data/LabeledSeriesSet.h"
#include "core/data/Series.h"
#include "core/data/SqliteReader.h"

namespace aaren::cli {

struct SourceInfo {
  std::string file;
  std::string format;  // "CSV (delimiter ',', header row)", "UEA/UCR .ts", "SQLite table 't'"
};

nlohmann::ordered_json seriesJson(const SourceInfo& src, const data::Series& s,
                          const std::vector<data::Warning>& warnings);
nlohmann::ordered_json labeledJson(const SourceInfo& src, const data::LabeledSeriesSet& s,
                           const std::vector<data::Warning>& warnings);
nlohmann::ordered_json tablesJson(const SourceInfo& src, const std::vector<data::TableInfo>& tables);

// The JSON text `aaren inspect --json` prints (indent 2): bytes that are not UTF-8 (a file
// name that is not UTF-8) become U+FFFD instead of making the dump throw.
std::string jsonText(const nlohmann::ordered_json& j);

void printSeries(std::ostream& os, const SourceInfo& src, const data::Series& s,
                 const std::vector<data::Warning>& warnings);
void printLabeled(std::ostream& os, const SourceInfo& src, const data::LabeledSeriesSet& s,
                  const std::vector<data::Warning>& warnings);
void printTables(std::ostream& os, const SourceInfo& src, const std::vector<data::TableInfo>& tables);

}  // namespace aaren::cli
