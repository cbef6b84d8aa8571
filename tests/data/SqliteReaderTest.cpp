#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "core/data/SqliteReader.h"
#include "core/data/Timestamp.h"

using namespace aaren::data;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class SqliteReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("aaren_sqlite_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    db_ = dir_ / "sensors.db";
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    const char* sql =
        "CREATE TABLE readings(ts TEXT, temp REAL, hum INTEGER, site TEXT);"
        "INSERT INTO readings VALUES('2024-01-01 00:00:00', 1.5, 40, 'north');"
        "INSERT INTO readings VALUES('2024-01-01 01:00:00', NULL, 41, 'south');"
        "INSERT INTO readings VALUES('2024-01-01 02:00:00', 2.5, 42, 'north');"
        "INSERT INTO readings VALUES('2024-01-01 04:00:00', 3.5, 43, NULL);"
        "CREATE TABLE epoch(time INTEGER, v REAL);"
        "INSERT INTO epoch VALUES(1700000000, 1), (1700000060, 2), (1700000120, 3);"
        "CREATE VIEW warm AS SELECT ts, temp FROM readings WHERE temp > 2;";
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_close(db);
    before_ = slurp(db_);
  }
  void TearDown() override {
    EXPECT_EQ(slurp(db_), before_) << "the database file changed";
    fs::remove_all(dir_);
  }
  std::string errorOf(const std::function<void()>& f) {
    try {
      f();
    } catch (const DataError& e) {
      std::string s = e.what();
      const std::string prefix = db_.string();
      if (s.rfind(prefix, 0) == 0) s = "DB" + s.substr(prefix.size());
      return s;
    }
    return "no error";
  }
  fs::path dir_, db_;
  std::string before_;
};

}  // namespace

TEST_F(SqliteReaderTest, ListsTablesAndViews) {
  const auto tables = listTables(db_);
  ASSERT_EQ(tables.size(), 3u);
  EXPECT_EQ(tables[0].name, "epoch");
  EXPECT_EQ(tables[1].name, "readings");
  EXPECT_EQ(tables[1].rows, 4);
  EXPECT_EQ(tables[1].columns, (std::vector<std::string>{"ts", "temp", "hum", "site"}));
  EXPECT_FALSE(tables[1].view);
  EXPECT_EQ(tables[2].name, "warm");
  EXPECT_TRUE(tables[2].view);
  EXPECT_EQ(tables[2].rows, 2);
}

TEST_F(SqliteReaderTest, ReadsATable) {
  const auto r = readSqliteTable(db_, "readings");
  const Series& s = r.series;
  EXPECT_EQ(s.rows, 4u);
  EXPECT_EQ(s.names, (std::vector<std::string>{"temp", "hum"}));
  EXPECT_EQ(formatTimestamp(s.timestamps[3]), "2024-01-01 04:00:00");
  EXPECT_EQ(s.time.frequency.seconds, 3600);
  EXPECT_EQ(s.time.gaps, 1u);
  EXPECT_EQ(s.missing, (std::vector<std::size_t>{1, 0}));
  EXPECT_TRUE(std::isnan(s.at(1, 0)));
  EXPECT_EQ(s.at(3, 1), 43.0);
  ASSERT_EQ(s.categoricals.size(), 1u);
  EXPECT_EQ(s.categoricals[0].levels, (std::vector<std::string>{"north", "south"}));
  EXPECT_EQ(s.categoricals[0].codes, (std::vector<std::int32_t>{0, 1, 0, -1}));
}

TEST_F(SqliteReaderTest, EpochTimeColumnAndValueSelection) {
  SqliteOptions o;
  o.valueColumns = {"v"};
  const auto s = readSqliteTable(db_, "epoch", o).series;
  EXPECT_EQ(s.timestamps, (std::vector<std::int64_t>{1700000000, 1700000060, 1700000120}));
  EXPECT_EQ(s.values, (std::vector<double>{1, 2, 3}));
}

TEST_F(SqliteReaderTest, ReadOnlyQueryAndView) {
  const auto s = readSqliteQuery(db_, "SELECT ts, temp * 2 AS t2 FROM readings WHERE temp IS NOT NULL;").series;
  EXPECT_EQ(s.names, (std::vector<std::string>{"t2"}));
  EXPECT_EQ(s.values, (std::vector<double>{3, 5, 7}));
  EXPECT_EQ(readSqliteTable(db_, "warm").series.rows, 2u);
}

TEST_F(SqliteReaderTest, StatementsThatWouldWriteAreRefused) {
  const std::string msg = "DB: the statement would modify the database: only read-only queries are allowed";
  EXPECT_EQ(errorOf([&] { readSqliteQuery(db_, "DELETE FROM readings"); }), msg);
  EXPECT_EQ(errorOf([&] { readSqliteQuery(db_, "INSERT INTO epoch VALUES(1, 2)"); }), msg);
  EXPECT_EQ(errorOf([&] { readSqliteQuery(db_, "DROP TABLE epoch"); }), msg);
  EXPECT_EQ(errorOf([&] { readSqliteQuery(db_, "SELECT 1 AS a; DELETE FROM readings"); }),
            "DB: only one SQL statement is allowed");
  EXPECT_EQ(errorOf([&] { readSqliteQuery(db_, "SELEC 1"); }), "DB: SQL error: near \"SELEC\": syntax error");
}

TEST_F(SqliteReaderTest, UnknownTableAndColumn) {
  EXPECT_EQ(errorOf([&] { readSqliteTable(db_, "nope"); }),
            "DB: no table or view named 'nope' (has: epoch, readings, warm)");
  SqliteOptions o;
  o.timeColumn = "when";
  EXPECT_EQ(errorOf([&] { readSqliteTable(db_, "readings", o); }), "DB: no column named 'when'");
}

TEST_F(SqliteReaderTest, NotSqliteEmptyAndTruncated) {
  const fs::path text = dir_ / "notes.db";
  std::ofstream(text) << "date,value\n2020-01-01,1\n";
  EXPECT_EQ(errorOf([&] { listTables(text); }).substr(text.string().size()),
            ": not a SQLite database (no \"SQLite format 3\" header)");
  const fs::path empty = dir_ / "empty.db";
  std::ofstream{empty};
  EXPECT_EQ(errorOf([&] { listTables(empty); }).substr(empty.string().size()),
            ": empty file: not a SQLite database");
  EXPECT_EQ(errorOf([&] { listTables(dir_ / "missing.db"); }).substr((dir_ / "missing.db").string().size()),
            ": cannot open: No such file or directory");
  // Keep the header page, cut the rest: the schema points at pages that are gone.
  const fs::path cut = dir_ / "cut.db";
  const std::string bytes = slurp(db_);
  std::ofstream(cut, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(std::min<std::size_t>(bytes.size(), 4096 + 100)));
  const std::string err = errorOf([&] { readSqliteTable(cut, "readings"); });
  EXPECT_NE(err.find("database disk image is malformed"), std::string::npos) << err;
}

// Issue 18 item 4: a query on a user's database may only read it.
TEST_F(SqliteReaderTest, OnlyReadingIsAuthorized) {
  EXPECT_EQ(errorOf([&] { readSqliteQuery(db_, "SELECT fts3_tokenizer('simple') AS p"); }),
            "DB: the function fts3_tokenizer() is not allowed in a query on a data file");
  EXPECT_EQ(errorOf([&] { readSqliteQuery(db_, "SELECT load_extension('libevil') AS p"); }),
            "DB: the function load_extension() is not allowed in a query on a data file");
  EXPECT_EQ(errorOf([&] { readSqliteQuery(db_, "ATTACH DATABASE '" + (dir_ / "other.db").string() + "' AS other"); }),
            "DB: ATTACH and DETACH are not allowed: only read-only queries are allowed");
  EXPECT_EQ(errorOf([&] { readSqliteQuery(db_, "PRAGMA writable_schema = 1"); }),
            "DB: PRAGMA writable_schema is not allowed: only read-only queries are allowed");
  EXPECT_EQ(errorOf([&] { readSqliteQuery(db_, "PRAGMA query_only = 0"); }),
            "DB: PRAGMA query_only is not allowed: only read-only queries are allowed");
  EXPECT_EQ(errorOf([&] { readSqliteQuery(db_, "UPDATE readings SET temp = 0"); }),
            "DB: the statement would modify the database: only read-only queries are allowed");
  EXPECT_EQ(errorOf([&] { readSqliteQuery(db_, "BEGIN IMMEDIATE"); }),
            "DB: transactions are not allowed: only read-only queries are allowed");
  EXPECT_FALSE(fs::exists(dir_ / "other.db"));
  // What reading needs still works: recursive CTEs, functions, reading PRAGMAs.
  EXPECT_EQ(readSqliteQuery(db_, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 3) SELECT abs(-x) AS x FROM c")
                .series.values,
            (std::vector<double>{1, 2, 3}));
  SqliteOptions noTime;
  noTime.detectTime = false;
  const auto info = readSqliteQuery(db_, "PRAGMA table_info(epoch)", noTime).series;
  EXPECT_EQ(info.rows, 2u);
  EXPECT_EQ(info.names, (std::vector<std::string>{"cid", "notnull", "dflt_value", "pk"}));
}

// A view in the file itself cannot call what a query may not (trusted_schema is off, so
// SQLite refuses it even before the authorizer would).
TEST_F(SqliteReaderTest, AHostileViewIsRefused) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE VIEW leak AS SELECT fts3_tokenizer('simple') AS p", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  before_ = slurp(db_);
  EXPECT_EQ(errorOf([&] { readSqliteTable(db_, "leak"); }), "DB: cannot read table 'leak': unsafe use of fts3_tokenizer()");
}

namespace {

// Adds views that never end: rows forever, and an ORDER BY over them that never yields one.
void addEndlessViews(const fs::path& file) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  const char* sql =
      "CREATE VIEW forever AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c;"
      "CREATE VIEW forever_sorted AS SELECT x FROM forever ORDER BY x DESC;";
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
}

}  // namespace

// Issue 18 item 12: a view that never ends is cancelled, bounded, or given up on.
TEST_F(SqliteReaderTest, ANeverEndingViewCanBeCancelled) {
  addEndlessViews(db_);
  before_ = slurp(db_);
  int calls = 0;
  const ProgressFn cancel = [&](std::uint64_t, std::uint64_t) { return ++calls < 3; };
  EXPECT_EQ(readSqliteTable(db_, "forever", {}, cancel).status, LoadStatus::Cancelled);
  EXPECT_EQ(calls, 3);
  // No row ever comes out of this one: the cancel is polled while SQLite sorts.
  calls = 0;
  EXPECT_EQ(readSqliteTable(db_, "forever_sorted", {}, cancel).status, LoadStatus::Cancelled);
  EXPECT_EQ(calls, 3);
}

TEST_F(SqliteReaderTest, ANeverEndingViewIsBounded) {
  addEndlessViews(db_);
  before_ = slurp(db_);
  SqliteOptions o;
  o.maxValues = 1000;
  EXPECT_EQ(errorOf([&] { readSqliteTable(db_, "forever", o); }),
            "DB: row 1001: the query returns more than 1000 values (rows x columns), the most that is read "
            "(a view that never ends? add a LIMIT)");
  o.maxValues = kMaxSqliteValues;
  o.maxSeconds = 0.25;
  EXPECT_EQ(errorOf([&] { readSqliteTable(db_, "forever_sorted", o); }),
            "DB: the query ran longer than 0.25 s, the most allowed here (a view that never ends? add a LIMIT)");
  EXPECT_EQ(SqliteOptions{}.maxValues, std::uint64_t{1} << 27);
  // Counting gives up on what takes too long; the rest is counted.
  const auto tables = listTables(db_, true, 0.25);
  ASSERT_EQ(tables.size(), 5u);
  EXPECT_EQ(tables[1].name, "forever");
  EXPECT_EQ(tables[1].rows, -1);
  EXPECT_EQ(tables[2].rows, -1);
  EXPECT_EQ(tables[3].rows, 4);
}

// The connection's own stop condition interrupts a statement from any thread.
TEST_F(SqliteReaderTest, AStopConditionInterruptsAQuery) {
  addEndlessViews(db_);
  before_ = slurp(db_);
  SqliteConnection c(db_);
  std::atomic<bool> stop{false};
  c.stopWhen([&] { return stop.load(); });
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stop = true;
  });
  EXPECT_EQ(errorOf([&] { readSqliteQuery(c, "SELECT x FROM forever_sorted"); }), "DB: the query was interrupted");
  stopper.join();
}
