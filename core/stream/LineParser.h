#pragma once
// Parses the text lines a live feed carries into Samples:
//
//   CSV:   2016-07-01 00:00:00,5.827,2.009,1.599      timestamp first (ISO 8601 forms of
//          5.827,2.009,1.599                          core/data/Timestamp.h), or values only
//          1467331200,5.827,2.009                      epoch seconds/ms first with epoch_time
//   JSON:  {"timestamp": "2016-07-01 00:00", "values": [5.8, 2.0]}
//          {"t": 1467331200, "HUFL": 5.8, "OT": 30.5}  named values, mapped by column name
//
// Delimiters `,` `;` tab `|` (detected on the first line, or given). Missing markers: empty,
// NA, NaN, null, ? (JSON: null). `#` comment lines and blank lines are skipped. A first line
// of names (before any sample) is a header: it names the columns. Whether lines carry a
// timestamp and how many values they hold is fixed by the first sample; a later line that
// differs is malformed, with a message saying how ("line has 3 values, expected 7"), and
// never stops the stream. JSON keys for the time: "timestamp", "time", "t", "date"; a
// "reset": true key starts a new sequence and "label" gives its class.
//
// Hostile lines are malformed, never an exception: numbers out of range (1e400), NaN
// tokens, JSON nested deeper than max_json_depth, more than max_values values or
// max_json_keys keys, lines over
// max_line_bytes, bytes that are not UTF-8, embedded NULs. Every error message is valid
// UTF-8 and quotes at most a short excerpt of the line (TextExcerpt.h).
//
// Threading: a LineParser belongs to one thread (the source's reader).
#include "core/stream/Sample.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace aaren::stream {

enum class LineFormat { Auto, Csv, Json };
std::string toString(LineFormat format);
LineFormat lineFormatFromString(const std::string& name);  // std::invalid_argument if unknown

struct LineParserOptions {
  LineFormat format = LineFormat::Auto;  // Auto: a line starting with '{' is JSON
  char delimiter = 0;                    // 0 = detect from the first CSV line
  bool epoch_time = false;               // CSV: the first field is epoch seconds/ms
  // The value columns, in channel order, when known in advance. JSON objects with named
  // values are mapped by these names; a CSV header replaces them.
  std::vector<std::string> columns;
  std::size_t max_line_bytes = 1 << 20;  // longer lines are malformed
  std::size_t max_values = 10000;        // values per line; more is malformed
  std::size_t max_json_keys = 1024;      // keys of a JSON line's object; more is malformed
  std::size_t max_json_depth = 16;       // nesting of JSON arrays/objects; deeper is malformed
};

struct ParsedLine {
  enum class Kind { Sample, Header, Skipped, Malformed };
  Kind kind = Kind::Skipped;
  Sample sample;        // Kind::Sample
  std::string error;    // Kind::Malformed: what was wrong
};

class LineParser {
 public:
  explicit LineParser(LineParserOptions options = {});

  // One line without its line terminator (a trailing '\r' is ignored).
  ParsedLine parse(std::string_view line);

  // Value column names: given, from a CSV header, or from the first JSON object with named
  // values (empty when unknown).
  const std::vector<std::string>& columns() const noexcept { return columns_; }
  // Values per sample once the first sample fixed it, else 0.
  std::size_t width() const noexcept { return width_; }
  // Whether samples carry a timestamp (meaningful once width() > 0).
  bool timed() const noexcept { return timed_; }

 private:
  ParsedLine parseCsv(std::string_view line);
  ParsedLine parseJson(std::string_view line);
  ParsedLine parseLine(std::string_view text);
  ParsedLine accept(Sample sample);
  void setColumns(std::vector<std::string> columns);
  // The channel of a named value, or columns_.size() when unknown.
  std::size_t columnOf(const std::string& name) const;

  LineParserOptions options_;
  std::vector<std::string> columns_;
  std::unordered_map<std::string, std::size_t> column_index_;  // name -> first channel
  std::vector<std::string> header_;  // a CSV header's fields (time column included)
  char delimiter_ = 0;
  std::size_t width_ = 0;
  bool timed_ = false;
  bool seen_line_ = false;
};

}  // namespace aaren::stream
