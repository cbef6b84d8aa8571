#include "core/data/SqliteReader.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cerrno>
#include <cstring>
#include <limits>
#include <exception>
#include <fstream>
#include <optional>
#include <unordered_map>

#include <unistd.h>

#include "core/data/CsvTokenizer.h"
#include "core/data/InputFile.h"
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

using Clock = std::chrono::steady_clock;

}  // namespace

struct SqliteConnection::Guard {
  std::function<bool()> stop;  // the connection's own stop condition
  std::string refusal;         // why the authorizer refused the last statement
  // The running query's limits (set by QueryScope).
  const ProgressFn* progress = nullptr;
  const std::size_t* rows = nullptr;
  Clock::time_point deadline = Clock::time_point::max();
  Clock::time_point nextProgress{};
  enum class Halt { None, Stopped, Cancelled, Deadline, Error } halt = Halt::None;
  std::exception_ptr error;  // thrown by the progress callback
};

namespace {

using Guard = SqliteConnection::Guard;

std::string lowerCase(const char* s) {
  std::string out = s ? s : "";
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool readingPragma(const std::string& name) {
  static const char* kAllowed[] = {"table_info", "table_xinfo", "table_list", "index_list",
                                   "index_info", "index_xinfo", "foreign_key_list"};
  return std::any_of(std::begin(kAllowed), std::end(kAllowed), [&](const char* a) { return name == a; });
}

bool forbiddenFunction(const std::string& name) {
  static const char* kForbidden[] = {"fts3_tokenizer", "fts5", "load_extension", "readfile", "writefile", "edit"};
  return std::any_of(std::begin(kForbidden), std::end(kForbidden), [&](const char* f) { return name == f; });
}

// Why `action` is refused on a user's database, or "" when it is allowed.
std::string refusalFor(int action, const char* a1, const char* a2) {
  static const std::string kOnlyReading = ": only read-only queries are allowed";
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE: return {};
    case SQLITE_FUNCTION: {
      const std::string name = lowerCase(a2);
      if (!forbiddenFunction(name)) return {};
      return "the function " + name + "() is not allowed in a query on a data file";
    }
    case SQLITE_PRAGMA: {
      const std::string name = lowerCase(a1);
      if (readingPragma(name)) return {};
      return "PRAGMA " + name + " is not allowed" + kOnlyReading;
    }
    case SQLITE_ATTACH:
    case SQLITE_DETACH: return "ATTACH and DETACH are not allowed" + kOnlyReading;
    case SQLITE_TRANSACTION:
    case SQLITE_SAVEPOINT: return "transactions are not allowed" + kOnlyReading;
    default: return "the statement would modify the database" + kOnlyReading;
  }
}

int authorize(void* user, int action, const char* a1, const char* a2, const char*, const char*) noexcept {
  auto& g = *static_cast<Guard*>(user);
  try {
    std::string why = refusalFor(action, a1, a2);
    if (why.empty()) return SQLITE_OK;
    if (g.refusal.empty()) g.refusal = std::move(why);
  } catch (...) {
  }
  return SQLITE_DENY;
}

// SQLite's progress handler: non-zero interrupts the running statement.
int onProgress(void* user) noexcept {
  auto& g = *static_cast<Guard*>(user);
  try {
    if (g.stop && g.stop()) return g.halt = Guard::Halt::Stopped, 1;
    if (g.deadline == Clock::time_point::max() && !(g.progress && *g.progress)) return 0;
    const auto now = Clock::now();
    if (now >= g.deadline) return g.halt = Guard::Halt::Deadline, 1;
    if (g.progress && *g.progress && now >= g.nextProgress) {
      g.nextProgress = now + std::chrono::milliseconds(100);
      if (!(*g.progress)(*g.rows, 0)) return g.halt = Guard::Halt::Cancelled, 1;
    }
  } catch (...) {
    g.error = std::current_exception();
    return g.halt = Guard::Halt::Error, 1;
  }
  return 0;
}

// One query's limits on a connection, for its lifetime.
class QueryScope {
 public:
  QueryScope(SqliteConnection& c, const ProgressFn* progress, const std::size_t* rows, double seconds) : g_(c.guard()) {
    g_.progress = progress;
    g_.rows = rows;
    g_.deadline = seconds > 0 ? Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds))
                              : Clock::time_point::max();
    g_.nextProgress = Clock::now() + std::chrono::milliseconds(100);
    g_.halt = Guard::Halt::None;
    g_.error = nullptr;
    g_.refusal.clear();
  }
  ~QueryScope() {
    g_.progress = nullptr;
    g_.rows = nullptr;
    g_.deadline = Clock::time_point::max();
  }
  QueryScope(const QueryScope&) = delete;
  QueryScope& operator=(const QueryScope&) = delete;
  Guard::Halt halt() const { return g_.halt; }
  void rethrow() const {
    if (g_.error) std::rethrow_exception(g_.error);
  }

 private:
  Guard& g_;
};

std::string secondsText(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

// Prepares one statement; a refusal of the authorizer is the error's message.
int prepare(SqliteConnection& c, std::string_view sql, sqlite3_stmt** st, const char** tail) {
  c.guard().refusal.clear();
  const int rc = sqlite3_prepare_v2(c.handle(), sql.data(), static_cast<int>(sql.size()), st, tail);
  if (rc != SQLITE_OK && !c.guard().refusal.empty()) throw DataError(c.source(), 0, 0, c.guard().refusal);
  return rc;
}

}  // namespace

bool looksLikeSqlite(const std::filesystem::path& path) {
  // Opened through openInputFile: sniffing a FIFO or a device must not block or read forever.
  OpenedInput file;
  if (!openInputFile(path, std::numeric_limits<std::uint64_t>::max(), "a SQLite database", file).empty())
    return false;
  char magic[16] = {};
  std::size_t got = 0;
  while (got < sizeof magic) {
    const ssize_t n = ::read(file.fd.get(), magic + got, sizeof magic - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  return got == sizeof magic && std::memcmp(magic, "SQLite format 3\0", 16) == 0;
}

SqliteConnection::SqliteConnection(const std::filesystem::path& path, std::string sourceName)
    : source_(sourceName.empty() ? path.string() : std::move(sourceName)), guard_(std::make_unique<Guard>()) {
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
  harden();
}

// Everything but reading is off: see the header.
void SqliteConnection::harden() {
  const std::pair<int, int> settings[] = {
      {SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0}, {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0},
      {SQLITE_DBCONFIG_DEFENSIVE, 1},             {SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0},
      {SQLITE_DBCONFIG_ENABLE_TRIGGER, 0},
  };
  for (const auto& [op, value] : settings) {
    int now = -1;
    if (sqlite3_db_config(db_, op, value, &now) != SQLITE_OK || now != value) {
      sqlite3_close(db_);
      db_ = nullptr;
      throw DataError(source_, 0, 0, "cannot open the database: SQLite refused a safety setting (" + std::to_string(op) + ")");
    }
  }
  sqlite3_limit(db_, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, 256 << 20);
  sqlite3_exec(db_, "PRAGMA query_only = ON", nullptr, nullptr, nullptr);
  sqlite3_set_authorizer(db_, authorize, guard_.get());
  sqlite3_progress_handler(db_, 1000, onProgress, guard_.get());
}

SqliteConnection::~SqliteConnection() { sqlite3_close(db_); }

void SqliteConnection::stopWhen(std::function<bool()> stop) { guard_->stop = std::move(stop); }

const std::string& SqliteConnection::refusal() const noexcept { return guard_->refusal; }

std::vector<TableInfo> listTables(SqliteConnection& c, bool countRows, double countSeconds) {
  sqlite3* db = c.handle();
  const std::string& source = c.source();
  std::vector<TableInfo> out;
  {
    Stmt st;
    if (prepare(c,
                "SELECT name, type FROM sqlite_schema WHERE type IN ('table','view') "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name",
                &st.s, nullptr) != SQLITE_OK)
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
    if (prepare(c, sql, &st.s, nullptr) != SQLITE_OK) sqlFail(db, source, "cannot read table '" + t.name + "'");
    for (int i = 0; i < sqlite3_column_count(st.s); ++i) t.columns.emplace_back(sqlite3_column_name(st.s, i));
    if (!countRows) continue;
    Stmt cnt;
    const std::string csql = "SELECT COUNT(*) FROM " + quoteIdent(t.name);
    const std::size_t none = 0;
    QueryScope scope(c, nullptr, &none, countSeconds);
    if (prepare(c, csql, &cnt.s, nullptr) != SQLITE_OK) sqlFail(db, source, "cannot count the rows of '" + t.name + "'");
    const int rc = sqlite3_step(cnt.s);
    if (rc == SQLITE_ROW) t.rows = sqlite3_column_int64(cnt.s, 0);
    else if (rc == SQLITE_INTERRUPT && scope.halt() == Guard::Halt::Deadline) t.rows = -1;  // too long to count
    else if (rc == SQLITE_INTERRUPT) throw DataError(source, 0, 0, "interrupted while counting the rows of '" + t.name + "'");
    else sqlFail(db, source, "cannot count the rows of '" + t.name + "'");
  }
  return out;
}

std::vector<TableInfo> listTables(const std::filesystem::path& path, bool countRows, double countSeconds) {
  SqliteConnection c(path);
  return listTables(c, countRows, countSeconds);
}

namespace {

// The result of a statement that SQLite interrupted.
SqliteResult interrupted(const QueryScope& scope, const std::string& src, double maxSeconds) {
  scope.rethrow();
  switch (scope.halt()) {
    case Guard::Halt::Cancelled: {
      SqliteResult cancelled;
      cancelled.status = LoadStatus::Cancelled;
      return cancelled;
    }
    case Guard::Halt::Deadline:
      throw DataError(src, 0, 0, "the query ran longer than " + secondsText(maxSeconds) +
                                     " s, the most allowed here (a view that never ends? add a LIMIT)");
    default: throw DataError(src, 0, 0, "the query was interrupted");
  }
}

}  // namespace

SqliteResult readSqliteQuery(SqliteConnection& conn, std::string_view sql, const SqliteOptions& opt,
                             const ProgressFn& progress) {
  sqlite3* db = conn.handle();
  const std::string& src = conn.source();
  Stmt st;
  const char* tail = nullptr;
  if (prepare(conn, sql, &st.s, &tail) != SQLITE_OK) sqlFail(db, src, "SQL error");
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
  const std::uint64_t maxRows = opt.maxValues / static_cast<std::uint64_t>(n);
  QueryScope scope(conn, &progress, &rows, opt.maxSeconds);
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    if (rows >= maxRows)
      throw DataError(src, 0, 0, "row " + std::to_string(rows + 1) + ": the query returns more than " +
                                     std::to_string(opt.maxValues) +
                                     " values (rows x columns), the most that is read (a view that never ends? add a LIMIT)");
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
  if (rc == SQLITE_INTERRUPT) return interrupted(scope, src, opt.maxSeconds);
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
  return readSqliteQuery(c, sql, options, progress);
}

SqliteResult readSqliteTable(const std::filesystem::path& path, std::string_view table,
                             const SqliteOptions& options, const ProgressFn& progress) {
  SqliteConnection c(path, options.sourceName);
  const auto tables = listTables(c, false);
  if (std::none_of(tables.begin(), tables.end(), [&](const TableInfo& t) { return t.name == table; })) {
    std::string names;
    for (const auto& t : tables) names += (names.empty() ? "" : ", ") + t.name;
    throw DataError(c.source(), 0, 0,
                    "no table or view named '" + std::string(table) + "' (" +
                        (names.empty() ? std::string("the database has none") : "has: " + names) + ")");
  }
  return readSqliteQuery(c, "SELECT * FROM " + quoteIdent(table), options, progress);
}

}  // namespace aaren::data
