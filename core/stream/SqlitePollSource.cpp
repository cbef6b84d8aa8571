#include "core/stream/SqlitePollSource.h"

#include "core/data/SqliteReader.h"
#include "core/data/Timestamp.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <sqlite3.h>

namespace aaren::stream {

namespace {

std::string sqlIdent(const std::string& name) {
  std::string q = "\"";
  for (char c : name) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

struct Statement {
  sqlite3_stmt* stmt = nullptr;
  ~Statement() { sqlite3_finalize(stmt); }
};

struct Column {
  std::string name, type;
};

std::vector<Column> tableColumns(sqlite3* db, const std::string& table) {
  Statement st;
  const std::string sql = "PRAGMA table_info(" + sqlIdent(table) + ")";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st.stmt, nullptr) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db));
  std::vector<Column> cols;
  while (sqlite3_step(st.stmt) == SQLITE_ROW) {
    Column c;
    c.name = reinterpret_cast<const char*>(sqlite3_column_text(st.stmt, 1));
    const auto* t = sqlite3_column_text(st.stmt, 2);
    c.type = t ? reinterpret_cast<const char*>(t) : "";
    cols.push_back(std::move(c));
  }
  return cols;
}

bool numericType(std::string type) {
  for (auto& ch : type) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  for (const char* t : {"INT", "REAL", "FLOA", "DOUB", "NUM", "DEC"})
    if (type.find(t) != std::string::npos) return true;
  return false;
}

struct Value {
  sqlite3_value* v = nullptr;
  ~Value() { sqlite3_value_free(v); }
  void set(sqlite3_value* from) {
    sqlite3_value_free(v);
    v = sqlite3_value_dup(from);
  }
};

}  // namespace

SqlitePollSource::SqlitePollSource(std::filesystem::path path, SqlitePollOptions options)
    : StreamSource(options.buffer, OverflowPolicy::Block), path_(std::move(path)), options_(std::move(options)) {
  if (options_.table.empty()) throw std::invalid_argument("sqlite: a table or view to poll is needed (table=NAME)");
}

SqlitePollSource::~SqlitePollSource() { shutdown(); }

std::string SqlitePollSource::describe() const { return "sqlite " + path_.string() + " table " + options_.table; }

void SqlitePollSource::run(std::stop_token stop) {
  const std::string where = path_.string();
  std::unique_ptr<data::SqliteConnection> conn;
  try {
    conn = std::make_unique<data::SqliteConnection>(path_);
  } catch (const std::exception& e) {
    setState(SourceState::Failed, e.what());
    buffer().close();
    return;
  }
  sqlite3* db = conn->handle();
  sqlite3_busy_timeout(db, 100);
  // stop() interrupts a query at once, and a poll that runs too long (a view that never
  // ends) fails the source instead of growing SQLite's sorter without bound.
  using Clock = std::chrono::steady_clock;
  auto deadline = Clock::time_point::max();
  bool overran = false;
  conn->stopWhen([&stop, &deadline, &overran] {
    if (stop.stop_requested()) return true;
    return Clock::now() >= deadline && (overran = true);
  });
  auto startQuery = [&] { deadline = Clock::now() + std::chrono::milliseconds(options_.query_timeout_ms); };
  auto fail = [&](const std::string& why) {
    setState(SourceState::Failed, where + ": " + why);
    buffer().close();
  };
  const std::string overranText = "a query on '" + options_.table + "' ran longer than " + std::to_string(options_.query_timeout_ms) +
                                  " ms (a view that never ends?)";

  // Which columns, which key.
  startQuery();
  std::vector<Column> cols;
  std::vector<data::TableInfo> tables;
  try {
    cols = tableColumns(db, options_.table);
    tables = data::listTables(*conn, false);
  } catch (const std::exception& e) {
    if (stop.stop_requested()) return;
    const auto* data_error = dynamic_cast<const data::DataError*>(&e);
    return fail(overran ? overranText
                        : !conn->refusal().empty() ? conn->refusal()
                                                   : data_error ? data_error->message() : std::string(e.what()));
  }
  if (stop.stop_requested()) return;
  if (cols.empty()) {
    std::vector<std::string> names;
    for (const auto& t : tables) names.push_back(t.name);
    setState(SourceState::Failed, where + ": no table or view '" + options_.table + "' (it has: " + (names.empty() ? "none" : joined(names)) + ")");
    buffer().close();
    return;
  }
  auto has = [&](const std::string& n) {
    for (const auto& c : cols)
      if (c.name == n) return true;
    return false;
  };
  if (!options_.time_column.empty() && !has(options_.time_column))
    return fail("table '" + options_.table + "' has no column '" + options_.time_column + "'");
  std::vector<std::string> values = options_.columns;
  for (const auto& v : values)
    if (!has(v)) return fail("table '" + options_.table + "' has no column '" + v + "'");
  std::string key = options_.key_column;
  bool is_view = false;
  for (const auto& t : tables)
    if (t.name == options_.table) is_view = t.view;
  if (key.empty()) key = is_view ? options_.time_column : std::string();
  if (is_view && key.empty()) return fail("view '" + options_.table + "' has no rowid: give its time column (time=) or a key column (key=)");
  if (!key.empty() && !has(key)) return fail("table '" + options_.table + "' has no column '" + key + "'");
  if (values.empty()) {
    for (const auto& c : cols)
      if (c.name != options_.time_column && c.name != key && numericType(c.type)) values.push_back(c.name);
    if (values.empty()) return fail("table '" + options_.table + "' has no numeric columns to stream (name them with columns=)");
  }
  setColumns(values);

  const std::string key_sql = key.empty() ? std::string("rowid") : sqlIdent(key);
  std::string select = "SELECT " + key_sql;
  if (!options_.time_column.empty()) select += ", " + sqlIdent(options_.time_column);
  for (const auto& v : values) select += ", " + sqlIdent(v);
  select += " FROM " + sqlIdent(options_.table) + " WHERE ?1 IS NULL OR " + key_sql + " > ?1 ORDER BY " + key_sql + " LIMIT " +
            std::to_string(options_.batch_rows);

  Value last;
  if (!options_.from_start) {
    Statement st;
    const std::string sql = "SELECT MAX(" + key_sql + ") FROM " + sqlIdent(options_.table);
    startQuery();
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st.stmt, nullptr) == SQLITE_OK && sqlite3_step(st.stmt) == SQLITE_ROW &&
        sqlite3_column_type(st.stmt, 0) != SQLITE_NULL)
      last.set(sqlite3_column_value(st.stmt, 0));
    if (stop.stop_requested()) return;
    if (overran) return fail(overranText);
  }
  Statement poll;
  if (sqlite3_prepare_v2(db, select.c_str(), -1, &poll.stmt, nullptr) != SQLITE_OK)
    return fail(conn->refusal().empty() ? std::string(sqlite3_errmsg(db)) : conn->refusal());
  if (!sqlite3_stmt_readonly(poll.stmt)) return fail("the poll query would write");
  setState(SourceState::Running, "polling " + options_.table + " every " + std::to_string(options_.poll_ms) + " ms");

  const bool timed = !options_.time_column.empty();
  const int first_value = timed ? 2 : 1;
  std::int64_t row_no = 0;
  while (!stop.stop_requested()) {
    sqlite3_reset(poll.stmt);
    if (last.v) sqlite3_bind_value(poll.stmt, 1, last.v);
    else sqlite3_bind_null(poll.stmt, 1);
    std::size_t got = 0;
    int rc = SQLITE_ROW;
    startQuery();
    while (!stop.stop_requested() && (rc = sqlite3_step(poll.stmt)) == SQLITE_ROW) {
      ++got;
      ++row_no;
      last.set(sqlite3_column_value(poll.stmt, 0));
      Sample s;
      std::string bad;
      if (timed) {
        const int type = sqlite3_column_type(poll.stmt, 1);
        std::optional<std::int64_t> t;
        if (type == SQLITE_TEXT) t = data::parseTimestamp(reinterpret_cast<const char*>(sqlite3_column_text(poll.stmt, 1)));
        else if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) t = data::parseEpoch(sqlite3_column_double(poll.stmt, 1));
        if (!t) bad = "column '" + options_.time_column + "' is not a timestamp";
        else s.timestamp = *t;
      }
      for (std::size_t c = 0; c < values.size() && bad.empty(); ++c) {
        const int i = first_value + static_cast<int>(c);
        switch (sqlite3_column_type(poll.stmt, i)) {
          case SQLITE_NULL: s.values.push_back(std::numeric_limits<double>::quiet_NaN()); break;
          case SQLITE_INTEGER:
          case SQLITE_FLOAT: s.values.push_back(sqlite3_column_double(poll.stmt, i)); break;
          default: {
            const std::string text = reinterpret_cast<const char*>(sqlite3_column_text(poll.stmt, i));
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || !std::isfinite(v)) bad = "column '" + values[c] + "' ('" + text.substr(0, 40) + "') is not a number";
            else s.values.push_back(v);
          }
        }
      }
      if (!bad.empty()) {
        countMalformed(row_no, "row " + std::to_string(row_no) + ": " + bad);
        continue;
      }
      deliver(std::move(s));
    }
    sqlite3_reset(poll.stmt);  // ends the read transaction: the writer may checkpoint
    if (got > 0) notifyDataReady();
    if (stop.stop_requested()) break;
    if (rc == SQLITE_INTERRUPT && overran) return fail(overranText);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      setState(SourceState::Waiting, where + ": the database is busy (retrying)");
    } else if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
      setState(SourceState::Waiting, where + ": " + sqlite3_errmsg(db) + " (retrying)");
    } else if (got > 0 || rc == SQLITE_DONE) {
      setState(SourceState::Running, "polling " + options_.table + " every " + std::to_string(options_.poll_ms) + " ms");
    }
    if (got == options_.batch_rows) continue;  // more rows are waiting
    if (!sleepFor(stop, options_.poll_ms)) break;
  }
}

}  // namespace aaren::stream
