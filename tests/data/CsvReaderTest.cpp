#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "core/data/CsvReader.h"

using namespace aaren::data;

namespace {
CsvResult read(std::string_view text, CsvOptions o = {}) {
  o.sourceName = "t.csv";
  return readCsv(text, o);
}
}  // namespace

TEST(CsvReader, BasicWithTimeColumn) {
  const auto r = read("date,a,b\n2020-01-01 00:00:00,1.5,-2\n2020-01-01 01:00:00,2.5,3e2\n");
  const Series& s = r.series;
  EXPECT_EQ(r.delimiter, ',');
  EXPECT_TRUE(r.header);
  ASSERT_EQ(s.rows, 2u);
  ASSERT_EQ(s.cols(), 2u);
  EXPECT_EQ(s.names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s.values, (std::vector<double>{1.5, 2.5, -2.0, 300.0}));
  EXPECT_EQ(s.timestamps, (std::vector<std::int64_t>{1577836800, 1577840400}));
  EXPECT_EQ(s.time.frequency.seconds, 3600);
  ASSERT_EQ(s.columns.size(), 3u);
  EXPECT_EQ(s.columns[0].kind, ColumnKind::Time);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(CsvReader, DetectsDelimiters) {
  for (char d : {',', ';', '\t', '|'}) {
    std::string text = "x?y?z\n1?2?3\n4?5?6\n";
    for (char& c : text)
      if (c == '?') c = d;
    const auto r = read(text);
    EXPECT_EQ(r.delimiter, d);
    EXPECT_EQ(r.series.cols(), 3u);
    EXPECT_FALSE(r.series.hasTime());
    EXPECT_EQ(r.series.at(1, 2), 6.0);
  }
}

TEST(CsvReader, QuotesCrlfBomCommentsNoFinalNewline) {
  const std::string text =
      "\xEF\xBB\xBF# a comment\r\n\"when\";\"v a\"\r\n\r\n\"2020-01-02\";\"1.5\"\r\n"
      "# another\r\n\"2020-01-03\";7\r\n\"2020-01-04\";\"8\"";
  const auto r = read(text);
  const Series& s = r.series;
  EXPECT_EQ(r.delimiter, ';');
  EXPECT_EQ(s.names, (std::vector<std::string>{"v a"}));
  EXPECT_EQ(s.values, (std::vector<double>{1.5, 7.0, 8.0}));
  EXPECT_EQ(s.rows, 3u);
  EXPECT_EQ(s.time.frequency.label(), "daily");
  EXPECT_TRUE(r.warnings.empty());
}

TEST(CsvReader, DecimalCommaInANumericColumnIsAnError) {
  try {
    read("when;v\n2020-01-02;1.5\n2020-01-03;7\n2020-01-04;8,5\n");
    FAIL();
  } catch (const DataError& e) {
    EXPECT_STREQ(e.what(), "t.csv:4:2: expected a number in column 'v', found \"8,5\"");
  }
}

TEST(CsvReader, QuotedFieldsWithEscapesAndNewlines) {
  const auto r = read("name,v\n\"a \"\"x\"\"\",1\n\"line\nbreak\",2\nplain,3\n");
  ASSERT_EQ(r.series.categoricals.size(), 1u);
  EXPECT_EQ(r.series.categoricals[0].levels,
            (std::vector<std::string>{"a \"x\"", "line\nbreak", "plain"}));
  EXPECT_EQ(r.series.column(0)[2], 3.0);
}

TEST(CsvReader, ErrorLineCountsQuotedNewlines) {
  try {
    read("name,v\n\"line\nbreak\",2\nx,3\ny,abc\n");
    FAIL();
  } catch (const DataError& e) {
    EXPECT_STREQ(e.what(), "t.csv:5:2: expected a number in column 'v', found \"abc\"");
  }
}

TEST(CsvReader, MissingMarkers) {
  const auto r = read("a,b\n1,NA\n,2\nnull,?\nNaN,N/A\n5,nan\n");
  const Series& s = r.series;
  EXPECT_EQ(s.missing, (std::vector<std::size_t>{3, 4}));
  EXPECT_EQ(s.at(4, 0), 5.0);
  EXPECT_TRUE(std::isnan(s.at(0, 1)));
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0].kind, WarningKind::MissingValues);
  EXPECT_EQ(r.warnings[0].message, "column 'a': 3 missing values");
  EXPECT_EQ(r.warnings[1].column, 2u);
}

TEST(CsvReader, MinusZeroIsZeroAndUnderflowIsZero) {
  const auto r = read("a\n-0\n+1\n1e-400\n 2.5 \n");
  EXPECT_EQ(r.series.values, (std::vector<double>{0.0, 1.0, 0.0, 2.5}));
  EXPECT_FALSE(std::signbit(r.series.values[0]));
}

TEST(CsvReader, NonFiniteAsMissingOnRequest) {
  CsvOptions o;
  o.nonFinite = NonFinitePolicy::Missing;
  const auto r = read("a\n1\ninf\n1e400\n-infinity\n", o);
  EXPECT_EQ(r.series.missing[0], 3u);
  ASSERT_GE(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].kind, WarningKind::NonFiniteValue);
  EXPECT_EQ(r.warnings[0].line, 3u);
  EXPECT_EQ(r.warnings[0].message, "column 'a': 3 non-finite or out-of-range numbers read as missing");
}

TEST(CsvReader, HeaderlessNumericFile) {
  const auto r = read("1,2\n3,4\n");
  EXPECT_FALSE(r.header);
  EXPECT_EQ(r.series.names, (std::vector<std::string>{"column1", "column2"}));
  EXPECT_EQ(r.series.rows, 2u);
}

TEST(CsvReader, EpochColumnsByName) {
  const auto s = read("timestamp,v\n1467331200,1\n1467334800,2\n").series;
  EXPECT_EQ(s.timestamps, (std::vector<std::int64_t>{1467331200, 1467334800}));
  const auto ms = read("time,v\n1467331200000,1\n1467331260000,2\n").series;
  EXPECT_EQ(ms.timestamps, (std::vector<std::int64_t>{1467331200, 1467331260}));
  EXPECT_EQ(ms.time.frequency.label(), "every minute");
}

TEST(CsvReader, ExplicitTimeColumnAndNoTime) {
  CsvOptions o;
  o.timeColumn = "b";
  const auto s = read("a,b\n1,2020-01-01\n2,2020-01-02\n", o).series;
  EXPECT_EQ(s.names, (std::vector<std::string>{"a"}));
  EXPECT_TRUE(s.hasTime());
  CsvOptions none;
  none.detectTime = false;
  const auto r = read("a,b\n1,2020-01-01\n2,2020-01-02\n", none);
  EXPECT_FALSE(r.series.hasTime());
  EXPECT_EQ(r.series.categoricals.size(), 1u);
}

TEST(CsvReader, SplitTimeColumnsAndIndexColumn) {
  const auto r = read(
      "No,year,month,day,hour,v\n1,2010,1,1,0,5\n2,2010,1,1,1,6\n3,2010,1,1,3,7\n");
  const Series& s = r.series;
  EXPECT_EQ(s.names, (std::vector<std::string>{"v"}));
  EXPECT_EQ(s.timestamps[2], 1262304000 + 3 * 3600);
  EXPECT_EQ(s.columns[0].kind, ColumnKind::Index);
  EXPECT_EQ(s.columns[1].kind, ColumnKind::TimePart);
  EXPECT_EQ(s.time.gaps, 1u);
  EXPECT_EQ(s.time.missingSteps, 1u);
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0].kind, WarningKind::IndexColumn);
  EXPECT_EQ(r.warnings[1].kind, WarningKind::Gap);
  EXPECT_EQ(r.warnings[1].message, "1 gaps (1 missing hourly steps)");
}

TEST(CsvReader, DuplicatesAndOutOfOrderAreReported) {
  const auto r = read("t,v\n2020-01-01,1\n2020-01-02,2\n2020-01-02,3\n2020-01-01,4\n2020-01-03,5\n");
  EXPECT_EQ(r.series.time.duplicates, 1u);
  EXPECT_EQ(r.series.time.outOfOrder, 1u);
  EXPECT_EQ(r.series.time.gaps, 1u);  // 01 -> 03
  ASSERT_EQ(r.warnings.size(), 3u);
  EXPECT_EQ(r.warnings[0].kind, WarningKind::DuplicateTimestamp);
  EXPECT_EQ(r.warnings[0].line, 4u);
  EXPECT_EQ(r.warnings[1].kind, WarningKind::OutOfOrderTimestamp);
  EXPECT_EQ(r.warnings[1].line, 5u);
  EXPECT_EQ(r.warnings[2].kind, WarningKind::Gap);
}

TEST(CsvReader, OneHotOnRequest) {
  CsvOptions o;
  o.categorical = CategoricalPolicy::OneHot;
  const auto s = read("v,dir\n1,NE\n2,SW\n3,NE\n4,NA\n", o).series;
  EXPECT_EQ(s.names, (std::vector<std::string>{"v", "dir=NE", "dir=SW"}));
  EXPECT_EQ(s.column(1)[0], 1.0);
  EXPECT_EQ(s.column(2)[1], 1.0);
  EXPECT_EQ(s.column(1)[2], 1.0);
  EXPECT_TRUE(std::isnan(s.column(2)[3]));
}

TEST(CsvReader, DuplicateColumnNamesAreRenamed) {
  const auto r = read("a,a,b\n1,2,3\n");
  EXPECT_EQ(r.series.names, (std::vector<std::string>{"a", "a.1", "b"}));
  EXPECT_EQ(r.warnings[0].kind, WarningKind::DuplicateColumnName);
}

TEST(CsvReader, StreamInputGrowsStorage) {
  std::string text = "t,v\n";
  for (int i = 0; i < 5000; ++i) text += std::to_string(1000000000 + i * 60) + "," + std::to_string(i) + "\n";
  std::istringstream in(text);
  CsvOptions o;
  o.timeColumn = "t";
  const auto r = readCsv(in, o);
  ASSERT_EQ(r.series.rows, 5000u);
  EXPECT_EQ(r.series.column(0)[4999], 4999.0);
  EXPECT_EQ(r.series.time.frequency.seconds, 60);
}

TEST(CsvReader, ProgressCanCancel) {
  std::string text = "a\n";
  for (int i = 0; i < 1000; ++i) text += "1\n";
  int calls = 0;
  const auto r = readCsv(text, {}, [&](std::uint64_t done, std::uint64_t total) {
    ++calls;
    EXPECT_EQ(total, text.size());
    return false;
  });
  EXPECT_EQ(r.status, LoadStatus::Cancelled);
  EXPECT_EQ(r.series.rows, 0u);
  EXPECT_EQ(calls, 1);
}

TEST(CsvReader, ProgressReachesTheTotal) {
  std::string text = "a,b\n";
  for (int i = 0; i < 100; ++i) text += "1,2\n";
  std::uint64_t lastDone = 0, lastTotal = 0;
  int calls = 0;
  const auto r = readCsv(text, {}, [&](std::uint64_t done, std::uint64_t total) {
    EXPECT_GE(done, lastDone);
    lastDone = done;
    lastTotal = total;
    ++calls;
    return true;
  });
  EXPECT_EQ(r.status, LoadStatus::Ok);
  EXPECT_GE(calls, 2);
  EXPECT_EQ(lastDone, text.size());
  EXPECT_EQ(lastTotal, text.size());
}
