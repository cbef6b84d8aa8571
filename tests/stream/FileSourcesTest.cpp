// Following an appended file, polling a SQLite table read-only, and replay.
#include "core/data/DataError.h"
#include "core/data/TsReader.h"
#include "core/models/ModelFileInfo.h"
#include "core/stream/FileFollowSource.h"
#include "core/stream/ReplaySource.h"
#include "core/stream/SourceUri.h"
#include "core/stream/SqlitePollSource.h"
#include "tests/stream/StreamTestSupport.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace aaren;
using namespace aaren::stream;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("aaren-stream-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

void append(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::app | std::ios::binary);
  f << text;
}

void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
}

}  // namespace

TEST(FileFollowSource, ReadsWhatIsThereThenWhatIsAppended) {
  TempDir dir;
  const auto file = dir.path / "feed.csv";
  append(file, "time,a,b\n2020-01-01 00:00,1,2\n2020-01-01 01:00,3,4\n2020-01-01 02:0");  // a partial line
  FileFollowOptions o;
  o.poll_ms = 10;
  FileFollowSource source(file, o);
  source.start();
  auto got = aaren::testing::collect(source, 2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].values, (std::vector<double>{3, 4}));
  EXPECT_EQ(source.stats().columns, (std::vector<std::string>{"a", "b"}));
  append(file, "0,5,6\nnot,a,number\n2020-01-01 03:00,7,8\n");
  got = aaren::testing::collect(source, 2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].timestamp, 1577844000);
  EXPECT_EQ(got[0].values, (std::vector<double>{5, 6}));
  EXPECT_EQ(got[1].values, (std::vector<double>{7, 8}));
  EXPECT_EQ(source.stats().malformed, 1u);
  EXPECT_EQ(source.stats().last_malformed, "line 5: field 1 ('not') is not a timestamp");
  // Truncated and rewritten: read again from its start.
  { std::ofstream f(file, std::ios::trunc); f << "time,a,b\n2021-01-01 00:00,9,9\n"; }
  got = aaren::testing::collect(source, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].values, (std::vector<double>{9, 9}));
  source.stop();
}

TEST(FileFollowSource, FromTheEndAndWaitingForAMissingFile) {
  TempDir dir;
  const auto file = dir.path / "later.csv";
  FileFollowOptions o;
  o.poll_ms = 10;
  FileFollowSource waiting(file, o);
  waiting.start();
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(waiting.stats().state, SourceState::Waiting);
  EXPECT_EQ(waiting.stats().message, file.string() + ": No such file or directory (waiting for it)");
  append(file, "1,2\n");
  auto got = aaren::testing::collect(waiting, 1);
  ASSERT_EQ(got.size(), 1u);
  waiting.stop();

  o.from_start = false;
  FileFollowSource tail(file, o);
  tail.start();
  std::this_thread::sleep_for(50ms);
  append(file, "3,4\n");
  got = aaren::testing::collect(tail, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].values, (std::vector<double>{3, 4}));
  tail.stop();
}

TEST(SqlitePollSource, PollsNewRowsReadOnly) {
  TempDir dir;
  const auto db_path = dir.path / "live.db";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  exec(db, "PRAGMA journal_mode=WAL; CREATE TABLE readings(ts TEXT, load REAL, temp REAL, note TEXT);");
  exec(db, "INSERT INTO readings VALUES('2020-01-01 00:00', 1.5, 20, 'x'), ('2020-01-01 01:00', NULL, 21, 'y');");
  SqlitePollOptions o;
  o.table = "readings";
  o.time_column = "ts";
  o.poll_ms = 10;
  SqlitePollSource source(db_path, o);
  source.start();
  auto got = aaren::testing::collect(source, 2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].timestamp, 1577836800);
  EXPECT_EQ(got[0].values, (std::vector<double>{1.5, 20}));
  EXPECT_TRUE(std::isnan(got[1].values[0]));
  EXPECT_EQ(source.stats().columns, (std::vector<std::string>{"load", "temp"}));
  exec(db, "INSERT INTO readings VALUES('2020-01-01 02:00', 3, 22, 'z'), ('garbage', 4, 23, 'w'), ('2020-01-01 04:00', 5, 'hot', 'v'), "
           "('2020-01-01 05:00', 6, 25, 'u');");
  got = aaren::testing::collect(source, 2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].values, (std::vector<double>{6, 25}));
  EXPECT_EQ(source.stats().malformed, 2u);
  EXPECT_EQ(source.stats().last_malformed, "row 5: column 'temp' ('hot') is not a number");
  source.stop();
  sqlite3_close(db);
}

TEST(SqlitePollSource, RefusesWhatItCannotRead) {
  TempDir dir;
  const auto not_db = dir.path / "notes.db";
  { std::ofstream f(not_db); f << "this is not a database\n"; }
  const auto before = sha256File(not_db);
  SqlitePollOptions o;
  o.table = "t";
  SqlitePollSource bad(not_db, o);
  bad.start();
  while (bad.stats().state != SourceState::Failed && bad.isRunning()) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(bad.stats().state, SourceState::Failed);
  EXPECT_EQ(bad.stats().message, not_db.string() + ": not a SQLite database (no \"SQLite format 3\" header)");
  EXPECT_EQ(sha256File(not_db), before);

  const auto db_path = dir.path / "ok.db";
  sqlite3* db = nullptr;
  sqlite3_open(db_path.c_str(), &db);
  exec(db, "CREATE TABLE a(x REAL); CREATE VIEW v AS SELECT x FROM a;");
  sqlite3_close(db);
  auto failure = [&](SqlitePollOptions opts) {
    SqlitePollSource s(db_path, opts);
    s.start();
    while (s.stats().state != SourceState::Failed && s.isRunning()) std::this_thread::sleep_for(5ms);
    return s.stats().message;
  };
  o.table = "b";
  EXPECT_EQ(failure(o), db_path.string() + ": no table or view 'b' (it has: a, v)");
  o.table = "v";
  EXPECT_EQ(failure(o), db_path.string() + ": view 'v' has no rowid: give its time column (time=) or a key column (key=)");
  o.table = "a";
  o.columns = {"y"};
  EXPECT_EQ(failure(o), db_path.string() + ": table 'a' has no column 'y'");
}

TEST(ReplaySource, ReplaysEveryRowInOrderAndFinishes) {
  const auto series = aaren::testing::makeSeries(500, 2);
  ReplayOptions o;
  o.rate = 0;
  o.name = "synthetic";
  ReplaySource source(series, o);
  EXPECT_EQ(source.describe(), "replay of synthetic as fast as possible");
  source.start();
  auto got = aaren::testing::collect(source, 500);
  ASSERT_EQ(got.size(), 500u);
  for (std::size_t r = 0; r < 500; ++r) {
    EXPECT_EQ(got[r].timestamp, series.timestamps[r]);
    EXPECT_EQ(got[r].values, (std::vector<double>{series.at(r, 0), series.at(r, 1)}));
  }
  while (!source.finished()) std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(source.buffer().drained());
  EXPECT_EQ(source.stats().state, SourceState::Finished);
  EXPECT_EQ(source.stats().message, "replayed 500 samples");
}

TEST(ReplaySource, PacesAtTheRateAndLoopsWithTimeGoingOn) {
  const auto series = aaren::testing::makeSeries(10, 1);
  ReplayOptions o;
  o.rate = 500;  // in batches of 2: samples 28 and 29 are due at 56 ms
  o.loop = true;
  ReplaySource source(series, o);
  const auto t0 = std::chrono::steady_clock::now();
  source.start();
  const auto got = aaren::testing::collect(source, 30);
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  ASSERT_EQ(got.size(), 30u);
  EXPECT_GE(elapsed, 56ms);
  EXPECT_EQ(got[10].timestamp, series.timestamps[0] + 86400);  // the next day, same time of day
  EXPECT_EQ(got[11].timestamp, got[10].timestamp + 3600);
  EXPECT_EQ(got[10].values, got[0].values);
  source.stop();
}

TEST(ReplaySource, LabelledSetsMarkEachCase) {
  const auto set = data::readTsFile(fs::path(AAREN_DATA_DIR) / "classification/BasicMotions/BasicMotions_TEST.ts").set;
  ReplayOptions o;
  o.rate = 0;
  ReplaySource source(set, o);
  source.start();
  const auto got = aaren::testing::collect(source, 250);
  ASSERT_EQ(got.size(), 250u);
  EXPECT_TRUE(got[0].reset);
  EXPECT_FALSE(got[1].reset);
  EXPECT_TRUE(got[100].reset);  // BasicMotions cases are 100 long
  EXPECT_EQ(got[0].label, set.labels[0]);
  EXPECT_EQ(got[100].label, set.labels[1]);
  EXPECT_EQ(got[0].values.size(), 6u);
  EXPECT_EQ(got[3].values[2], set.channel(0, 2)[3]);
  source.stop();
}
