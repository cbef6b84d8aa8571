#include <gtest/gtest.h>

#include <cmath>

#include "core/data/LongCsvReader.h"
#include "core/data/TsReader.h"

using namespace aaren::data;

namespace {
std::string dataPath(const std::string& rel) { return std::string(AAREN_DATA_DIR) + "/" + rel; }

std::string tsError(std::string_view text) {
  TsOptions o;
  o.sourceName = "x.ts";
  try {
    readTs(text, o);
  } catch (const DataError& e) {
    return e.what();
  }
  return "no error";
}

std::string longError(std::string_view text) {
  LongCsvOptions o;
  o.sourceName = "long.csv";
  try {
    readLongCsv(text, o);
  } catch (const DataError& e) {
    return e.what();
  }
  return "no error";
}

const char* kSmall =
    "# comment\n@problemName Toy\n@timeStamps false\n@missing true\n@univariate false\n"
    "@dimensions 2\n@equalLength false\n@classLabel true up down\n@data\n"
    "1,2,3:4,5,6:up\n7,?:8,9:down\r\n1:2:up";
}  // namespace

TEST(TsReader, SmallMultivariateUnequal) {
  const auto r = readTs(kSmall);
  const auto& s = r.set;
  EXPECT_EQ(s.name, "Toy");
  EXPECT_EQ(s.channels, 2u);
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(s.lengths, (std::vector<std::size_t>{3, 2, 1}));
  EXPECT_EQ(s.labels, (std::vector<std::string>{"up", "down", "up"}));
  EXPECT_EQ(s.classIndex, (std::vector<int>{0, 1, 0}));
  EXPECT_EQ(s.classNames, (std::vector<std::string>{"up", "down"}));
  EXPECT_EQ(s.channel(0, 1)[2], 6.0);
  EXPECT_TRUE(std::isnan(s.channel(1, 0)[1]));
  EXPECT_EQ(s.channel(1, 1)[1], 9.0);
  EXPECT_EQ(s.missing, 1u);
  EXPECT_EQ(s.minLength(), 1u);
  EXPECT_EQ(s.maxLength(), 3u);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(TsReader, PadsUnequalDimensionsWithAWarning) {
  const auto r = readTs("@classLabel true a\n@data\n1,2,3:4:a\n");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].kind, WarningKind::UnequalLength);
  EXPECT_EQ(r.warnings[0].line, 3u);
  EXPECT_EQ(r.set.lengths[0], 3u);
  EXPECT_TRUE(std::isnan(r.set.channel(0, 1)[2]));
}

TEST(TsReader, BadInput) {
  EXPECT_EQ(tsError(""), "x.ts: empty file");
  EXPECT_EQ(tsError("@problemName a\n"), "x.ts: no @data line: not a .ts file");
  EXPECT_EQ(tsError("@classLabel true a b\n@data\n"), "x.ts:2: no cases after @data");
  EXPECT_EQ(tsError("@classLabel true a b\n@data\n1,2,abc:a\n"),
            "x.ts:3:5: expected a number in dimension 1, found \"abc\"");
  EXPECT_EQ(tsError("@classLabel true a b\n@data\n1,2,1e400:a\n"),
            "x.ts:3:5: number out of range in dimension 1: \"1e400\"");
  EXPECT_EQ(tsError("@classLabel true a b\n@data\n1,2,3:c\n"),
            "x.ts:3:7: class label \"c\" is not declared in @classLabel");
  EXPECT_EQ(tsError("@dimensions 2\n@classLabel true a\n@data\n1,2:a\n"),
            "x.ts:4:1: case has 1 dimensions, expected 2");
  EXPECT_EQ(tsError("@classLabel true a\n@data\n1,2\n"),
            "x.ts:3:4: expected values and a class label separated by ':'");
  EXPECT_EQ(tsError("@timeStamps true\n@data\n"),
            "x.ts:1:1: time-stamped .ts data (@timeStamps true) is not supported");
  EXPECT_EQ(tsError("@equalLength true\n@seriesLength 3\n@classLabel true a\n@data\n1,2:a\n"),
            "x.ts:5:1: case has length 2, @seriesLength is 3");
  EXPECT_EQ(tsError("hello\n"), "x.ts:1:1: expected a '@' header line or @data before the data, found \"hello\"");
  EXPECT_EQ(tsError(std::string("@data\n1\0:a\n", 11)), "x.ts:2: binary data (a NUL byte): not a text file");
  EXPECT_EQ(tsError("@classLabel true a\n@data\n1:\xff\n"), "x.ts:3:3: invalid UTF-8 in a class label");
}

TEST(TsReader, CancelFromProgress) {
  std::string text = "@classLabel true a\n@data\n";
  for (int i = 0; i < 1000; ++i) text += "1,2:a\n";
  const auto r = readTs(text, {}, [](std::uint64_t, std::uint64_t) { return false; });
  EXPECT_EQ(r.status, LoadStatus::Cancelled);
  EXPECT_EQ(r.set.size(), 0u);
}

TEST(TsShippedData, JapaneseVowels) {
  const auto train = readTsFile(dataPath("classification/JapaneseVowels/JapaneseVowels_TRAIN.ts")).set;
  const auto test = readTsFile(dataPath("classification/JapaneseVowels/JapaneseVowels_TEST.ts")).set;
  EXPECT_EQ(train.size(), 270u);
  EXPECT_EQ(test.size(), 370u);
  EXPECT_EQ(train.channels, 12u);
  EXPECT_EQ(test.channels, 12u);
  EXPECT_EQ(train.classNames.size(), 9u);
  EXPECT_EQ(train.minLength(), 7u);
  EXPECT_EQ(train.maxLength(), 26u);
  EXPECT_EQ(test.minLength(), 7u);
  EXPECT_EQ(test.maxLength(), 29u);
  EXPECT_EQ(train.classCounts(), (std::vector<std::size_t>(9, 30)));
  EXPECT_EQ(test.classCounts(), (std::vector<std::size_t>{31, 35, 88, 44, 29, 24, 40, 50, 29}));
  EXPECT_DOUBLE_EQ(train.channel(0, 0)[0], 1.860936);
  EXPECT_EQ(train.missing, 0u);
}

TEST(TsShippedData, BasicMotions) {
  const auto train = readTsFile(dataPath("classification/BasicMotions/BasicMotions_TRAIN.ts")).set;
  const auto test = readTsFile(dataPath("classification/BasicMotions/BasicMotions_TEST.ts")).set;
  EXPECT_EQ(train.size(), 40u);
  EXPECT_EQ(test.size(), 40u);
  EXPECT_EQ(train.channels, 6u);
  EXPECT_TRUE(train.equalLength());
  EXPECT_EQ(train.maxLength(), 100u);
  EXPECT_EQ(test.maxLength(), 100u);
  EXPECT_EQ(train.classNames, (std::vector<std::string>{"Standing", "Running", "Walking", "Badminton"}));
  EXPECT_EQ(train.classCounts(), (std::vector<std::size_t>(4, 10)));
  EXPECT_DOUBLE_EQ(train.channel(0, 0)[0], 0.079106);
}

TEST(TsShippedData, UnivariateUcr) {
  const auto gp = readTsFile(dataPath("classification/GunPoint/GunPoint_TRAIN.ts")).set;
  EXPECT_EQ(gp.size(), 50u);
  EXPECT_EQ(gp.channels, 1u);
  EXPECT_EQ(gp.maxLength(), 150u);
  EXPECT_EQ(gp.classCounts(), (std::vector<std::size_t>{24, 26}));
  const auto ipd = readTsFile(dataPath("classification/ItalyPowerDemand/ItalyPowerDemand_TEST.ts")).set;
  EXPECT_EQ(ipd.size(), 1029u);
  EXPECT_EQ(ipd.maxLength(), 24u);
  EXPECT_EQ(ipd.classCounts(), (std::vector<std::size_t>{513, 516}));
}

TEST(LongCsv, GroupsRowsBySeries) {
  const auto r = readLongCsv(
      "series_id,time,x,y,label\ns1,0,1,10,walk\ns2,0,5,50,run\ns1,1,2,20,walk\ns1,2,3,NA,walk\n");
  const auto& s = r.set;
  EXPECT_EQ(s.size(), 2u);
  EXPECT_EQ(s.channels, 2u);
  EXPECT_EQ(s.channelNames, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(s.lengths, (std::vector<std::size_t>{3, 1}));
  EXPECT_EQ(s.labels, (std::vector<std::string>{"walk", "run"}));
  EXPECT_EQ(s.classNames, (std::vector<std::string>{"walk", "run"}));
  EXPECT_EQ(s.channel(0, 0)[2], 3.0);
  EXPECT_EQ(s.channel(0, 1)[1], 20.0);
  EXPECT_TRUE(std::isnan(s.channel(0, 1)[2]));
  EXPECT_EQ(s.missing, 1u);
}

TEST(LongCsv, BadInput) {
  EXPECT_EQ(longError(""), "long.csv: empty file");
  EXPECT_EQ(longError("id,x,label\n"), "long.csv:1: no data rows after the header");
  EXPECT_EQ(longError("id,x,label\na,1,u\na,2,v\n"), "long.csv:3:3: series 'a' has two labels: 'u' and 'v'");
  EXPECT_EQ(longError("id,x,label\na,q,u\n"), "long.csv:2:2: expected a number in column 'x', found \"q\"");
  EXPECT_EQ(longError("id,x,label\na,1\n"), "long.csv:2:3: expected 3 fields, found 2");
  EXPECT_EQ(longError("id,x,label\na,1,NA\n"), "long.csv:2:3: missing label");
  EXPECT_EQ(longError("id,label\na,u\n"),
            "long.csv:1: a long-format file needs an id column, at least one channel and a label column");
}
