#pragma once
// What the CSV import dialog shows before importing: the first lines of the file split into
// fields, and a live check of how the chosen options parse them (how many rows parse,
// which lines fail and why). No widgets.
//
// Threading: plain functions on the calling thread. The dialog calls checkCsv() on the GUI
// thread with the head of the file only (at most kPreviewBytes), which parses in a few ms.
#include "core/data/CsvReader.h"
#include "ui/data/ImportRequest.h"

#include <QString>

#include <string>
#include <vector>

namespace aaren::ui {

struct CsvHead {
  std::string text;        // whole lines from the start of the file
  bool truncated = false;  // the file goes on after `text`
  quint64 fileBytes = 0;
  std::string error;       // when the file cannot be read
};

inline constexpr std::size_t kPreviewBytes = 256 * 1024;
inline constexpr std::size_t kPreviewLines = 2000;

CsvHead readCsvHead(const QString& path, std::size_t maxBytes = kPreviewBytes, std::size_t maxLines = kPreviewLines);

// Records of `text` split with `delimiter` (0: detect), at most `maxRows`; comment and blank
// lines skipped.
std::vector<std::vector<std::string>> splitRecords(const std::string& text, char delimiter, std::size_t maxRows);

struct CsvCheck {
  std::string fatal;                 // the options cannot read this file at all (no rows parse)
  std::size_t rowsParsed = 0;        // data rows that parse with these options
  std::size_t rowsFailed = 0;        // data rows that do not (each removed and the rest re-read)
  std::vector<std::string> errors;   // the first failures, "file:line:column: message"
  bool moreErrors = false;           // more rows failed than `errors` lists (checking stopped)
  aaren::data::CsvResult result;     // the parse of the rows that do parse
  std::vector<std::string> columns;       // every input column (the time column may be any)
  std::vector<std::string> valueColumns;  // the value columns before the user's pick
};

// Reads `head` with the request's options (and its time format and value columns), dropping
// each failing line and reading again, up to `maxErrors` failures.
CsvCheck checkCsv(const CsvHead& head, const ImportRequest& request, std::size_t maxErrors = 8);

}  // namespace aaren::ui
