// Schema versions and migrations, and the files a workspace refuses to open.
#include <string>

#include <gtest/gtest.h>

#include "core/store/Schema.h"
#include "core/store/Workspace.h"
#include "tests/store/TestUtil.h"

namespace aaren::store {
namespace {

using test::RawDb;
using test::TempDir;

std::string openError(const std::filesystem::path& p) {
  try {
    Workspace ws(p);
  } catch (const WorkspaceError& e) {
    return e.what();
  }
  return "(opened)";
}

const char* kTables =
    "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema"
    " WHERE type IN ('table', 'view') ORDER BY name)";

TEST(WorkspaceSchema, NewFileGetsTheCurrentSchema) {
  TempDir dir;
  const auto p = dir / "ws.sqlite";
  {
    Workspace ws(p);
    EXPECT_EQ(ws.schemaVersion(), Workspace::kSchemaVersion);
    EXPECT_EQ(ws.integrityCheck(), "ok");
  }
  RawDb raw(p);
  EXPECT_EQ(raw.text("PRAGMA user_version"), "2");
  EXPECT_EQ(raw.text("PRAGMA application_id"), std::to_string(Workspace::kApplicationId));
  EXPECT_EQ(raw.text(kTables), "datasets,epochs,forecasts,models,run_summary,runs");
}

TEST(WorkspaceSchema, EmptyFileIsMigrated) {
  TempDir dir;
  const auto p = dir / "ws.sqlite";
  test::writeFile(p, "");
  Workspace ws(p);
  EXPECT_EQ(ws.schemaVersion(), 2);
}

TEST(WorkspaceSchema, ReopenIsIdempotent) {
  TempDir dir;
  const auto p = dir / "ws.sqlite";
  std::int64_t run = 0;
  {
    Workspace ws(p);
    run = ws.startRun(test::runOf("aaren"));
    ws.finishRun(run, RunStatus::Completed, "done");
  }
  std::string schemaBefore;
  {
    RawDb raw(p);
    schemaBefore = raw.text("SELECT group_concat(sql, ';') FROM sqlite_schema");
  }
  for (int i = 0; i < 3; ++i) {
    Workspace ws(p);
    EXPECT_EQ(ws.schemaVersion(), 2);
    ASSERT_EQ(ws.runs().size(), 1u);
    EXPECT_EQ(ws.runs()[0].message, "done");
  }
  RawDb raw(p);
  EXPECT_EQ(raw.text("SELECT group_concat(sql, ';') FROM sqlite_schema"), schemaBefore);
}

TEST(WorkspaceSchema, MigratesAVersion1Workspace) {
  TempDir dir;
  const auto p = dir / "ws.sqlite";
  {
    RawDb raw(p);
    raw.exec("PRAGMA journal_mode = WAL");
    raw.exec(schema::migrations().at(0).sql);
    raw.exec("PRAGMA user_version = 1; PRAGMA application_id = " +
             std::to_string(Workspace::kApplicationId));
    raw.exec(
        "INSERT INTO datasets (id, path, display_name, kind, imported_at)"
        " VALUES (1, '/d.csv', 'D', 'forecast', '2026-01-01T00:00:00.000Z');"
        "INSERT INTO runs (id, dataset_id, model_type, status, started_at, pid, host, heartbeat_at)"
        " VALUES (1, 1, 'aaren', 'completed', '2026-01-01T00:00:01.000Z', 1, 'h',"
        " '2026-01-01T00:00:02.000Z');"
        "INSERT INTO epochs (run_id, epoch, train_loss, val_loss, at) VALUES"
        " (1, 1, 0.5, 0.4, '2026-01-01T00:00:01.500Z'), (1, 2, 0.3, 0.35, '2026-01-01T00:00:02.000Z');");
  }
  Workspace ws(p);
  EXPECT_EQ(ws.schemaVersion(), 2);
  const auto runs = ws.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].datasetName, "D");
  EXPECT_EQ(runs[0].epochsDone, 2);
  EXPECT_EQ(runs[0].bestValLoss, std::optional<double>(0.35));
  EXPECT_EQ(runs[0].status, RunStatus::Completed);
}

TEST(WorkspaceSchema, MigrationsAreOrderedFromOne) {
  const auto& ms = schema::migrations();
  ASSERT_EQ(static_cast<int>(ms.size()), Workspace::kSchemaVersion);
  for (std::size_t i = 0; i < ms.size(); ++i) EXPECT_EQ(ms[i].version, static_cast<int>(i) + 1);
}

TEST(WorkspaceSchema, NewerSchemaIsRefused) {
  TempDir dir;
  const auto p = dir / "ws.sqlite";
  { Workspace ws(p); }
  { RawDb(p).exec("PRAGMA user_version = 7"); }
  EXPECT_EQ(openError(p), "workspace " + p.string() +
                              ": schema version 7 is newer than this Aaren Studio understands (2)");
  RawDb raw(p);
  EXPECT_EQ(raw.text("PRAGMA user_version"), "7");  // untouched
}

TEST(WorkspaceSchema, NotADatabaseIsRefusedAndLeftAlone) {
  TempDir dir;
  const auto p = dir / "notes.sqlite";
  const std::string text = "date,value\n2020-01-01,1\n2020-01-02,2\n";
  test::writeFile(p, text);
  EXPECT_EQ(openError(p), "workspace " + p.string() + ": not a SQLite database");
  EXPECT_EQ(test::readFile(p), text);

  // A file that starts like SQLite but is garbage after the header.
  const auto q = dir / "garbage.sqlite";
  test::writeFile(q, std::string("SQLite format 3\0", 16) + std::string(4096, '\x5a'));
  EXPECT_EQ(openError(q), "workspace " + q.string() + ": not a SQLite database");
}

TEST(WorkspaceSchema, CorruptWorkspaceIsRefused) {
  TempDir dir;
  const auto p = dir / "ws.sqlite";
  {
    Workspace ws(p);
    for (int i = 0; i < 50; ++i) ws.addDataset(test::datasetAt("/d" + std::to_string(i) + ".csv"));
  }
  ASSERT_FALSE(std::filesystem::exists(dir / "ws.sqlite-wal"));  // checkpointed at close
  std::string bytes = test::readFile(p);
  ASSERT_GT(bytes.size(), 8192u);
  // Keep the 100-byte header, wipe the rest of page 1 (the schema table's root).
  for (std::size_t i = 100; i < 4096; ++i) bytes[i] = '\x7f';
  test::writeFile(p, bytes);
  const std::string msg = openError(p);
  EXPECT_EQ(msg, "workspace " + p.string() + ": the database is corrupt (database disk image is malformed)");
}

TEST(WorkspaceSchema, ForeignDatabaseIsRefused) {
  TempDir dir;
  const auto p = dir / "sensors.sqlite";
  { RawDb(p).exec("CREATE TABLE readings (t TEXT, v REAL)"); }
  EXPECT_EQ(openError(p), "workspace " + p.string() +
                              ": not an Aaren Studio workspace (a SQLite database with other tables)");
  { RawDb(p).exec("PRAGMA application_id = 1234"); }
  EXPECT_EQ(openError(p),
            "workspace " + p.string() + ": not an Aaren Studio workspace (application_id 0x000004D2)");
}

// Issue 18 item 14: the check comes first and only reads; the refused file keeps its bytes
// and its journal mode (it used to be switched to WAL before being refused).
TEST(WorkspaceSchema, ForeignDatabaseIsLeftExactlyAsItWas) {
  TempDir dir;
  const auto p = dir / "sensors.sqlite";
  {
    RawDb raw(p);
    raw.exec("CREATE TABLE readings (t TEXT, v REAL); INSERT INTO readings VALUES ('2020-01-01', 1.5);");
  }
  const std::string before = test::readFile(p);
  const auto wal = dir / "sensors.sqlite-wal";
  EXPECT_EQ(openError(p), "workspace " + p.string() +
                              ": not an Aaren Studio workspace (a SQLite database with other tables)");
  EXPECT_EQ(test::readFile(p), before);
  EXPECT_FALSE(std::filesystem::exists(wal));
  EXPECT_FALSE(std::filesystem::exists(dir / "sensors.sqlite-journal"));
  EXPECT_EQ(RawDb(p).text("PRAGMA journal_mode"), "delete");

  { RawDb(p).exec("PRAGMA application_id = 1234"); }
  const std::string marked = test::readFile(p);
  EXPECT_EQ(openError(p),
            "workspace " + p.string() + ": not an Aaren Studio workspace (application_id 0x000004D2)");
  EXPECT_EQ(test::readFile(p), marked);
  EXPECT_FALSE(std::filesystem::exists(wal));
  EXPECT_EQ(RawDb(p).text("PRAGMA journal_mode"), "delete");
}

TEST(WorkspaceSchema, DirectoryIsRefused) {
  TempDir dir;
  EXPECT_EQ(openError(dir.path()), "workspace " + dir.path().string() + ": is a directory");
}

}  // namespace
}  // namespace aaren::store
