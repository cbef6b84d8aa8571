#include "core/data/Timestamp.h"

#include <cmath>
#include <cstdio>

namespace aaren::data {

std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilTime civilFromEpoch(std::int64_t t) noexcept {
  std::int64_t days = t / 86400;
  std::int64_t rem = t % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  CivilTime c;
  c.day = doy - (153 * mp + 2) / 5 + 1;
  c.month = mp < 10 ? mp + 3 : mp - 9;
  c.year = static_cast<std::int64_t>(yoe) + era * 400 + (c.month <= 2);
  c.hour = static_cast<unsigned>(rem / 3600);
  c.minute = static_cast<unsigned>(rem / 60 % 60);
  c.second = static_cast<unsigned>(rem % 60);
  return c;
}

bool isValidDate(std::int64_t y, unsigned m, unsigned d) noexcept {
  if (m < 1 || m > 12 || d < 1) return false;
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  unsigned maxDay = kDays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) maxDay = 29;
  return d <= maxDay;
}

namespace {

inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline unsigned d2(const char* p) { return unsigned(p[0] - '0') * 10 + unsigned(p[1] - '0'); }

// Reads 1..maxDigits digits.
bool readNumber(std::string_view s, std::size_t& i, unsigned maxDigits, unsigned& out) {
  std::size_t start = i;
  unsigned v = 0;
  while (i < s.size() && i - start < maxDigits && isDigit(s[i])) v = v * 10 + unsigned(s[i++] - '0');
  if (i == start) return false;
  out = v;
  return true;
}

std::optional<std::int64_t> assemble(std::int64_t y, unsigned mo, unsigned d, unsigned h,
                                     unsigned mi, unsigned s, std::int64_t offset) {
  if (!isValidDate(y, mo, d) || h > 23 || mi > 59 || s > 60) return std::nullopt;
  return daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
}

}  // namespace

std::optional<std::int64_t> parseTimestamp(std::string_view s) noexcept {
  // Fast path: exactly "YYYY-MM-DD HH:MM:SS".
  if (s.size() == 19 && s[4] == '-' && s[7] == '-' && (s[10] == ' ' || s[10] == 'T') &&
      s[13] == ':' && s[16] == ':') {
    const char* p = s.data();
    bool digits = true;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) digits &= isDigit(p[i]);
    if (digits) {
      const std::int64_t y = d2(p) * 100 + d2(p + 2);
      return assemble(y, d2(p + 5), d2(p + 8), d2(p + 11), d2(p + 14), d2(p + 17), 0);
    }
  }
  std::size_t i = 0;
  unsigned year = 0, month = 0, day = 1, hour = 0, minute = 0, second = 0;
  if (s.size() < 7) return std::nullopt;
  for (int k = 0; k < 4; ++k)
    if (!isDigit(s[k])) return std::nullopt;
  year = d2(s.data()) * 100 + d2(s.data() + 2);
  i = 4;
  const char sep = s[i];
  if (sep != '-' && sep != '/') return std::nullopt;
  ++i;
  if (!readNumber(s, i, 2, month)) return std::nullopt;
  if (i == s.size()) return assemble(year, month, 1, 0, 0, 0, 0);  // YYYY-MM
  if (s[i] != sep) return std::nullopt;
  ++i;
  if (!readNumber(s, i, 2, day)) return std::nullopt;
  std::int64_t offset = 0;
  if (i < s.size()) {
    if (s[i] != ' ' && s[i] != 'T') return std::nullopt;
    ++i;
    if (!readNumber(s, i, 2, hour)) return std::nullopt;
    if (i >= s.size() || s[i] != ':') return std::nullopt;
    ++i;
    if (i + 2 > s.size() || !isDigit(s[i]) || !isDigit(s[i + 1])) return std::nullopt;
    minute = d2(s.data() + i);
    i += 2;
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (i + 2 > s.size() || !isDigit(s[i]) || !isDigit(s[i + 1])) return std::nullopt;
      second = d2(s.data() + i);
      i += 2;
      if (i < s.size() && (s[i] == '.' || s[i] == ',')) {  // fractional seconds, truncated
        ++i;
        const std::size_t start = i;
        while (i < s.size() && isDigit(s[i])) ++i;
        if (i == start) return std::nullopt;
      }
    }
    if (i < s.size()) {
      if (s[i] == 'Z' && i + 1 == s.size()) {
        ++i;
      } else if (s[i] == '+' || s[i] == '-') {
        const int sign = s[i] == '-' ? -1 : 1;
        ++i;
        if (i + 2 > s.size() || !isDigit(s[i]) || !isDigit(s[i + 1])) return std::nullopt;
        const unsigned oh = d2(s.data() + i);
        i += 2;
        if (i < s.size() && s[i] == ':') ++i;
        unsigned om = 0;
        if (i < s.size()) {
          if (i + 2 != s.size() || !isDigit(s[i]) || !isDigit(s[i + 1])) return std::nullopt;
          om = d2(s.data() + i);
          i += 2;
        }
        if (oh > 23 || om > 59) return std::nullopt;
        offset = sign * static_cast<std::int64_t>(oh * 3600 + om * 60);
      }
    }
  }
  if (i != s.size()) return std::nullopt;
  return assemble(year, month, day, hour, minute, second, offset);
}

std::optional<std::int64_t> parseEpoch(double v) noexcept {
  if (!std::isfinite(v) || std::fabs(v) > 9.0e15) return std::nullopt;
  if (std::fabs(v) >= 1e11) return static_cast<std::int64_t>(std::floor(v / 1000.0));
  return static_cast<std::int64_t>(std::floor(v));
}

std::string formatTimestamp(std::int64_t t) {
  const CivilTime c = civilFromEpoch(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02u:%02u:%02u", static_cast<long long>(c.year),
                c.month, c.day, c.hour, c.minute, c.second);
  return buf;
}

}  // namespace aaren::data
