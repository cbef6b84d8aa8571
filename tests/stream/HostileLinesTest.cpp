// Issue 18 items 5 and 6: lines a hostile or broken peer sends are malformed lines with a
// message, never an exception; messages are valid UTF-8 and cut on character boundaries.
#include "core/stream/LineParser.h"
#include "core/stream/TextExcerpt.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

using namespace aaren::stream;
using Kind = ParsedLine::Kind;

namespace {

// Whether nlohmann accepts `s` as UTF-8 (dump throws type_error 316 otherwise).
bool dumpsAsJson(const std::string& s) {
  try {
    (void)nlohmann::json(s).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

std::string euros(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += "\xE2\x82\xAC";  // U+20AC, 3 bytes
  return s;
}

}  // namespace

TEST(TextExcerpt, CutsOnCharacterBoundariesAndReplacesWhatIsNotUtf8) {
  EXPECT_EQ(excerpt(euros(20), 40), euros(13) + "…");  // 40 bytes would end inside the 14th
  EXPECT_EQ(excerpt(euros(13), 39), euros(13));
  EXPECT_EQ(excerpt("abc", 40), "abc");
  EXPECT_EQ(safeText("a\xff\xfe" "b"), "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");
  EXPECT_EQ(safeText(std::string("1\0" "2\x1b", 4)), "1\\x002\\x1b");
  EXPECT_EQ(safeText("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");       // overlong '/'
  EXPECT_EQ(safeText("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  EXPECT_EQ(safeText("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");      // cut
  EXPECT_EQ(safeText("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");      // U+1F600 stays
  EXPECT_TRUE(dumpsAsJson(excerpt("\xff\xfe\xfd" + euros(30), 40)));
}

TEST(LineParser, NumbersOutOfRangeAreMalformedJsonNotAnException) {
  LineParser p;
  auto r = p.parse(R"({"t": 1467331200, "OT": 1e400})");
  ASSERT_EQ(r.kind, Kind::Malformed);
  EXPECT_EQ(r.error, "not valid JSON: number overflow parsing '1e400'");
  r = p.parse(R"({"t": 1467331200, "OT": -1e400})");
  ASSERT_EQ(r.kind, Kind::Malformed);
  EXPECT_EQ(r.error, "not valid JSON: number overflow parsing '-1e400'");
  r = p.parse(R"({"t": 1467331200, "OT": NaN})");
  ASSERT_EQ(r.kind, Kind::Malformed);
  EXPECT_EQ(r.error, "not valid JSON: syntax error while parsing value - invalid literal; last read: '\"OT\": N'");
  r = p.parse(R"({"t": 1e400, "OT": 1})");
  ASSERT_EQ(r.kind, Kind::Malformed);
  EXPECT_EQ(r.error, "not valid JSON: number overflow parsing '1e400'");
  // The parser goes on: the next good line is a sample.
  r = p.parse(R"({"t": 1467331200, "OT": 30.5})");
  ASSERT_EQ(r.kind, Kind::Sample);
  EXPECT_EQ(r.sample.values, std::vector<double>{30.5});
}

TEST(LineParser, CsvInfinityAndOverflowAreNotNumbers) {
  LineParser p;
  ASSERT_EQ(p.parse("1,2").kind, Kind::Sample);
  auto r = p.parse("1e400,2");
  ASSERT_EQ(r.kind, Kind::Malformed);
  EXPECT_EQ(r.error, "field 1 ('1e400') is not a number");
  r = p.parse("1,-inf");
  ASSERT_EQ(r.kind, Kind::Malformed);
  EXPECT_EQ(r.error, "field 2 ('-inf') is not a number");
  r = p.parse("NaN,nan");  // missing markers
  ASSERT_EQ(r.kind, Kind::Sample);
  EXPECT_TRUE(std::isnan(r.sample.values[0]) && std::isnan(r.sample.values[1]));
}

TEST(LineParser, DeepNestingIsRefusedBeforeParsing) {
  LineParser p;
  const auto r = p.parse(std::string(100000, '['));
  ASSERT_EQ(r.kind, Kind::Malformed);
  EXPECT_EQ(r.error, "JSON nested deeper than 16 levels");
  const auto o = p.parse(R"({"values": [[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]})");
  ASSERT_EQ(o.kind, Kind::Malformed);
  EXPECT_EQ(o.error, "JSON nested deeper than 16 levels");
  // Brackets inside strings do not count.
  const auto s = p.parse(R"({"label": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "values": [1]})");
  ASSERT_EQ(s.kind, Kind::Sample);
  EXPECT_EQ(s.sample.label, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
}

TEST(LineParser, TooManyKeysOrValuesAreMalformedAndManyColumnsStayFast) {
  LineParser p;
  std::string many = "{";
  for (int k = 0; k < 20000; ++k) many += (k ? ",\"k" : "\"k") + std::to_string(k) + "\":1";
  many += "}";
  auto r = p.parse(many);
  ASSERT_EQ(r.kind, Kind::Malformed);
  EXPECT_EQ(r.error, "JSON line has 20000 keys (the limit is 1024)");
  std::string values = "{\"values\":[";
  for (int k = 0; k < 10001; ++k) values += k ? ",1" : "1";
  r = p.parse(values + "]}");
  ASSERT_EQ(r.kind, Kind::Malformed);
  EXPECT_EQ(r.error, "\"values\" has 10001 values (the limit is 10000)");
  std::string csv = "1";
  for (int k = 0; k < 10001; ++k) csv += ",1";
  r = p.parse(csv);
  ASSERT_EQ(r.kind, Kind::Malformed);
  EXPECT_EQ(r.error, "line has 10002 fields (the limit is 10000 values)");

  // 1,024 named values map to their columns through an index, not a search per key.
  std::string wide = "{";
  for (int k = 0; k < 1024; ++k) wide += (k ? ",\"k" : "\"k") + std::to_string(k) + "\":" + std::to_string(k);
  wide += "}";
  LineParser q;
  const auto begin = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) {
    r = q.parse(wide);
    ASSERT_EQ(r.kind, Kind::Sample);
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count();
  std::printf("100 lines of 1024 named values: %.1f ms\n", ms);
  ASSERT_EQ(r.sample.values.size(), 1024u);
  EXPECT_EQ(r.sample.values[1023], 1023);
}

TEST(LineParser, TenMegabyteLinesAndEmbeddedNuls) {
  LineParser p;
  auto r = p.parse(std::string(10 << 20, '7'));
  ASSERT_EQ(r.kind, Kind::Malformed);
  EXPECT_EQ(r.error, "line is 10485760 bytes long (the limit is 1048576)");
  ASSERT_EQ(p.parse("1,2").kind, Kind::Sample);
  r = p.parse(std::string("1,2\0" "5", 5));
  ASSERT_EQ(r.kind, Kind::Malformed);
  EXPECT_EQ(r.error, "field 2 ('2\\x005') is not a number");
  // nlohmann's reader ends a text at a NUL: {"a":1}\0garbage would pass as {"a":1}.
  LineParser j;
  r = j.parse(std::string("{\"values\":[1]}\0garbage", 22));
  ASSERT_EQ(r.kind, Kind::Malformed);
  EXPECT_EQ(r.error, "JSON line holds a NUL byte");
}

TEST(LineParser, ExcerptsAreCutOnCharactersAndBytesThatAreNotUtf8AreReplaced) {
  LineParser p;
  ASSERT_EQ(p.parse("1,2").kind, Kind::Sample);
  auto r = p.parse(euros(20) + ",2");
  ASSERT_EQ(r.kind, Kind::Malformed);
  EXPECT_EQ(r.error, "field 1 ('" + euros(13) + "…') is not a number");
  EXPECT_TRUE(dumpsAsJson(r.error));
  r = p.parse("\xff\xfe,2");
  ASSERT_EQ(r.kind, Kind::Malformed);
  EXPECT_EQ(r.error, "field 1 ('\xEF\xBF\xBD\xEF\xBF\xBD') is not a number");
  LineParser j;
  r = j.parse("{\"a\":\"\xff\"}");
  ASSERT_EQ(r.kind, Kind::Malformed);
  EXPECT_EQ(r.error, "not valid JSON: syntax error while parsing value - invalid string: ill-formed UTF-8 byte; last read: '\"\xEF\xBF\xBD'");
  EXPECT_TRUE(dumpsAsJson(r.error));
}
