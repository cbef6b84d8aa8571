#pragma once
// SQLite reader: list the tables and views of a database, read one table (time column +
// value columns) or run one read-only SELECT, into the same Series as the CSV reader.
//
// The user's database is never modified, and a query can only read it: every connection
// to a user file is opened by SqliteConnection, which opens it with SQLITE_OPEN_READONLY and
// PRAGMA query_only, turns off extension loading and fts3_tokenizer's pointer form, turns on
// SQLITE_DBCONFIG_DEFENSIVE, turns trusted_schema off, allows no ATTACH, and installs an
// authorizer that allows only reading: SELECT, reads of tables and views, recursive CTEs,
// the reading PRAGMAs table_info / table_xinfo / table_list / index_list / index_info /
// index_xinfo / foreign_key_list, and every function but fts3_tokenizer, fts5,
// load_extension, readfile, writefile and edit. Anything else is refused before it runs
// with a DataError naming the file and what was refused ("<file>: the function
// fts3_tokenizer() is not allowed in a query on a data file"). Every statement must also
// satisfy sqlite3_stmt_readonly(). Only one statement per query.
//
// Bounds: a query stops with an error after SqliteOptions::maxValues values (rows x
// columns) and, when SqliteOptions::maxSeconds is set, after that long; a progress callback
// that returns false cancels within ~0.1 s even while SQLite computes one row (a view that
// never ends, an ORDER BY over one): the connection's progress handler polls it.
//
// Columns: the time column is the one named in options, else a column whose text values all
// parse as timestamps, else an integer column named time/timestamp/epoch/unix/date/datetime
// (epoch seconds or milliseconds). Numeric columns (INTEGER/REAL, or text that reads as
// numbers) become values, NULL is missing; other text columns are categorical (excluded,
// one-hot on request).
//
// Threading: each call opens its own connection and runs on the calling thread; the
// `SqliteConnection&` overloads use the caller's connection, which must not be used
// concurrently (but SqliteConnection::interrupt() may be called from any thread).
// `progress` is called every 4096 rows, and every 0.1 s while one row takes longer, on the
// calling thread with (rows done, total rows or 0 when unknown).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
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

// The most values (rows x columns) a query is read into: 2^27, 1 GiB of doubles.
constexpr std::uint64_t kMaxSqliteValues = std::uint64_t{1} << 27;

struct SqliteOptions {
  std::string timeColumn;                 // "": detect
  bool detectTime = true;
  std::vector<std::string> valueColumns;  // empty: every numeric column
  CategoricalPolicy categorical = CategoricalPolicy::Exclude;
  std::string sourceName;                 // for messages (default: the path)
  std::uint64_t maxValues = kMaxSqliteValues;  // rows x columns read at most (error beyond)
  double maxSeconds = 0;                  // > 0: a query running longer is an error
};

struct SqliteResult {
  LoadStatus status = LoadStatus::Ok;
  Series series;
  std::vector<Warning> warnings;
};

// RAII read-only connection to a user's database, hardened as described above (this is
// the one place the app opens a user's SQLite file). Throws DataError when the file is
// missing, is not a SQLite database (checked from its 100-byte header) or cannot be opened.
class SqliteConnection {
 public:
  explicit SqliteConnection(const std::filesystem::path& path, std::string sourceName = {});
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  sqlite3* handle() const noexcept { return db_; }
  const std::string& source() const noexcept { return source_; }

  // Makes whatever runs on this connection stop (sqlite3_step returns SQLITE_INTERRUPT)
  // as soon as `stop` returns true; polled every few thousand SQLite instructions on the
  // thread running the statement. Set it before the statements run.
  void stopWhen(std::function<bool()> stop);
  // Why the authorizer refused the last statement ("" when it did not).
  const std::string& refusal() const noexcept;

  struct Guard;  // the authorizer's and progress handler's state (SqliteReader.cpp)
  Guard& guard() noexcept { return *guard_; }

 private:
  void harden();

  sqlite3* db_ = nullptr;
  std::string source_;
  std::unique_ptr<Guard> guard_;
};

// True when the file starts with the SQLite header "SQLite format 3\0".
bool looksLikeSqlite(const std::filesystem::path& path);

// countSeconds > 0: a count that takes longer is given up (rows stays -1).
std::vector<TableInfo> listTables(SqliteConnection& db, bool countRows = true, double countSeconds = 0);
std::vector<TableInfo> listTables(const std::filesystem::path& path, bool countRows = true, double countSeconds = 0);

SqliteResult readSqliteQuery(SqliteConnection& db, std::string_view sql, const SqliteOptions& options = {},
                             const ProgressFn& progress = {});
SqliteResult readSqliteQuery(const std::filesystem::path& path, std::string_view sql,
                             const SqliteOptions& options = {}, const ProgressFn& progress = {});
SqliteResult readSqliteTable(const std::filesystem::path& path, std::string_view table,
                             const SqliteOptions& options = {}, const ProgressFn& progress = {});

}  // namespace aaren::data
