// `aaren` command line: dispatch, help, and `aaren inspect` on the shipped data and bad files.
#include <gtest/gtest.h>
#include "tests/CliRun.h"
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "app/cli/Command.h"

using aaren::cli::runCli;

using aaren::testing::CliRun;
using aaren::testing::run;

namespace {
std::string dataPath(const std::string& rel) { return std::string(AAREN_DATA_DIR) + "/" + rel; }

}  // namespace

TEST(Cli, HelpVersionAndUnknownCommand) {
  const CliRun help = run({"--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("  inspect   Show rows"), std::string::npos) << help.out;
  const CliRun none = run({});
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("Usage: aaren <command>"), std::string::npos);
  const CliRun bad = run({"frobnicate"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.err.rfind("aaren: unknown command 'frobnicate'\n", 0), 0u);
  EXPECT_EQ(run({"--version"}).out, std::string("aaren ") + AAREN_VERSION + "\n");
}

TEST(Cli, InspectHelpAndUsageErrors) {
  const CliRun help = run({"inspect", "--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_EQ(help.out.rfind("Usage: aaren inspect FILE [options]", 0), 0u);
  EXPECT_NE(help.out.find("--json"), std::string::npos);
  EXPECT_EQ(run({"inspect"}).code, 2);
  EXPECT_EQ(run({"inspect", "a.csv", "--bogus"}).code, 2);
}

TEST(Cli, InspectEtth1Text) {
  const std::string file = dataPath("forecasting/ETTh1.csv");
  const CliRun r = run({"inspect", file});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::string expected =
      "File:       " + file + "\n"
      "Format:     CSV (delimiter ',', header row)\n"
      "Rows:       17420\n"
      "Columns:    8 (1 time, 7 numeric)\n"
      "  name  kind       missing\n"
      "  date  time             0\n"
      "  HUFL  numeric          0\n"
      "  HULL  numeric          0\n"
      "  MUFL  numeric          0\n"
      "  MULL  numeric          0\n"
      "  LUFL  numeric          0\n"
      "  LULL  numeric          0\n"
      "  OT    numeric          0\n"
      "Time:       2016-07-01 00:00:00 to 2018-06-26 19:00:00\n"
      "Frequency:  hourly (3600 s)\n"
      "Gaps:       0 (0 missing steps), 0 duplicate, 0 out of order\n"
      "Missing:    0 of 121940 values\n"
      "Periods:    24 (S 0.321) (seasonal strength S on the training part, the first 8640 rows)\n"
      "Warnings:   none\n";
  EXPECT_EQ(r.out, expected);
}

// Issue 17 item 1: the seasonal periods the training part shows (the rule of
// docs/notes/forecast-defaults-study.md §4), in text and JSON.
TEST(Cli, InspectShowsTheDetectedSeasonalPeriods) {
  const CliRun air = run({"inspect", dataPath("forecasting/Airline.csv"), "--json"});
  ASSERT_EQ(air.code, 0) << air.err;
  const auto a = nlohmann::json::parse(air.out);
  ASSERT_EQ(a["periods"].size(), 1u) << air.out;
  EXPECT_EQ(a["periods"][0]["period"], 12);
  EXPECT_NEAR(a["periods"][0]["strength"].get<double>(), 0.837320, 5e-6);
  EXPECT_EQ(a["periods_train_rows"], 100);
  const CliRun temps = run({"inspect", dataPath("forecasting/daily-min-temperatures.csv")});
  ASSERT_EQ(temps.code, 0) << temps.err;
  EXPECT_NE(temps.out.find("\nPeriods:    365 (S 0.596) (seasonal strength S on the training part, the first 2555 rows)\n"),
            std::string::npos)
      << temps.out;
  const CliRun fx = run({"inspect", dataPath("forecasting/exchange_rate.csv"), "--json"});
  ASSERT_EQ(fx.code, 0) << fx.err;
  const auto x = nlohmann::json::parse(fx.out);
  EXPECT_EQ(x["periods"], nlohmann::json::array());
  EXPECT_EQ(x["periods_train_rows"], 5311);
  const CliRun fxt = run({"inspect", dataPath("forecasting/exchange_rate.csv")});
  EXPECT_NE(fxt.out.find("\nPeriods:    none (seasonal strength S on the training part, the first 5311 rows)\n"), std::string::npos)
      << fxt.out;
}

TEST(Cli, InspectPollutionJson) {
  const CliRun r = run({"inspect", dataPath("forecasting/pollution.csv"), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["rows"], 43824);
  EXPECT_EQ(j["columns"][5]["name"], "pm2.5");
  EXPECT_EQ(j["columns"][5]["missing"], 2067);
  EXPECT_EQ(j["columns"][9]["kind"], "categorical");
  EXPECT_EQ(j["time"]["frequency_seconds"], 3600);
  EXPECT_EQ(j["time"]["gaps"], 0);
  EXPECT_EQ(j["categorical"][0]["levels"].size(), 4u);
  EXPECT_EQ(j["warnings"].size(), 3u);
}

TEST(Cli, InspectTsFile) {
  const CliRun r = run({"inspect", dataPath("classification/BasicMotions/BasicMotions_TRAIN.ts")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Cases:      40\nChannels:   6\nLength:     100 (equal)\n"
                       "Classes:    4: Standing (10), Running (10), Walking (10), Badminton (10)\n"),
            std::string::npos)
      << r.out;
  const CliRun j = run({"inspect", dataPath("classification/JapaneseVowels/JapaneseVowels_TRAIN.ts"), "--json"});
  const auto js = nlohmann::json::parse(j.out);
  EXPECT_EQ(js["cases"], 270);
  EXPECT_EQ(js["min_length"], 7);
  EXPECT_EQ(js["max_length"], 26);
}

TEST(Cli, InspectSqliteTablesAndTable) {
  const auto dir = std::filesystem::temp_directory_path() / ("aaren_cli_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto db = (dir / "s.db").string();
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h,
                         "CREATE TABLE m(t TEXT, v REAL); INSERT INTO m VALUES('2024-01-01',1),"
                         "('2024-01-02',2),('2024-01-03',NULL);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(h);
  const CliRun list = run({"inspect", db});
  ASSERT_EQ(list.code, 0) << list.err;
  EXPECT_NE(list.out.find("Tables:     1 (inspect one with --table NAME)\n  m     table          3 rows  t, v\n"),
            std::string::npos)
      << list.out;
  const CliRun t = run({"inspect", db, "--table", "m"});
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_NE(t.out.find("Frequency:  daily (86400 s)\n"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("Missing:    1 of 3 values\n"), std::string::npos) << t.out;
  const CliRun w = run({"inspect", db, "--sql", "DELETE FROM m"});
  EXPECT_EQ(w.code, 1);
  EXPECT_EQ(w.err, "aaren inspect: " + db +
                       ": the statement would modify the database: only read-only queries are allowed\n");
  std::filesystem::remove_all(dir);
}

TEST(Cli, InspectUnreadableFilesFail) {
  const CliRun missing = run({"inspect", "/nonexistent/data.csv"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_EQ(missing.out, "");
  EXPECT_EQ(missing.err, "aaren inspect: /nonexistent/data.csv: cannot open: No such file or directory\n");
  const auto dir = std::filesystem::temp_directory_path() / ("aaren_cli_bad_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto bad = (dir / "bad.csv").string();
  std::ofstream(bad) << "date,OT\n2016-07-01 00:00:00,1\n2016-07-01 01:00:00,2\n2016-07-01 02:00:00,abc\n";
  const CliRun r = run({"inspect", bad});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "aaren inspect: " + bad + ":4:2: expected a number in column 'OT', found \"abc\"\n");
  std::filesystem::remove_all(dir);
}
