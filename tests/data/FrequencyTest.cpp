#include <gtest/gtest.h>

#include <vector>

#include "core/data/Frequency.h"
#include "core/data/Timestamp.h"

using namespace aaren::data;

TEST(Frequency, HourlyWithGapsDuplicatesAndDisorder) {
  // 0h 1h 2h 5h 5h 4h 6h
  std::vector<std::int64_t> t = {0, 3600, 7200, 18000, 18000, 14400, 21600};
  const TimeStats st = analyzeTimes(t);
  EXPECT_EQ(st.frequency.seconds, 3600);
  EXPECT_EQ(st.frequency.months, 0);
  EXPECT_EQ(st.frequency.label(), "hourly");
  EXPECT_EQ(st.gaps, 2u);  // 2h -> 5h and 4h -> 6h
  EXPECT_EQ(st.missingSteps, 3u);
  EXPECT_EQ(st.duplicates, 1u);
  EXPECT_EQ(st.outOfOrder, 1u);
  EXPECT_EQ(st.first, 0);
  EXPECT_EQ(st.last, 21600);
}

TEST(Frequency, MonthlyIsCalendarBased) {
  std::vector<std::int64_t> t;
  for (int y = 2000; y < 2002; ++y)
    for (unsigned m = 1; m <= 12; ++m)
      if (!(y == 2001 && m == 5)) t.push_back(daysFromCivil(y, m, 1) * 86400);
  const TimeStats st = analyzeTimes(t);
  EXPECT_EQ(st.frequency.months, 1);
  EXPECT_EQ(st.frequency.seconds, kSecondsPerMonth);
  EXPECT_EQ(st.frequency.label(), "monthly");
  EXPECT_EQ(st.gaps, 1u);
  EXPECT_EQ(st.missingSteps, 1u);
  EXPECT_EQ(st.irregular, 0u);
}

TEST(Frequency, Labels) {
  EXPECT_EQ((Frequency{900, 0}).label(), "15 min");
  EXPECT_EQ((Frequency{7200, 0}).label(), "every 2 h");
  EXPECT_EQ((Frequency{604800, 0}).label(), "weekly");
  EXPECT_EQ((Frequency{86400, 0}).label(), "daily");
  EXPECT_EQ((Frequency{3 * kSecondsPerMonth, 3}).label(), "quarterly");
  EXPECT_EQ((Frequency{}).label(), "unknown");
}

TEST(Frequency, TooFewRows) {
  std::vector<std::int64_t> one = {5};
  EXPECT_FALSE(analyzeTimes(one).frequency.known());
  EXPECT_FALSE(analyzeTimes({}).frequency.known());
}
