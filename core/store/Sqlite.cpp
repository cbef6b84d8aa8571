#include "core/store/Sqlite.h"

#include <cmath>
#include <limits>

#include <sqlite3.h>

#include "core/store/Workspace.h"

namespace aaren::store::detail {

std::string describe(sqlite3* db, int rc) {
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
      return "not a SQLite database";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "busy: another connection holds its lock (" + std::string(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)) + ")";
    case SQLITE_CORRUPT:
      return "the database is corrupt (" + std::string(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)) + ")";
    default:
      return db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  }
}

void fail(const std::string& source, const std::string& what) {
  throw WorkspaceError("workspace " + source + ": " + what);
}

void failSqlite(sqlite3* db, int rc, const std::string& source, std::string_view context) {
  std::string what = describe(db, rc);
  if (!context.empty()) what += " (" + std::string(context) + ")";
  fail(source, what);
}

void exec(sqlite3* db, const char* sql, const std::string& source) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    sqlite3_free(err);
    failSqlite(db, rc, source);
  }
}

Statement::Statement(sqlite3* db, std::string_view sql, const std::string& source)
    : db_(db), source_(source) {
  const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) failSqlite(db, rc, source);
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

#define AAREN_BIND(call)                                      \
  do {                                                        \
    const int rc_ = (call);                                   \
    if (rc_ != SQLITE_OK) failSqlite(db_, rc_, source_);      \
  } while (0)

Statement& Statement::bind(int i, std::int64_t v) {
  AAREN_BIND(sqlite3_bind_int64(stmt_, i, v));
  return *this;
}
Statement& Statement::bind(int i, double v) {
  if (std::isnan(v)) return bindNull(i);
  AAREN_BIND(sqlite3_bind_double(stmt_, i, v));
  return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
  AAREN_BIND(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  return *this;
}
Statement& Statement::bind(int i, const std::optional<double>& v) {
  return v ? bind(i, *v) : bindNull(i);
}
Statement& Statement::bindNull(int i) {
  AAREN_BIND(sqlite3_bind_null(stmt_, i));
  return *this;
}
Statement& Statement::bindId(int i, std::int64_t id) { return id == 0 ? bindNull(i) : bind(i, id); }
Statement& Statement::bindJson(int i, const nlohmann::json& v) {
  return v.is_null() ? bindNull(i) : bind(i, v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}
Statement& Statement::bindTextOrNull(int i, std::string_view v) {
  return v.empty() ? bindNull(i) : bind(i, v);
}
#undef AAREN_BIND

bool Statement::step(std::string_view context) {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  failSqlite(db_, rc, source_, context);
}

void Statement::run(std::string_view context) {
  while (step(context)) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::isNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
std::int64_t Statement::int64At(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::doubleAt(int col) const {
  return isNull(col) ? std::numeric_limits<double>::quiet_NaN() : sqlite3_column_double(stmt_, col);
}
std::optional<double> Statement::optDoubleAt(int col) const {
  if (isNull(col)) return std::nullopt;
  return sqlite3_column_double(stmt_, col);
}
std::string Statement::textAt(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}
nlohmann::json Statement::jsonAt(int col) const {
  if (isNull(col)) return nullptr;
  const std::string text = textAt(col);
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) fail(source_, "stored JSON is malformed: " + text.substr(0, 80));
  return j;
}

}  // namespace aaren::store::detail
