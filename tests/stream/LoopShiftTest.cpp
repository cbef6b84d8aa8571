#include "core/stream/LoopShift.h"

#include <gtest/gtest.h>

using aaren::stream::loopTimeShift;

namespace {
constexpr std::int64_t kHour = 3600, kDay = 86400;
}

TEST(LoopTimeShift, SubDailyStepsRestartAtTheSameTimeOfDay) {
  // ETTh1: 17,420 hourly rows from 2016-07-01 00:00 = 725 days and 20 hours; the next pass
  // starts at 00:00 again, 726 days after the first row.
  EXPECT_EQ(loopTimeShift(0, 17419 * kHour, kHour), 726 * kDay);
  // Whole days already: no gap.
  EXPECT_EQ(loopTimeShift(1000, 1000 + 47 * kHour, kHour), 2 * kDay);
  // 15-minute rows, 10 of them.
  EXPECT_EQ(loopTimeShift(0, 9 * 900, 900), kDay);
}

TEST(LoopTimeShift, OtherStepsContinueOneStepAfterTheLastRow) {
  EXPECT_EQ(loopTimeShift(0, 9 * kDay, kDay), 10 * kDay);    // daily
  EXPECT_EQ(loopTimeShift(0, 9 * 7, 7), 70);                 // 7 s does not divide a day
  EXPECT_EQ(loopTimeShift(0, 2 * 7 * kDay, 7 * kDay), 21 * kDay);  // weekly
  EXPECT_EQ(loopTimeShift(5, 5, 0), 0);                      // one row, no step
}
