#pragma once
// Errors, warnings and progress reporting shared by every reader in core/data.
//
// Threading: plain value types. A reader runs entirely on the calling thread; the progress
// callback is invoked on that same thread, so it must be cheap and must not call back into the
// reader. Readers share no state, so different threads may load different files concurrently.
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace aaren::data {

// Called with bytes (or lines) done and the total (0 when unknown). Return false to cancel:
// the loader then stops and returns a result whose status is LoadStatus::Cancelled.
using ProgressFn = std::function<bool(std::uint64_t done, std::uint64_t total)>;

enum class LoadStatus { Ok, Cancelled };

enum class WarningKind {
  CategoricalColumn,   // a text column was excluded from the values (or one-hot encoded)
  IndexColumn,         // a row-number column (1, 2, 3, ...) was excluded from the values
  MissingValues,       // a column holds missing markers (NA, empty, ?, ...)
  NonFiniteValue,      // inf / nan / out-of-range read as missing (NonFinitePolicy::Missing)
  DuplicateTimestamp,  // two rows share a timestamp
  OutOfOrderTimestamp, // a timestamp is earlier than the one before it
  Gap,                 // steps missing from a regular time axis
  DuplicateColumnName, // header names repeated; renamed "name.1", ...
  UnequalLength,       // .ts case whose dimensions differ in length (padded with NaN)
  Other,
};

std::string_view toString(WarningKind kind);

struct Warning {
  WarningKind kind = WarningKind::Other;
  std::uint64_t line = 0;    // 1-based line in the input, 0 when it concerns the whole file
  std::uint32_t column = 0;  // 1-based column (CSV field / .ts character), 0 when none
  std::string message;
};

// Thrown for input that cannot be read. what() is "source:line:column: message", with the
// line and column left out when they are 0, e.g.
//   ETT.csv:12:3: expected a number in column 'OT', found "abc"
class DataError : public std::runtime_error {
 public:
  DataError(std::string source, std::uint64_t line, std::uint32_t column, std::string message);

  const std::string& source() const noexcept { return source_; }
  std::uint64_t line() const noexcept { return line_; }
  std::uint32_t column() const noexcept { return column_; }
  const std::string& message() const noexcept { return message_; }

 private:
  std::string source_;
  std::uint64_t line_;
  std::uint32_t column_;
  std::string message_;
};

// Quotes a piece of input for an error message: printable ASCII kept, other bytes as \xNN,
// long text cut to 40 characters with "...".
std::string quoteForMessage(std::string_view text);

}  // namespace aaren::data
