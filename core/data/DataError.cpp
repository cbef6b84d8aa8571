#include "core/data/DataError.h"

#include <cstdio>

namespace aaren::data {

namespace {
std::string formatWhat(const std::string& source, std::uint64_t line, std::uint32_t column,
                       const std::string& message) {
  std::string out = source;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  out += ": ";
  out += message;
  return out;
}
}  // namespace

DataError::DataError(std::string source, std::uint64_t line, std::uint32_t column,
                     std::string message)
    : std::runtime_error(formatWhat(source, line, column, message)),
      source_(std::move(source)),
      line_(line),
      column_(column),
      message_(std::move(message)) {}

std::string_view toString(WarningKind kind) {
  switch (kind) {
    case WarningKind::CategoricalColumn: return "categorical-column";
    case WarningKind::IndexColumn: return "index-column";
    case WarningKind::MissingValues: return "missing-values";
    case WarningKind::NonFiniteValue: return "non-finite-value";
    case WarningKind::DuplicateTimestamp: return "duplicate-timestamp";
    case WarningKind::OutOfOrderTimestamp: return "out-of-order-timestamp";
    case WarningKind::Gap: return "gap";
    case WarningKind::DuplicateColumnName: return "duplicate-column-name";
    case WarningKind::UnequalLength: return "unequal-length";
    case WarningKind::Other: return "other";
  }
  return "other";
}

std::string quoteForMessage(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string out = "\"";
  std::size_t shown = 0;
  for (unsigned char c : text) {
    if (shown == kMax) {
      out += "...";
      break;
    }
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
    ++shown;
  }
  out += '"';
  return out;
}

}  // namespace aaren::data
