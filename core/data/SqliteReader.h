#pragma once
// SQLite reader: list the tables and views of a database, read one table (time column +
// value columns) or run one read-only SELECT, into the same Series as the CSV reader.
//
// The user's database is never modified: it is opened with SQLITE_OPEN_READONLY, with
// PRAGMA query_only, and every statement must satisfy sqlite3_stmt_readonly() (a statement
// that would write is an error, before it runs). Only one statement per query.
//
// Columns: the time column is the one named in options, else a column whose text values all
// parse as timestamps, else an integer column named time/timestamp/epoch/unix/date/datetime
// (epoch seconds or milliseconds). Numeric columns (INTEGER/REAL, or text that reads as
// numbers) become values, NULL is missing; other text columns are categorical (excluded,
// one-hot on request).
//
// Threading: each call opens its own connection and runs on the calling thread; the
// `sqlite3*` overloads use the caller's connection, which must not be used concurrently.
// `progress` is called every 4096 rows on the calling thread with (rows done, total rows
// or 0 when unknown).
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/CsvReader.h"
#include "core/data/DataError.h"
#include "core/data/Series.h"

struct sqlite3;

namespace aaren::data {

struct TableInfo {
  std::string name;
  bool view = false;
  std::vector<std::string> columns;
  std::int64_t rows = -1;  // -1 when not counted
};

struct SqliteOptions {
  std::string timeColumn;                 // "": detect
  bool detectTime = true;
  std::vector<std::string> valueColumns;  // empty: every numeric column
  CategoricalPolicy categorical = CategoricalPolicy::Exclude;
  std::string sourceName;                 // for messages (default: the path)
};

struct SqliteResult {
  LoadStatus status = LoadStatus::Ok;
  Series series;
  std::vector<Warning> warnings;
};

// RAII read-only connection. Throws DataError when the file is missing, is not a SQLite
// database (checked from its 100-byte header) or cannot be opened.
class SqliteConnection {
 public:
  explicit SqliteConnection(const std::filesystem::path& path, std::string sourceName = {});
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  sqlite3* handle() const noexcept { return db_; }
  const std::string& source() const noexcept { return source_; }

 private:
  sqlite3* db_ = nullptr;
  std::string source_;
};

// True when the file starts with the SQLite header "SQLite format 3\0".
bool looksLikeSqlite(const std::filesystem::path& path);

std::vector<TableInfo> listTables(sqlite3* db, const std::string& source, bool countRows = true);
std::vector<TableInfo> listTables(const std::filesystem::path& path, bool countRows = true);

SqliteResult readSqliteQuery(sqlite3* db, std::string_view sql, const SqliteOptions& options,
                             const ProgressFn& progress, const std::string& source);
SqliteResult readSqliteQuery(const std::filesystem::path& path, std::string_view sql,
                             const SqliteOptions& options = {}, const ProgressFn& progress = {});
SqliteResult readSqliteTable(const std::filesystem::path& path, std::string_view table,
                             const SqliteOptions& options = {}, const ProgressFn& progress = {});

}  // namespace aaren::data
