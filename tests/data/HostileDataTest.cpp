// Issue 18 items 9-11: data files that made the readers slow, huge or hang.
//   9: a CSV header of thousands of (duplicate) names was cubic in the column count;
//  10: a small .ts file whose case mixes many short dimensions with one long one padded to GBs;
//  11: the endless zero device or a FIFO given as a data file hung or grew without limit.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/data/CsvReader.h"
#include "core/data/InputFile.h"
#include "core/data/LongCsvReader.h"
#include "core/data/TsReader.h"

using namespace aaren::data;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system temp dir, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "aaren-hostile-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

template <typename F>
std::string errorOf(F&& read) {
  try {
    read();
  } catch (const DataError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

// ---- item 9 ------------------------------------------------------------------------------

TEST(HostileCsv, FourThousandDuplicateNamesAreRenamedInOrder) {
  std::string header = "x";
  std::string row = "1";
  for (int i = 1; i < 4000; ++i) {
    header += ",x";
    row += ",1";
  }
  const auto r = readCsv(header + "\n" + row + "\n" + row + "\n");
  ASSERT_EQ(r.series.names.size(), 4000u);
  EXPECT_EQ(r.series.names[0], "x");
  EXPECT_EQ(r.series.names[1], "x.1");
  EXPECT_EQ(r.series.names[2], "x.2");
  EXPECT_EQ(r.series.names[3999], "x.3999");
  ASSERT_EQ(r.warnings.size(), 3999u);
  EXPECT_EQ(r.warnings[0].kind, WarningKind::DuplicateColumnName);
  EXPECT_EQ(r.warnings[0].line, 1u);
  EXPECT_EQ(r.warnings[0].column, 2u);
  EXPECT_EQ(r.warnings[0].message, "column name 'x' repeated: renamed 'x.1'");
  EXPECT_EQ(r.warnings[3998].column, 4000u);
  EXPECT_EQ(r.warnings[3998].message, "column name 'x' repeated: renamed 'x.3999'");
}

TEST(HostileCsv, RenamingSkipsNamesTakenByOtherColumns) {
  // "a.1" is a real column after the first rename; the third "a" skips to "a.2"; the real
  // "a.1" at the end then becomes "a.1.1".
  const auto r = readCsv("a,a,b,a,a.1,a.1\n1,2,3,4,5,6\n1,2,3,4,5,6\n");
  EXPECT_EQ(r.series.names, (std::vector<std::string>{"a", "a.1", "b", "a.2", "a.1.1", "a.1.2"}));
  const auto s = readCsv("a,a.1,a,a\n1,2,3,4\n1,2,3,4\n");
  EXPECT_EQ(s.series.names, (std::vector<std::string>{"a", "a.1", "a.2", "a.3"}));
}

TEST(HostileCsv, HundredThousandDistinctColumns) {
  constexpr int kCols = 100000;
  std::string header, row;
  for (int i = 0; i < kCols; ++i) {
    header += (i ? ",c" : "c") + std::to_string(i);
    row += i ? ",1" : "1";
  }
  const auto r = readCsv(header + "\n" + row + "\n" + row + "\n");
  ASSERT_EQ(r.series.names.size(), static_cast<std::size_t>(kCols));
  EXPECT_EQ(r.series.names[0], "c0");
  EXPECT_EQ(r.series.names[kCols - 1], "c99999");
  EXPECT_EQ(r.series.rows, 2u);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(HostileCsv, WideFilesDecideTheColumnsOnFewerRows) {
  // The rows kept to decide the column kinds hold at most maxSampleCells cells: with 100
  // columns and 1,000 cells, the header and the first 9 rows. Column c0 then turns to words:
  // decided on 9 numbers it is numeric and the first word an error naming its line (decided on
  // all 40 rows it would be a categorical column).
  std::string text = "c0";
  for (int i = 1; i < 100; ++i) text += ",c" + std::to_string(i);
  text += "\n";
  std::string rest;
  for (int i = 1; i < 100; ++i) rest += ",1";
  for (int r = 0; r < 40; ++r) {
    text += r < 9 ? std::string("1") : std::string("w").append(std::to_string(r));
    text += rest + "\n";
  }
  CsvOptions o;
  o.sourceName = "wide.csv";
  o.maxSampleCells = 1000;
  EXPECT_EQ(errorOf([&] { readCsv(text, o); }), "wide.csv:11:1: expected a number in column 'c0', found \"w9\"");
  o.maxSampleCells = std::size_t{1} << 22;
  const auto whole = readCsv(text, o);
  EXPECT_EQ(whole.series.names.size(), 99u);
  ASSERT_EQ(whole.series.categoricals.size(), 1u);
  EXPECT_EQ(whole.series.categoricals[0].name, "c0");
}

// ---- item 10 -----------------------------------------------------------------------------

TEST(HostileTs, PaddingManyShortDimensionsToALongOneIsRefusedBeforeAllocating) {
  // 20,000 dimensions of one missing value and one of 20,000 values: 80 KB of text that
  // padded to 400,000,000 doubles (3.2 GB).
  std::string line;
  for (int i = 0; i < 20000; ++i) line += i ? ",1" : "1";
  for (int d = 1; d < 20000; ++d) line += ":?";
  line += ":a\n";
  const std::string text = "@problemName Pad\n@univariate false\n@equalLength false\n@classLabel true a\n@data\n" + line;
  TsOptions o;
  o.sourceName = "pad.ts";
  EXPECT_EQ(errorOf([&] { readTs(text, o); }),
            "pad.ts:6:1: case 1 pads its 20000 dimensions with NaN to its longest (20000 values): the cases "
            "would hold 400000000 values, more than 16777216 (4 times the 39999 values read, at least 16777216)");
}

TEST(HostileTs, ModestPaddingIsStillRead) {
  const auto r = readTs("@classLabel true a\n@data\n1,2,3:4:a\n1:2,3:a\n");
  ASSERT_EQ(r.set.size(), 2u);
  EXPECT_EQ(r.set.lengths, (std::vector<std::size_t>{3, 2}));
  EXPECT_EQ(r.set.missing, 3u);
  EXPECT_EQ(r.warnings.size(), 2u);
}

TEST(HostileTs, TooManyDimensionsAreCountedBeforeSplitting) {
  TsOptions o;
  o.sourceName = "dims.ts";
  const std::string colons(1000001, ':');
  EXPECT_EQ(errorOf([&] { readTs("@data\n1" + colons + "1\n", o); }),
            "dims.ts:2:1: case has 1000002 dimensions, at most 1000000 are read");
  EXPECT_EQ(errorOf([&] { readTs("@dimensions 2\n@classLabel true a\n@data\n1:2:3:4:a\n", o); }),
            "dims.ts:4:1: case has 4 dimensions, expected 2");
}

// ---- item 11 -----------------------------------------------------------------------------

TEST(HostileFiles, TheZeroDeviceIsRefusedByEveryReader) {
  const std::string expected =
      "/dev/zero: is a character device, not a regular file; a data file must be a regular file";
  EXPECT_EQ(errorOf([] { readCsvFile("/dev/zero"); }), expected);
  EXPECT_EQ(errorOf([] { readTsFile("/dev/zero"); }), expected);
  EXPECT_EQ(errorOf([] { readLongCsvFile("/dev/zero"); }), expected);
}

TEST(HostileFiles, AFifoWithNoWriterIsRefusedAtOnce) {
  TempDir dir;
  const fs::path fifo = dir.path / "feed.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string expected = fifo.string() + ": is a FIFO, not a regular file; a data file must be a regular file";
  EXPECT_EQ(errorOf([&] { readCsvFile(fifo); }), expected);
  EXPECT_EQ(errorOf([&] { readTsFile(fifo); }), expected);
  EXPECT_EQ(errorOf([&] { readLongCsvFile(fifo); }), expected);
}

TEST(HostileFiles, ADirectoryIsRefused) {
  TempDir dir;
  const std::string expected =
      dir.path.string() + ": is a directory, not a regular file; a data file must be a regular file";
  EXPECT_EQ(errorOf([&] { readCsvFile(dir.path); }), expected);
  EXPECT_EQ(errorOf([&] { readTsFile(dir.path); }), expected);
}

TEST(HostileFiles, TheDataLimitIsSixteenGiB) {
  EXPECT_EQ(kMaxDataFileBytes, std::uint64_t{16} << 30);
  EXPECT_EQ(grewPastLimit(kMaxDataFileBytes, kDataFileWhat),
            "grew past 16 GiB while being read; at most 16 GiB is read as a data file");
}

TEST(HostileFiles, RegularFilesStillRead) {
  TempDir dir;
  const fs::path csv = dir.path / "a b.csv";
  std::ofstream(csv) << "t,v\n1,2\n2,3\n";
  EXPECT_EQ(readCsvFile(csv).series.rows, 2u);
  const fs::path ts = dir.path / "x.ts";
  std::ofstream(ts) << "@classLabel true a\n@data\n1,2:a\n";
  EXPECT_EQ(readTsFile(ts).set.size(), 1u);
}
