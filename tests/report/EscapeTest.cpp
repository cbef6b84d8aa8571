// The escaping helpers every renderer uses (core/report/Escape.h), and the forecast CSV on
// hostile channel names (issue 18 item 3).
#include "core/report/Escape.h"
#include "core/report/ForecastCsv.h"

#include <gtest/gtest.h>

using namespace aaren::report;

namespace {

const std::string kFffd = "\xEF\xBF\xBD";

}  // namespace

TEST(Escape, XmlEscapeTurnsMarkupIntoText) {
  EXPECT_EQ(xmlEscape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(xmlEscape("tiny \"&<>'.csv"), "tiny &quot;&amp;&lt;&gt;&#39;.csv");
  EXPECT_EQ(xmlEscape("&amp;"), "&amp;amp;");
  EXPECT_EQ(xmlEscape("temp, °C"), "temp, °C");
  EXPECT_EQ(htmlEscape("a<b"), "a&lt;b");
}

TEST(Escape, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(validUtf8("é€😀 plain"), "é€😀 plain");
  EXPECT_EQ(validUtf8("a\xFF" "b"), "a" + kFffd + "b");
  EXPECT_EQ(validUtf8("\xE2\x82"), kFffd);                       // truncated 3-byte sequence: one
  EXPECT_EQ(validUtf8("\xE2\x82z"), kFffd + "z");
  EXPECT_EQ(validUtf8("\xC0\xAF"), kFffd + kFffd);               // overlong '/'
  EXPECT_EQ(validUtf8("\xED\xA0\x80"), kFffd + kFffd + kFffd);   // a UTF-16 surrogate
  EXPECT_EQ(validUtf8("\xF4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd);  // above U+10FFFF
  EXPECT_EQ(validUtf8("\xF0\x9F\x98"), kFffd);
  EXPECT_EQ(validUtf8(std::string("a\0b", 3)), std::string("a\0b", 3));  // valid UTF-8, kept
}

TEST(Escape, XmlSafeTextDropsWhatXml10Forbids) {
  EXPECT_EQ(xmlSafeText(std::string("a\0b\x01\x1F" "c\td\ne\rf\x7F", 14)), "abc\td\ne\rf\x7F");
  EXPECT_EQ(xmlSafeText("x\xEF\xBF\xBEy\xEF\xBF\xBFz"), "xyz");  // U+FFFE, U+FFFF
  EXPECT_EQ(xmlSafeText("bad\xFF"), "bad" + kFffd);
  EXPECT_EQ(xmlEscape("\x01<\x02\xFF"), "&lt;" + kFffd);
}

TEST(Escape, CsvTextFieldQuotesPerRfc4180AndDisarmsFormulas) {
  EXPECT_EQ(csvTextField("load"), "load");
  EXPECT_EQ(csvTextField("<script>alert(1)</script>"), "<script>alert(1)</script>");  // not markup in a CSV
  EXPECT_EQ(csvTextField("temp, °C"), "\"temp, °C\"");
  EXPECT_EQ(csvTextField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csvTextField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csvTextField("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(csvTextField("=1+2"), "'=1+2");
  EXPECT_EQ(csvTextField("+1"), "'+1");
  EXPECT_EQ(csvTextField("-1"), "'-1");
  EXPECT_EQ(csvTextField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csvTextField("\tx"), "'\tx");
  EXPECT_EQ(csvTextField("=1+2,\"x\""), "\"'=1+2,\"\"x\"\"\"");
  EXPECT_EQ(csvTextField("a=b"), "a=b");
  EXPECT_EQ(csvTextField("\xFF"), kFffd);
  EXPECT_EQ(csvTextField(""), "");
}

TEST(Escape, ForecastCsvQuotesAndDisarmsChannelNames) {
  ForecastTable t;
  t.channels = {"<script>alert(1)</script>", "=1+2,\"x\"", "a\nb"};
  t.has_time = false;
  t.steps = {1};
  t.values = {1.5, -2, 0.25};
  EXPECT_EQ(forecastCsvText(t), "step,<script>alert(1)</script>,\"'=1+2,\"\"x\"\"\",\"a\nb\"\n1,1.5,-2,0.25\n");
}
