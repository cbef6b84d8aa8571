#include "core/stream/LineParser.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace aaren::stream;
using Kind = ParsedLine::Kind;

TEST(LineParser, CsvWithTimestampsHeaderAndMissingMarkers) {
  LineParser p;
  EXPECT_EQ(p.parse("date,HUFL,OT").kind, Kind::Header);
  auto a = p.parse("2016-07-01 00:00:00,5.827,30.531\r");
  ASSERT_EQ(a.kind, Kind::Sample);
  EXPECT_EQ(a.sample.timestamp, 1467331200);
  EXPECT_EQ(a.sample.values, (std::vector<double>{5.827, 30.531}));
  EXPECT_EQ(p.columns(), (std::vector<std::string>{"HUFL", "OT"}));
  EXPECT_EQ(p.width(), 2u);
  EXPECT_TRUE(p.timed());
  auto b = p.parse("2016-07-01T01:00Z,NA,?");
  ASSERT_EQ(b.kind, Kind::Sample);
  EXPECT_EQ(b.sample.timestamp, 1467334800);
  EXPECT_TRUE(std::isnan(b.sample.values[0]));
  EXPECT_TRUE(std::isnan(b.sample.values[1]));
  EXPECT_EQ(p.parse("").kind, Kind::Skipped);
  EXPECT_EQ(p.parse("# a comment").kind, Kind::Skipped);
}

TEST(LineParser, MalformedLinesSayWhatIsWrong) {
  LineParser p;
  ASSERT_EQ(p.parse("2020-01-01 00:00,1,2").kind, Kind::Sample);
  auto e1 = p.parse("2020-01-01 01:00,1,2,3");
  EXPECT_EQ(e1.kind, Kind::Malformed);
  EXPECT_EQ(e1.error, "line has 3 values, expected 2");
  auto e2 = p.parse("2020-01-01 02:00,1,abc");
  EXPECT_EQ(e2.error, "field 3 ('abc') is not a number");
  auto e3 = p.parse("tomorrow,1,2");
  EXPECT_EQ(e3.error, "field 1 ('tomorrow') is not a timestamp");
  auto e4 = p.parse("1,2");
  EXPECT_EQ(e4.error, "line has no timestamp (earlier lines had one)");
  auto e5 = p.parse("2020-01-01 03:00,1,1e400");
  EXPECT_EQ(e5.error, "field 3 ('1e400') is not a number");
  EXPECT_EQ(p.parse("2020-01-01 04:00,-0,+2.5").sample.values, (std::vector<double>{-0.0, 2.5}));
}

TEST(LineParser, ValuesOnlyEpochAndDelimiters) {
  LineParser values;
  auto v = values.parse("1.5;2.5;3.5");
  ASSERT_EQ(v.kind, Kind::Sample);
  EXPECT_FALSE(v.sample.hasTime());
  EXPECT_EQ(v.sample.values, (std::vector<double>{1.5, 2.5, 3.5}));
  EXPECT_EQ(values.parse("2020-01-01;1;2").error, "line has a timestamp (earlier lines had none)");

  LineParserOptions o;
  o.epoch_time = true;
  LineParser epoch(o);
  auto e = epoch.parse("1467331200000\t7\t8");
  ASSERT_EQ(e.kind, Kind::Sample);
  EXPECT_EQ(e.sample.timestamp, 1467331200);
  EXPECT_EQ(e.sample.values, (std::vector<double>{7, 8}));
  EXPECT_EQ(epoch.parse("x\t1\t2").error, "field 1 ('x') is not an epoch time");

  LineParser pipes;
  EXPECT_EQ(pipes.parse("\"1\"|\"2\"").sample.values, (std::vector<double>{1, 2}));
}

TEST(LineParser, JsonArraysNamedValuesResetAndLabel) {
  LineParser arrays;
  auto a = arrays.parse(R"({"timestamp": "2016-07-01 00:00", "values": [1.5, null, 3]})");
  ASSERT_EQ(a.kind, Kind::Sample);
  EXPECT_EQ(a.sample.timestamp, 1467331200);
  EXPECT_EQ(a.sample.values[0], 1.5);
  EXPECT_TRUE(std::isnan(a.sample.values[1]));
  EXPECT_EQ(arrays.parse(R"({"t": 1467331200, "values": [1, 2]})").error, "line has 2 values, expected 3");

  LineParserOptions o;
  o.columns = {"HUFL", "OT"};
  LineParser named(o);
  auto n = named.parse(R"({"t": 1467331200, "OT": 30.5, "HUFL": 5.8, "reset": true, "label": "walking"})");
  ASSERT_EQ(n.kind, Kind::Sample);
  EXPECT_EQ(n.sample.values, (std::vector<double>{5.8, 30.5}));
  EXPECT_TRUE(n.sample.reset);
  EXPECT_EQ(n.sample.label, "walking");
  auto partial = named.parse(R"({"t": 1467334800, "OT": 31})");
  ASSERT_EQ(partial.kind, Kind::Sample);
  EXPECT_TRUE(std::isnan(partial.sample.values[0]));
  EXPECT_EQ(named.parse(R"({"t": 1467338400, "XX": 1})").error, "unknown column \"XX\"");
  EXPECT_EQ(named.parse(R"({"t": 1467338400, "OT": "hot"})").error, "\"OT\" is not a number");
  EXPECT_EQ(named.parse(R"({"t": "soon", "OT": 1})").error, "\"t\" is not a timestamp");
  EXPECT_EQ(named.parse("[1, 2]").error, "JSON line is not an object");
  EXPECT_EQ(named.parse(R"({"t": 1467338400})").error, "line has 0 values, expected 2");

  LineParser discover;
  discover.parse(R"({"a": 1, "b": 2})");
  EXPECT_EQ(discover.columns(), (std::vector<std::string>{"a", "b"}));
  auto bad = discover.parse(R"({"a": 1, "b": )");
  EXPECT_EQ(bad.kind, Kind::Malformed);
  EXPECT_EQ(bad.error.rfind("not valid JSON: syntax error", 0), 0u) << bad.error;
}

TEST(LineParser, OverlongLinesAreMalformed) {
  LineParserOptions o;
  o.max_line_bytes = 16;
  LineParser p(o);
  EXPECT_EQ(p.parse(std::string(17, '1')).error, "line is 17 bytes long (the limit is 16)");
  EXPECT_EQ(p.parse("1,2").kind, Kind::Sample);
}

TEST(LineParser, FormatNames) {
  EXPECT_EQ(lineFormatFromString("json"), LineFormat::Json);
  EXPECT_EQ(toString(LineFormat::Csv), "csv");
  try {
    lineFormatFromString("xml");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "unknown line format 'xml' (expected csv, json or auto)");
  }
}
