#include "core/stream/LineParser.h"

#include "core/data/Timestamp.h"
#include "core/stream/TextExcerpt.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace aaren::stream {

std::string toString(LineFormat format) {
  switch (format) {
    case LineFormat::Auto: return "auto";
    case LineFormat::Csv: return "csv";
    case LineFormat::Json: return "json";
  }
  return "auto";
}

LineFormat lineFormatFromString(const std::string& name) {
  if (name == "auto") return LineFormat::Auto;
  if (name == "csv") return LineFormat::Csv;
  if (name == "json") return LineFormat::Json;
  throw std::invalid_argument("unknown line format '" + name + "' (expected csv, json or auto)");
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string_view unquote(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

bool isMissing(std::string_view s) {
  return s.empty() || s == "NA" || s == "NaN" || s == "nan" || s == "null" || s == "NULL" || s == "?" || s == "N/A";
}

// A finite number, or NaN for a missing marker; std::nullopt when the text is neither.
std::optional<double> number(std::string_view s) {
  s = unquote(s);
  if (isMissing(s)) return std::numeric_limits<double>::quiet_NaN();
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  const auto* end = s.data() + s.size();
  const auto r = std::from_chars(s.data(), end, v);
  if (r.ec != std::errc() || r.ptr != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::vector<std::string_view> split(std::string_view line, char delimiter) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    else if (line[i] == delimiter && !quoted) {
      fields.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  fields.push_back(line.substr(start));
  return fields;
}

char detectDelimiter(std::string_view line) {
  std::size_t best = 0;
  char chosen = ',';
  for (char d : {',', ';', '\t', '|'}) {
    std::size_t n = 0;
    for (char c : line) n += c == d;
    if (n > best) best = n, chosen = d;
  }
  return chosen;
}

ParsedLine malformed(std::string error) {
  ParsedLine p;
  p.kind = ParsedLine::Kind::Malformed;
  p.error = std::move(error);
  return p;
}

std::string shown(std::string_view s) { return excerpt(s, 40); }

// The shape of JSON text found by one scan before parsing (brackets and colons inside
// strings do not count): whether it nests arrays/objects deeper than `depth_limit` (the scan
// stops there, so a line of 100,000 '[' costs nothing), and how many keys the outermost
// object has (nlohmann's ordered object finds each key by a linear search: a line of
// 100,000 keys would take seconds).
struct JsonShape {
  bool too_deep = false;
  std::size_t top_keys = 0;
};

JsonShape jsonShape(std::string_view text, std::size_t depth_limit) {
  JsonShape shape;
  std::size_t depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > depth_limit) {
        shape.too_deep = true;
        return shape;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ':' && depth == 1) {
      ++shape.top_keys;
    }
  }
  return shape;
}

// nlohmann's message without its "[json.exception.…] " prefix and position preamble.
std::string jsonProblem(const std::string& what) {
  auto at = what.find("syntax error");
  if (at == std::string::npos) {
    at = what.find("] ");
    at = at == std::string::npos ? 0 : at + 2;
  }
  return excerpt(std::string_view(what).substr(at), 160);
}

}  // namespace

LineParser::LineParser(LineParserOptions options) : options_(std::move(options)), delimiter_(options_.delimiter) { setColumns(options_.columns); }

void LineParser::setColumns(std::vector<std::string> columns) {
  columns_ = std::move(columns);
  column_index_.clear();
  for (std::size_t c = 0; c < columns_.size(); ++c) column_index_.try_emplace(columns_[c], c);
}

std::size_t LineParser::columnOf(const std::string& name) const {
  const auto it = column_index_.find(name);
  return it == column_index_.end() ? columns_.size() : it->second;
}

ParsedLine LineParser::parse(std::string_view line) {
  if (line.size() > options_.max_line_bytes)
    return malformed("line is " + std::to_string(line.size()) + " bytes long (the limit is " + std::to_string(options_.max_line_bytes) + ")");
  try {
    return parseLine(line);
  } catch (const std::exception& e) {  // whatever a hostile line provokes, it stays one malformed line
    seen_line_ = true;
    return malformed("cannot be read: " + excerpt(e.what(), 160));
  }
}

ParsedLine LineParser::parseLine(std::string_view line) {
  const auto text = trim(line);
  if (text.empty() || text.front() == '#') return {};
  const bool json = options_.format == LineFormat::Json || (options_.format == LineFormat::Auto && (text.front() == '{' || text.front() == '['));
  auto parsed = json ? parseJson(text) : parseCsv(text);
  seen_line_ = true;
  return parsed;
}

ParsedLine LineParser::accept(Sample sample) {
  if (width_ == 0) {
    if (sample.values.empty()) return malformed("line has no values");
    width_ = sample.values.size();
    timed_ = sample.hasTime();
    if (!header_.empty()) {
      // The header names the value columns (its first field is the time column when timed).
      const std::size_t skip = timed_ ? 1 : 0;
      if (header_.size() == width_ + skip) setColumns({header_.begin() + static_cast<std::ptrdiff_t>(skip), header_.end()});
    }
  } else {
    if (sample.hasTime() != timed_)
      return malformed(timed_ ? std::string("line has no timestamp (earlier lines had one)")
                              : std::string("line has a timestamp (earlier lines had none)"));
    if (sample.values.size() != width_)
      return malformed("line has " + std::to_string(sample.values.size()) + " values, expected " + std::to_string(width_));
  }
  ParsedLine p;
  p.kind = ParsedLine::Kind::Sample;
  p.sample = std::move(sample);
  return p;
}

ParsedLine LineParser::parseCsv(std::string_view text) {
  if (delimiter_ == 0) delimiter_ = detectDelimiter(text);
  const auto fields = split(text, delimiter_);
  if (fields.size() > options_.max_values + 1)
    return malformed("line has " + std::to_string(fields.size()) + " fields (the limit is " + std::to_string(options_.max_values) + " values)");
  Sample s;
  std::size_t first = 0;
  const auto head = unquote(fields[0]);
  if (options_.epoch_time) {
    const auto v = number(head);
    std::optional<std::int64_t> t;
    if (v && !std::isnan(*v)) t = data::parseEpoch(*v);
    if (!t) return malformed("field 1 ('" + shown(head) + "') is not an epoch time");
    s.timestamp = *t;
    first = 1;
  } else if (auto t = data::parseTimestamp(head)) {
    s.timestamp = *t;
    first = 1;
  } else if (!number(head) && width_ == 0 && header_.empty() && !seen_line_) {
    // A first line of names: the header.
    for (auto f : fields) header_.emplace_back(unquote(f));
    ParsedLine p;
    p.kind = ParsedLine::Kind::Header;
    return p;
  } else if (!number(head) && width_ > 0 && timed_) {
    return malformed("field 1 ('" + shown(head) + "') is not a timestamp");
  }
  if (fields.size() - first > options_.max_values)
    return malformed("line has " + std::to_string(fields.size() - first) + " values (the limit is " + std::to_string(options_.max_values) + ")");
  s.values.reserve(fields.size() - first);
  for (std::size_t i = first; i < fields.size(); ++i) {
    const auto v = number(fields[i]);
    if (!v) return malformed("field " + std::to_string(i + 1) + " ('" + shown(unquote(fields[i])) + "') is not a number");
    s.values.push_back(*v);
  }
  return accept(std::move(s));
}

ParsedLine LineParser::parseJson(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return malformed("JSON line holds a NUL byte");  // the JSON reader would stop there
  const auto shape = jsonShape(text, options_.max_json_depth);
  if (shape.too_deep) return malformed("JSON nested deeper than " + std::to_string(options_.max_json_depth) + " levels");
  if (shape.top_keys > options_.max_json_keys)
    return malformed("JSON line has " + std::to_string(shape.top_keys) + " keys (the limit is " + std::to_string(options_.max_json_keys) + ")");
  nlohmann::ordered_json j;
  try {
    j = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // syntax, invalid UTF-8, numbers out of range (1e400)
    return malformed("not valid JSON: " + jsonProblem(e.what()));
  }
  if (!j.is_object()) return malformed("JSON line is not an object");
  Sample s;
  auto toValue = [](const nlohmann::ordered_json& v) -> std::optional<double> {
    if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
    if (v.is_number()) {
      const double d = v.get<double>();
      if (std::isfinite(d)) return d;
      return std::nullopt;
    }
    if (v.is_string()) return number(v.get<std::string>());
    return std::nullopt;
  };
  std::vector<std::pair<std::string, double>> named;
  bool have_array = false;
  for (const auto& [key, v] : j.items()) {
    if (key == "timestamp" || key == "time" || key == "t" || key == "date") {
      std::optional<std::int64_t> t;
      if (v.is_string()) t = data::parseTimestamp(v.get<std::string>());
      else if (v.is_number()) t = data::parseEpoch(v.get<double>());
      if (!t) return malformed("\"" + shown(key) + "\" is not a timestamp");
      s.timestamp = *t;
    } else if (key == "reset") {
      s.reset = v.is_boolean() ? v.get<bool>() : false;
    } else if (key == "label") {
      s.label = v.is_string() ? v.get<std::string>() : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else if (key == "values") {
      if (!v.is_array()) return malformed("\"values\" is not an array");
      if (v.size() > options_.max_values)
        return malformed("\"values\" has " + std::to_string(v.size()) + " values (the limit is " + std::to_string(options_.max_values) + ")");
      have_array = true;
      for (std::size_t i = 0; i < v.size(); ++i) {
        const auto x = toValue(v[i]);
        if (!x) return malformed("value " + std::to_string(i + 1) + " of \"values\" is not a number");
        s.values.push_back(*x);
      }
    } else {
      const auto x = toValue(v);
      if (!x) return malformed("\"" + shown(key) + "\" is not a number");
      named.emplace_back(key, *x);
    }
  }
  if (!have_array && !named.empty()) {
    if (columns_.empty()) {
      std::vector<std::string> names;
      names.reserve(named.size());
      for (const auto& [k, x] : named) names.push_back(k);
      setColumns(std::move(names));
    }
    s.values.assign(columns_.size(), std::numeric_limits<double>::quiet_NaN());
    for (const auto& [k, x] : named) {
      const std::size_t c = columnOf(k);
      if (c == columns_.size()) return malformed("unknown column \"" + shown(k) + "\"");
      s.values[c] = x;
    }
  }
  return accept(std::move(s));
}

}  // namespace aaren::stream
