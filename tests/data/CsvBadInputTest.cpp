// Every bad input from issue 3 gets a DataError with file, line, column and what was wrong.
#include <gtest/gtest.h>

#include <string>

#include "core/data/CsvReader.h"

using namespace aaren::data;

namespace {
std::string errorOf(std::string_view text, CsvOptions o = {}) {
  o.sourceName = "ETT.csv";
  try {
    readCsv(text, o);
  } catch (const DataError& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST(CsvBadInput, EmptyFile) { EXPECT_EQ(errorOf(""), "ETT.csv: empty file"); }

TEST(CsvBadInput, OnlyCommentsAndBlankLines) {
  EXPECT_EQ(errorOf("# nothing\n\n"), "ETT.csv: no rows (only blank or comment lines)");
}

TEST(CsvBadInput, HeaderOnly) {
  EXPECT_EQ(errorOf("date,OT\n"), "ETT.csv:1: no data rows after the header");
  EXPECT_EQ(errorOf("date,OT"), "ETT.csv:1: no data rows after the header");
}

TEST(CsvBadInput, RaggedRows) {
  EXPECT_EQ(errorOf("a,b,c\n1,2,3\n1,2\n"), "ETT.csv:3:3: expected 3 fields, found 2");
  EXPECT_EQ(errorOf("a,b\n1,2\n1,2,3\n"), "ETT.csv:3:3: expected 2 fields, found 3");
  std::string late = "a,b\n";
  for (int i = 0; i < 2000; ++i) late += "1,2\n";
  late += "5\n";
  EXPECT_EQ(errorOf(late), "ETT.csv:2002:2: expected 2 fields, found 1");
}

TEST(CsvBadInput, TextInNumericColumn) {
  std::string text = "date,HUFL,OT\n";
  for (int i = 0; i < 10; ++i) text += "2016-07-01 0" + std::to_string(i) + ":00:00,1,2\n";
  text += "2016-07-01 10:00:00,1,abc\n";
  EXPECT_EQ(errorOf(text), "ETT.csv:12:3: expected a number in column 'OT', found \"abc\"");
}

TEST(CsvBadInput, OutOfRangeAndInfinite) {
  EXPECT_EQ(errorOf("a,b\n1,2\n3,1e400\n"), "ETT.csv:3:2: number out of range in column 'b': \"1e400\"");
  EXPECT_EQ(errorOf("a,b\n1,2\n3,inf\n"), "ETT.csv:3:2: non-finite number in column 'b': \"inf\"");
  EXPECT_EQ(errorOf("a,b\n1,2\n3,-Infinity\n"),
            "ETT.csv:3:2: non-finite number in column 'b': \"-Infinity\"");
}

TEST(CsvBadInput, MinusZeroIsFine) {
  const auto r = readCsv("a\n-0\n-0.0\n");
  EXPECT_EQ(r.series.values, (std::vector<double>{0.0, 0.0}));
}

TEST(CsvBadInput, TenMegabyteSingleLine) {
  const std::string line(10 << 20, '7');
  EXPECT_EQ(errorOf(line), "ETT.csv:1: line is longer than 1048576 bytes");
  EXPECT_EQ(errorOf("a\n1\n" + line + "\n"), "ETT.csv:3: line is longer than 1048576 bytes");
}

TEST(CsvBadInput, InvalidUtf8) {
  EXPECT_EQ(errorOf("a,b\xff\xfe\n1,2\n"), "ETT.csv:1:2: invalid UTF-8 in the header");
  EXPECT_EQ(errorOf("v,name\n1,ok\n2,caf\xc3\n"), "ETT.csv:3:2: invalid UTF-8 in column 'name'");
  EXPECT_EQ(errorOf("v\n1\n2\n\xc0\xaf\n"), "ETT.csv:4:1: expected a number in column 'v', found \"\\xc0\\xaf\"");
}

TEST(CsvBadInput, BinaryGarbage) {
  std::string bin = "PK\x03\x04";
  bin += std::string("\x00\x01\x02\xff", 4);
  bin += "\n\x89PNG";
  EXPECT_EQ(errorOf(bin), "ETT.csv:1: binary data (a NUL byte): not a text file");
}

TEST(CsvBadInput, BadQuoting) {
  EXPECT_EQ(errorOf("a,b\n1,\"2\n"), "ETT.csv:2:2: unterminated quoted field");
  EXPECT_EQ(errorOf("a,b\n1,\"2\"x\n"), "ETT.csv:2:2: unexpected text after a closing quote");
}

TEST(CsvBadInput, BadTimestamps) {
  EXPECT_EQ(errorOf("date,v\n2020-01-01,1\n2020-01-02,1\n2020-02-30,2\n"),
            "ETT.csv:4:1: expected a timestamp in column 'date', found \"2020-02-30\"");
  EXPECT_EQ(errorOf("date,v\n2020-01-01,1\nNA,2\n"), "ETT.csv:3:1: missing timestamp in column 'date'");
  EXPECT_EQ(errorOf("year,month,day,v\n2020,1,1,1\n2020,2,30,2\n"),
            "ETT.csv:3: invalid date or time from the year/month/day/hour columns: 2020-2-30 0:0:0");
}

TEST(CsvBadInput, UnknownTimeColumn) {
  CsvOptions o;
  o.timeColumn = "when";
  EXPECT_EQ(errorOf("a,b\n1,2\n", o), "ETT.csv: no column named 'when'");
}

TEST(CsvBadInput, MissingFile) {
  try {
    readCsvFile("/nonexistent/x.csv");
    FAIL();
  } catch (const DataError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/x.csv: cannot open: No such file or directory");
  }
}
