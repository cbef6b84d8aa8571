// Issue 18 items 4 and 12 for the SQLite poll source: its connection only reads, stop()
// interrupts a query that never ends, and a query that runs too long fails the source.
#include "core/stream/SqlitePollSource.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

using namespace aaren::stream;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct TempDb {
  fs::path dir, path;
  explicit TempDb(bool leak = false) {
    dir = fs::temp_directory_path() / ("aaren-sqlpoll-" + std::to_string(::getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    path = dir / "endless.db";
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const char* sql =
        "CREATE TABLE a(x REAL);"
        "CREATE VIEW forever AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x, x AS v FROM c;";
    const char* leakSql = "CREATE VIEW leak AS SELECT fts3_tokenizer('simple') AS x, 1 AS v;";
    EXPECT_EQ(sqlite3_exec(db, leak ? leakSql : sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  ~TempDb() { fs::remove_all(dir); }
};

SqlitePollOptions forever() {
  SqlitePollOptions o;
  o.table = "forever";
  o.key_column = "x";
  o.columns = {"v"};
  o.poll_ms = 10;
  return o;
}

void waitWhileStarting(SqlitePollSource& s) {
  for (int i = 0; i < 2000 && s.isRunning() &&
                  (s.stats().state == SourceState::Connecting || s.stats().state == SourceState::Idle);
       ++i)
    std::this_thread::sleep_for(5ms);
}

}  // namespace

// The poll query (ORDER BY the key, LIMIT) over a view that never ends never yields a row.
TEST(SqlitePollHardening, StopInterruptsANeverEndingQuery) {
  TempDb db;
  SqlitePollSource source(db.path, forever());
  source.start();
  waitWhileStarting(source);
  EXPECT_EQ(source.stats().state, SourceState::Running);
  std::this_thread::sleep_for(200ms);  // the first poll is now inside SQLite
  source.stop();                       // returns: the progress handler sees the stop
  EXPECT_FALSE(source.isRunning());
  EXPECT_EQ(source.stats().samples, 0u);
}

TEST(SqlitePollHardening, AQueryThatRunsTooLongFailsTheSource) {
  TempDb db;
  auto o = forever();
  o.query_timeout_ms = 300;
  SqlitePollSource source(db.path, o);
  source.start();
  for (int i = 0; i < 2000 && source.stats().state != SourceState::Failed; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(source.stats().state, SourceState::Failed);
  EXPECT_EQ(source.stats().message,
            db.path.string() + ": a query on 'forever' ran longer than 300 ms (a view that never ends?)");
}

// trusted_schema is off: SQLite refuses the view's function before the authorizer would.
TEST(SqlitePollHardening, AViewCallingFts3TokenizerIsRefused) {
  TempDb db(/*leak=*/true);
  SqlitePollOptions o;
  o.table = "leak";
  o.key_column = "x";
  o.columns = {"v"};
  SqlitePollSource source(db.path, o);
  source.start();
  for (int i = 0; i < 2000 && source.stats().state != SourceState::Failed; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(source.stats().state, SourceState::Failed);
  EXPECT_EQ(source.stats().message, db.path.string() + ": unsafe use of fts3_tokenizer()");
}
