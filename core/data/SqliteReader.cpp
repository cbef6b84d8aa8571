#include "core/data/SqliteReader.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>
#include <unordered_map>

#include "core/data/CsvTokenizer.h"
#include "core/data/Timestamp.h"

namespace aaren::data {

namespace {

struct Stmt {
  sqlite3_stmt* s = nullptr;
  ~Stmt() { sqlite3_finalize(s); }
};

[[noreturn]] void sqlFail(sqlite3* db, const std::string& source, const std::string& what) {
  throw DataError(source, 0, 0, what + ": " + sqlite3_errmsg(db));
}

std::string quoteIdent(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<double> textNumber(std::string_view t) {
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  if (t.empty()) return std::nullopt;
  double v;
  const char* b = t.data() + (t.front() == '+' ? 1 : 0);
  const auto [p, ec] = std::from_chars(b, t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v + 0.0;
}

// One result column as read: numbers (NaN where NULL or text) and, once text appears, text.
struct RawColumn {
  std::string name;
  std::vector<double> num;
  std::vector<std::string> text;  // sized to rows once any text was seen
  std::vector<bool> isText;
  std::size_t nNum = 0, nText = 0, nNull = 0;
};

}  // namespace

bool looksLikeSqlite(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[16] = {};
  in.read(magic, 16);
  return in.gcount() == 16 && std::memcmp(magic, "SQLite format 3\0", 16) == 0;
}

SqliteConnection::SqliteConnection(const std::filesystem::path& path, std::string sourceName)
    : source_(sourceName.empty() ? path.string() : std::move(sourceName)) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw DataError(source_, 0, 0, "cannot open: No such file or directory");
  if (!std::filesystem::is_regular_file(path, ec)) throw DataError(source_, 0, 0, "cannot open: not a regular file");
  if (std::filesystem::file_size(path, ec) == 0) throw DataError(source_, 0, 0, "empty file: not a SQLite database");
  if (!looksLikeSqlite(path)) throw DataError(source_, 0, 0, "not a SQLite database (no \"SQLite format 3\" header)");
  const int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw DataError(source_, 0, 0, "cannot open the database: " + msg);
  }
  sqlite3_exec(db_, "PRAGMA query_only = ON", nullptr, nullptr, nullptr);
}

SqliteConnection::~SqliteConnection() { sqlite3_close(db_); }

std::vector<TableInfo> listTables(sqlite3* db, const std::string& source, bool countRows) {
  std::vector<TableInfo> out;
  {
    Stmt st;
    if (sqlite3_prepare_v2(db,
                           "SELECT name, type FROM sqlite_schema WHERE type IN ('table','view') "
                           "AND name NOT LIKE 'sqlite_%' ORDER BY name",
                           -1, &st.s, nullptr) != SQLITE_OK)
      sqlFail(db, source, "cannot read the schema");
    int rc;
    while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
      TableInfo t;
      t.name = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 0));
      t.view = std::strcmp(reinterpret_cast<const char*>(sqlite3_column_text(st.s, 1)), "view") == 0;
      out.push_back(std::move(t));
    }
    if (rc != SQLITE_DONE) sqlFail(db, source, "cannot read the schema");
  }
  for (auto& t : out) {
    Stmt st;
    const std::string sql = "SELECT * FROM " + quoteIdent(t.name) + " LIMIT 0";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st.s, nullptr) != SQLITE_OK)
      sqlFail(db, source, "cannot read table '" + t.name + "'");
    for (int i = 0; i < sqlite3_column_count(st.s); ++i) t.columns.emplace_back(sqlite3_column_name(st.s, i));
    if (!countRows) continue;
    Stmt cnt;
    const std::string csql = "SELECT COUNT(*) FROM " + quoteIdent(t.name);
    if (sqlite3_prepare_v2(db, csql.c_str(), -1, &cnt.s, nullptr) != SQLITE_OK ||
        sqlite3_step(cnt.s) != SQLITE_ROW)
      sqlFail(db, source, "cannot count the rows of '" + t.name + "'");
    t.rows = sqlite3_column_int64(cnt.s, 0);
  }
  return out;
}

std::vector<TableInfo> listTables(const std::filesystem::path& path, bool countRows) {
  SqliteConnection c(path);
  return listTables(c.handle(), c.source(), countRows);
}

SqliteResult readSqliteQuery(sqlite3* db, std::string_view sql, const SqliteOptions& opt,
                             const ProgressFn& progress, const std::string& src) {
  Stmt st;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &st.s, &tail) != SQLITE_OK)
    sqlFail(db, src, "SQL error");
  if (st.s == nullptr) throw DataError(src, 0, 0, "empty SQL statement");
  if (!sqlite3_stmt_readonly(st.s))
    throw DataError(src, 0, 0, "the statement would modify the database: only read-only queries are allowed");
  if (tail != nullptr) {
    std::string_view rest(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail));
    if (rest.find_first_not_of(" \t\r\n;") != std::string_view::npos)
      throw DataError(src, 0, 0, "only one SQL statement is allowed");
  }
  const int n = sqlite3_column_count(st.s);
  if (n == 0) throw DataError(src, 0, 0, "the statement returns no columns");
  std::vector<RawColumn> cols(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) cols[static_cast<std::size_t>(i)].name = sqlite3_column_name(st.s, i);

  std::uint64_t total = 0;
  std::size_t rows = 0;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    for (int i = 0; i < n; ++i) {
      RawColumn& c = cols[static_cast<std::size_t>(i)];
      const int type = sqlite3_column_type(st.s, i);
      double v = std::nan("");
      if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) {
        v = sqlite3_column_double(st.s, i);
        if (!std::isfinite(v))
          throw DataError(src, 0, 0, "row " + std::to_string(rows + 1) + ": non-finite number in column '" + c.name + "'");
        v += 0.0;
        ++c.nNum;
      } else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
        const auto* p = reinterpret_cast<const char*>(type == SQLITE_TEXT ? sqlite3_column_text(st.s, i) : sqlite3_column_blob(st.s, i));
        std::string text(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(st.s, i)));
        if (const auto num = textNumber(text)) {
          v = *num;
          ++c.nNum;
        } else {
          if (!isValidUtf8(text))
            throw DataError(src, 0, 0, "row " + std::to_string(rows + 1) + ": invalid UTF-8 in column '" + c.name + "'");
          if (c.text.size() < rows + 1) c.text.resize(rows + 1), c.isText.resize(rows + 1, false);
          c.text[rows] = std::move(text);
          c.isText[rows] = true;
          ++c.nText;
        }
      } else {
        ++c.nNull;
      }
      c.num.push_back(v);
    }
    ++rows;
    if (progress && rows % 4096 == 0 && !progress(rows, total)) {
      SqliteResult cancelled;
      cancelled.status = LoadStatus::Cancelled;
      return cancelled;
    }
  }
  if (rc != SQLITE_DONE) sqlFail(db, src, "SQLite error");
  for (auto& c : cols) c.text.resize(rows), c.isText.resize(rows, false);

  SqliteResult res;
  Series& s = res.series;
  s.rows = rows;
  // Time column.
  std::optional<std::size_t> timeCol;
  bool epoch = false;
  auto allTimestamps = [&](const RawColumn& c) {
    if (c.nText == 0 || c.nNum > 0) return false;
    for (std::size_t r = 0; r < rows; ++r)
      if (c.isText[r] && !parseTimestamp(c.text[r])) return false;
    return true;
  };
  if (opt.detectTime) {
    if (!opt.timeColumn.empty()) {
      for (std::size_t j = 0; j < cols.size(); ++j)
        if (cols[j].name == opt.timeColumn) timeCol = j;
      if (!timeCol) throw DataError(src, 0, 0, "no column named '" + opt.timeColumn + "'");
      epoch = cols[*timeCol].nText == 0;
      if (!epoch && !allTimestamps(cols[*timeCol]))
        throw DataError(src, 0, 0, "column '" + opt.timeColumn + "' does not hold timestamps");
    } else {
      for (std::size_t j = 0; j < cols.size() && !timeCol; ++j)
        if (allTimestamps(cols[j])) timeCol = j;
      static const char* kEpoch[] = {"time", "timestamp", "epoch", "unix", "unix_time", "date", "datetime", "ts"};
      for (std::size_t j = 0; j < cols.size() && !timeCol; ++j)
        if (cols[j].nText == 0 && cols[j].nNum > 0 &&
            std::any_of(std::begin(kEpoch), std::end(kEpoch), [&](const char* e) { return lower(cols[j].name) == e; }))
          timeCol = j, epoch = true;
    }
  }
  if (timeCol) {
    const RawColumn& c = cols[*timeCol];
    s.timestamps.resize(rows);
    for (std::size_t r = 0; r < rows; ++r) {
      std::optional<std::int64_t> t = epoch ? parseEpoch(c.num[r]) : (c.isText[r] ? parseTimestamp(c.text[r]) : std::nullopt);
      if (!t)
        throw DataError(src, 0, 0, "row " + std::to_string(r + 1) + ": missing or invalid timestamp in column '" + c.name + "'");
      s.timestamps[r] = *t;
    }
  }
  for (const auto& want : opt.valueColumns)
    if (std::none_of(cols.begin(), cols.end(), [&](const RawColumn& c) { return c.name == want; }))
      throw DataError(src, 0, 0, "no column named '" + want + "'");
  for (std::size_t j = 0; j < cols.size(); ++j) {
    RawColumn& c = cols[j];
    ColumnInfo info{c.name, ColumnKind::Numeric, c.nNull};
    if (timeCol && j == *timeCol) {
      info.kind = ColumnKind::Time;
    } else if (c.nText > 0) {
      info.kind = ColumnKind::Categorical;
      CategoricalColumn cat{c.name, {}, std::vector<std::int32_t>(rows, -1)};
      std::unordered_map<std::string, std::int32_t> index;
      for (std::size_t r = 0; r < rows; ++r) {
        if (!c.isText[r]) {
          if (!std::isnan(c.num[r])) c.text[r] = std::to_string(c.num[r]);
          else continue;
        }
        auto [it, added] = index.emplace(c.text[r], static_cast<std::int32_t>(cat.levels.size()));
        if (added) cat.levels.push_back(c.text[r]);
        cat.codes[r] = it->second;
      }
      res.warnings.push_back({WarningKind::CategoricalColumn, 0, static_cast<std::uint32_t>(j + 1),
                              "column '" + c.name + "' holds text (" + std::to_string(cat.levels.size()) +
                                  " levels): " + (opt.categorical == CategoricalPolicy::OneHot ? "one-hot encoded" : "excluded from the values")});
      s.categoricals.push_back(std::move(cat));
    } else if (opt.valueColumns.empty() ||
               std::find(opt.valueColumns.begin(), opt.valueColumns.end(), c.name) != opt.valueColumns.end()) {
      s.names.push_back(c.name);
      s.values.insert(s.values.end(), c.num.begin(), c.num.end());
      if (c.nNull > 0)
        res.warnings.push_back({WarningKind::MissingValues, 0, static_cast<std::uint32_t>(j + 1),
                                "column '" + c.name + "': " + std::to_string(c.nNull) + " missing values"});
    } else {
      continue;  // not selected
    }
    s.columns.push_back(std::move(info));
    std::vector<double>().swap(c.num);
  }
  s.refreshStats();
  if (s.time.duplicates > 0)
    res.warnings.push_back({WarningKind::DuplicateTimestamp, 0, 0, std::to_string(s.time.duplicates) + " duplicate timestamps"});
  if (s.time.outOfOrder > 0)
    res.warnings.push_back({WarningKind::OutOfOrderTimestamp, 0, 0,
                            std::to_string(s.time.outOfOrder) + " timestamps earlier than the row before"});
  if (s.time.gaps > 0)
    res.warnings.push_back({WarningKind::Gap, 0, 0,
                            std::to_string(s.time.gaps) + " gaps (" + std::to_string(s.time.missingSteps) +
                                " missing " + s.time.frequency.label() + " steps)"});
  if (opt.categorical == CategoricalPolicy::OneHot) {
    std::vector<std::string> names;
    for (const auto& c : s.categoricals) names.push_back(c.name);
    for (const auto& name : names) appendOneHot(s, name);
  }
  if (progress) progress(rows, rows);
  return res;
}

SqliteResult readSqliteQuery(const std::filesystem::path& path, std::string_view sql,
                             const SqliteOptions& options, const ProgressFn& progress) {
  SqliteConnection c(path, options.sourceName);
  return readSqliteQuery(c.handle(), sql, options, progress, c.source());
}

SqliteResult readSqliteTable(const std::filesystem::path& path, std::string_view table,
                             const SqliteOptions& options, const ProgressFn& progress) {
  SqliteConnection c(path, options.sourceName);
  const auto tables = listTables(c.handle(), c.source(), false);
  if (std::none_of(tables.begin(), tables.end(), [&](const TableInfo& t) { return t.name == table; })) {
    std::string names;
    for (const auto& t : tables) names += (names.empty() ? "" : ", ") + t.name;
    throw DataError(c.source(), 0, 0,
                    "no table or view named '" + std::string(table) + "' (" +
                        (names.empty() ? std::string("the database has none") : "has: " + names) + ")");
  }
  return readSqliteQuery(c.handle(), "SELECT * FROM " + quoteIdent(table), options, progress, c.source());
}

}  // namespace aaren::data
