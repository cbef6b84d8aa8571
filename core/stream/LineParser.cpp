#include "core/stream/LineParser.h"

#include "core/data/Timestamp.h"

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

std::string shown(std::string_view s) {
  std::string out(s.substr(0, 40));
  if (s.size() > 40) out += "…";
  return out;
}

}  // namespace

LineParser::LineParser(LineParserOptions options) : options_(std::move(options)), columns_(options_.columns), delimiter_(options_.delimiter) {}

ParsedLine LineParser::parse(std::string_view line) {
  if (line.size() > options_.max_line_bytes)
    return malformed("line is " + std::to_string(line.size()) + " bytes long (the limit is " + std::to_string(options_.max_line_bytes) + ")");
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
      if (header_.size() == width_ + skip) columns_.assign(header_.begin() + static_cast<std::ptrdiff_t>(skip), header_.end());
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
  s.values.reserve(fields.size() - first);
  for (std::size_t i = first; i < fields.size(); ++i) {
    const auto v = number(fields[i]);
    if (!v) return malformed("field " + std::to_string(i + 1) + " ('" + shown(unquote(fields[i])) + "') is not a number");
    s.values.push_back(*v);
  }
  return accept(std::move(s));
}

ParsedLine LineParser::parseJson(std::string_view text) {
  nlohmann::ordered_json j;
  try {
    j = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    const auto at = what.find("syntax error");
    return malformed("not valid JSON: " + (at == std::string::npos ? what : what.substr(at)));
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
      if (!t) return malformed("\"" + key + "\" is not a timestamp");
      s.timestamp = *t;
    } else if (key == "reset") {
      s.reset = v.is_boolean() ? v.get<bool>() : false;
    } else if (key == "label") {
      s.label = v.is_string() ? v.get<std::string>() : v.dump();
    } else if (key == "values") {
      if (!v.is_array()) return malformed("\"values\" is not an array");
      have_array = true;
      for (std::size_t i = 0; i < v.size(); ++i) {
        const auto x = toValue(v[i]);
        if (!x) return malformed("value " + std::to_string(i + 1) + " of \"values\" is not a number");
        s.values.push_back(*x);
      }
    } else {
      const auto x = toValue(v);
      if (!x) return malformed("\"" + key + "\" is not a number");
      named.emplace_back(key, *x);
    }
  }
  if (!have_array && !named.empty()) {
    if (columns_.empty()) {
      for (const auto& [k, x] : named) columns_.push_back(k);
    }
    s.values.assign(columns_.size(), std::numeric_limits<double>::quiet_NaN());
    for (const auto& [k, x] : named) {
      std::size_t c = 0;
      while (c < columns_.size() && columns_[c] != k) ++c;
      if (c == columns_.size()) return malformed("unknown column \"" + k + "\"");
      s.values[c] = x;
    }
  }
  return accept(std::move(s));
}

}  // namespace aaren::stream
