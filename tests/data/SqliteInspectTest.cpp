// Issue 18 item 12 through `aaren inspect`: a view that never ends is listed (its row count
// given up on and shown as "?") instead of hanging the command.
#include "app/cli/Command.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <sstream>

#include <unistd.h>

namespace fs = std::filesystem;

TEST(SqliteInspect, ANeverEndingViewIsListedWithoutACount) {
  const fs::path dir = fs::temp_directory_path() / ("aaren_inspect_endless_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path db = dir / "endless.db";
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h,
                         "CREATE TABLE t(x REAL); INSERT INTO t VALUES (1), (2);"
                         "CREATE VIEW forever AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(h);

  std::ostringstream out, err;
  ASSERT_EQ(aaren::cli::runCli({"inspect", db.string()}, out, err), 0) << err.str();
  EXPECT_EQ(out.str(), "File:       " + db.string() +
                           "\n"
                           "Format:     SQLite\n"
                           "Tables:     2 (inspect one with --table NAME)\n"
                           "  forever  view           ? rows  x\n"
                           "  t        table          2 rows  x\n"
                           "  (? = not counted: counting took too long; a view that never ends?)\n");
  std::ostringstream json, jerr;
  ASSERT_EQ(aaren::cli::runCli({"inspect", db.string(), "--json"}, json, jerr), 0) << jerr.str();
  const auto j = nlohmann::json::parse(json.str());
  EXPECT_TRUE(j["tables"][0]["rows"].is_null()) << json.str();
  EXPECT_EQ(j["tables"][1]["rows"], 2);
  fs::remove_all(dir);
}
