#pragma once
// Timestamp parsing and formatting. Timestamps are int64 seconds since 1970-01-01 00:00:00
// UTC; text without a zone is taken as UTC (naive wall-clock time), text with a zone
// (Z, +02:00, -0500) is converted to UTC.
//
// Accepted text (date separator '-' or '/', 1- or 2-digit month/day/hour):
//   YYYY-MM-DD HH:MM:SS   (fast path)     YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+HH:MM|+HHMM]
//   YYYY-MM-DD            YYYY/M/D H:MM   YYYY-MM (first day of the month)
// Epoch seconds / milliseconds are numbers, handled by the readers (see parseEpoch).
//
// Threading: pure functions, thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aaren::data {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t daysFromCivil(std::int64_t year, unsigned month, unsigned day) noexcept;

struct CivilTime {
  std::int64_t year = 1970;
  unsigned month = 1, day = 1, hour = 0, minute = 0, second = 0;
};
CivilTime civilFromEpoch(std::int64_t epochSeconds) noexcept;

bool isValidDate(std::int64_t year, unsigned month, unsigned day) noexcept;

// Parses one timestamp; std::nullopt when the text is not one of the accepted forms or names
// an impossible date/time (2021-02-30, 25:00). A plain number is never a timestamp here.
std::optional<std::int64_t> parseTimestamp(std::string_view text) noexcept;

// Epoch number from a numeric cell: seconds, or milliseconds when |value| >= 1e11
// (after 1973 in ms, or beyond year 5138 in s).
std::optional<std::int64_t> parseEpoch(double value) noexcept;

// "YYYY-MM-DD HH:MM:SS"
std::string formatTimestamp(std::int64_t epochSeconds);

}  // namespace aaren::data
