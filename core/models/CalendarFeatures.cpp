#include "core/models/CalendarFeatures.h"

#include <cmath>
#include <numbers>

namespace aaren {
namespace {

// Days since 1970-01-01 -> (year, month 1-12, day 1-31); Howard Hinnant's civil_from_days.
void civilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

bool isLeap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

std::array<float, kCalendarFeatures> calendarFeatures(std::int64_t t) {
  constexpr double two_pi = 2.0 * std::numbers::pi;
  const std::int64_t days = floorDiv(t, 86400);
  const std::int64_t second_of_day = t - days * 86400;
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civilFromDays(days, y, m, d);
  // 1970-01-01 was a Thursday; Monday = 0.
  const std::int64_t dow = ((days % 7) + 7 + 3) % 7;
  static constexpr unsigned cumulative[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  const unsigned doy = cumulative[m - 1] + d - 1 + ((m > 2 && isLeap(y)) ? 1 : 0);
  const double year_days = isLeap(y) ? 366.0 : 365.0;

  const double phases[4] = {
      static_cast<double>(second_of_day) / 86400.0,
      static_cast<double>(dow) / 7.0 + static_cast<double>(second_of_day) / (7.0 * 86400.0),
      (static_cast<double>(d) - 1.0) / 31.0,
      static_cast<double>(doy) / year_days,
  };
  std::array<float, kCalendarFeatures> out{};
  for (int i = 0; i < 4; ++i) {
    out[2 * i] = static_cast<float>(std::sin(two_pi * phases[i]));
    out[2 * i + 1] = static_cast<float>(std::cos(two_pi * phases[i]));
  }
  return out;
}

}  // namespace aaren
