#include "core/data/Frequency.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "core/data/Timestamp.h"

namespace aaren::data {

std::string Frequency::label() const {
  if (seconds <= 0) return "unknown";
  if (months > 0) {
    if (months == 1) return "monthly";
    if (months == 3) return "quarterly";
    if (months == 12) return "yearly";
    return "every " + std::to_string(months) + " months";
  }
  switch (seconds) {
    case 1: return "every second";
    case 60: return "every minute";
    case 3600: return "hourly";
    case 86400: return "daily";
    case 604800: return "weekly";
    default: break;
  }
  if (seconds % 86400 == 0) return "every " + std::to_string(seconds / 86400) + " days";
  if (seconds % 3600 == 0) return "every " + std::to_string(seconds / 3600) + " h";
  if (seconds % 60 == 0) return std::to_string(seconds / 60) + " min";
  return "every " + std::to_string(seconds) + " s";
}

namespace {

template <class T>
T mostCommonPositive(const std::vector<T>& deltas) {
  std::unordered_map<T, std::uint64_t> counts;
  for (T d : deltas)
    if (d > 0) ++counts[d];
  T best = 0;
  std::uint64_t bestCount = 0;
  for (auto [d, n] : counts)
    if (n > bestCount || (n == bestCount && d < best)) best = d, bestCount = n;
  return best;
}

}  // namespace

TimeStats analyzeTimes(std::span<const std::int64_t> ts) {
  TimeStats st;
  if (ts.empty()) return st;
  st.first = ts.front();
  st.last = ts.back();
  if (ts.size() < 2) return st;

  // No copy of the differences: the series may be large (peak memory matters on ingest).
  const std::int64_t firstDelta = ts[1] - ts[0];
  bool constant = firstDelta > 0;
  for (std::size_t i = 1; i < ts.size(); ++i) {
    const std::int64_t d = ts[i] - ts[i - 1];
    if (d == 0) ++st.duplicates;
    if (d < 0) ++st.outOfOrder;
    constant &= d == firstDelta;
  }
  std::int64_t step = firstDelta;
  if (!constant) {
    std::unordered_map<std::int64_t, std::uint64_t> counts;
    for (std::size_t i = 1; i < ts.size(); ++i)
      if (const std::int64_t d = ts[i] - ts[i - 1]; d > 0) ++counts[d];
    step = 0;
    std::uint64_t best = 0;
    for (auto [d, n] : counts)
      if (n > best || (n == best && d < step)) step = d, best = n;
  }
  if (step <= 0) return st;

  // Calendar steps: same day-of-month and time of day on every row.
  const bool monthLike = (step >= 28 * 86400 && step <= 31 * 86400) ||
                         (step >= 89 * 86400 && step <= 92 * 86400) ||
                         (step >= 365 * 86400 && step <= 366 * 86400);
  if (monthLike) {
    const CivilTime c0 = civilFromEpoch(ts[0]);
    const std::int64_t tod0 = ((ts[0] % 86400) + 86400) % 86400;
    bool aligned = c0.day <= 28;
    std::vector<std::int64_t> monthIndex(ts.size());
    for (std::size_t i = 0; i < ts.size() && aligned; ++i) {
      const CivilTime c = civilFromEpoch(ts[i]);
      const std::int64_t tod = ((ts[i] % 86400) + 86400) % 86400;
      aligned = c.day == c0.day && tod == tod0;
      monthIndex[i] = c.year * 12 + (c.month - 1);
    }
    if (aligned) {
      std::vector<std::int64_t> md(ts.size() - 1);
      for (std::size_t i = 1; i < ts.size(); ++i) md[i - 1] = monthIndex[i] - monthIndex[i - 1];
      const std::int64_t mstep = mostCommonPositive(md);
      st.frequency = {mstep * kSecondsPerMonth, static_cast<std::int32_t>(mstep)};
      for (std::int64_t d : md) {
        if (d <= mstep) continue;
        ++st.gaps;
        if (d % mstep == 0) st.missingSteps += static_cast<std::uint64_t>(d / mstep - 1);
        else ++st.irregular;
      }
      return st;
    }
  }
  st.frequency = {step, 0};
  for (std::size_t i = 1; i < ts.size(); ++i) {
    const std::int64_t d = ts[i] - ts[i - 1];
    if (d <= 0 || d == step) continue;
    if (d % step != 0) {
      ++st.irregular;
      if (d < step) continue;
    }
    ++st.gaps;
    st.missingSteps += static_cast<std::uint64_t>(d / step - (d % step == 0 ? 1 : 0));
  }
  return st;
}

}  // namespace aaren::data
