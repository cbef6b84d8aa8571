#pragma once
// Splits delimited text into records and fields (RFC 4180 quoting: "a ""b""" -> a "b"),
// with LF or CRLF line ends, quoted newlines and an optional last line without newline.
// Used by the CSV readers; knows nothing about numbers or headers.
//
// Threading: one tokenizer per thread (it keeps scratch buffers).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace aaren::data {

class CsvTokenizer {
 public:
  explicit CsvTokenizer(char delimiter) : delim_(delimiter) {}

  struct Result {
    const char* next = nullptr;       // first byte after the record; nullptr when incomplete
    std::uint32_t newlines = 0;       // line ends inside quoted fields
    const char* error = nullptr;      // malformed quoting: a message, and the 1-based field
    std::uint32_t errorField = 0;
  };

  // Parses the record starting at p (p < end). When the record does not end before `end`
  // and atEof is false, returns next == nullptr: call again with more data. The fields stay
  // valid until the next call and while [p, end) is unchanged.
  Result parse(const char* p, const char* end, bool atEof);

  const std::vector<std::string_view>& fields() const noexcept { return fields_; }
  char delimiter() const noexcept { return delim_; }

 private:
  char delim_;
  std::vector<std::string_view> fields_;
  std::string scratch_;  // unescaped quoted fields (never reallocated while in use)
};

// Picks the delimiter among , ; tab | from the first lines of `sample` (comment lines starting
// with '#' and blank lines skipped): the candidate that appears the same, non-zero number of
// times (outside quotes) on every line, the most often. ',' when none does.
char detectDelimiter(std::string_view sample);

// Number of '\n' bytes in [p, p + n) (SSE2 where available).
std::uint64_t countNewlines(const char* p, std::size_t n) noexcept;

// True when `text` is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool isValidUtf8(std::string_view text) noexcept;

}  // namespace aaren::data
