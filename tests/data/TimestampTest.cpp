#include <gtest/gtest.h>

#include "core/data/Timestamp.h"

using namespace aaren::data;

TEST(Timestamp, ParsesTheAcceptedForms) {
  EXPECT_EQ(parseTimestamp("1970-01-01 00:00:00"), 0);
  EXPECT_EQ(parseTimestamp("2016-07-01 00:00:00"), 1467331200);
  EXPECT_EQ(parseTimestamp("2016-07-01T00:00:00"), 1467331200);
  EXPECT_EQ(parseTimestamp("2016-07-01T02:00:00+02:00"), 1467331200);
  EXPECT_EQ(parseTimestamp("2016-06-30T19:00:00-0500"), 1467331200);
  EXPECT_EQ(parseTimestamp("2016-07-01T00:00:00Z"), 1467331200);
  EXPECT_EQ(parseTimestamp("2016-07-01 00:00"), 1467331200);
  EXPECT_EQ(parseTimestamp("2016-07-01 00:00:00.750"), 1467331200);
  EXPECT_EQ(parseTimestamp("2016-07-01"), 1467331200);
  EXPECT_EQ(parseTimestamp("2016/7/1 0:00"), 1467331200);
  EXPECT_EQ(parseTimestamp("2016/07/01"), 1467331200);
  EXPECT_EQ(parseTimestamp("2016-07"), 1467331200);
  EXPECT_EQ(parseTimestamp("1949-01"), -662688000);
}

TEST(Timestamp, RejectsNumbersAndImpossibleDates) {
  EXPECT_FALSE(parseTimestamp("2016"));
  EXPECT_FALSE(parseTimestamp("12.5"));
  EXPECT_FALSE(parseTimestamp("2021-02-29"));
  EXPECT_FALSE(parseTimestamp("2020-13-01"));
  EXPECT_FALSE(parseTimestamp("2020-01-01 24:00"));
  EXPECT_FALSE(parseTimestamp("2020-01-01 10:61"));
  EXPECT_FALSE(parseTimestamp("2020-01/01"));
  EXPECT_FALSE(parseTimestamp("2020-01-01 10:00:00 junk"));
  EXPECT_FALSE(parseTimestamp("abc"));
  EXPECT_FALSE(parseTimestamp(""));
  EXPECT_TRUE(parseTimestamp("2020-02-29"));
}

TEST(Timestamp, RoundTripsThroughFormat) {
  for (std::int64_t t : {std::int64_t{0}, std::int64_t{1467331200}, std::int64_t{-662688000},
                         std::int64_t{951782400 + 3723}, std::int64_t{4102444799}}) {
    EXPECT_EQ(parseTimestamp(formatTimestamp(t)), t) << formatTimestamp(t);
  }
  EXPECT_EQ(formatTimestamp(1530039600), "2018-06-26 19:00:00");
  EXPECT_EQ(formatTimestamp(-1), "1969-12-31 23:59:59");
}

TEST(Timestamp, EpochSecondsAndMilliseconds) {
  EXPECT_EQ(parseEpoch(1467331200.0), 1467331200);
  EXPECT_EQ(parseEpoch(1467331200500.0), 1467331200);
}
