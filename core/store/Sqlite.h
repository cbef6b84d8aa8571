#pragma once
// Internal to core/store: a thin RAII layer over the SQLite C API that turns every error
// into a WorkspaceError "workspace <source>: <what>". Not for use outside core/store.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

struct sqlite3;
struct sqlite3_stmt;

namespace aaren::store::detail {

// The message for SQLite result code `rc` on `db` ("not a SQLite database", "the database
// is corrupt (...)", "busy: another connection holds its lock (database is locked)", or
// SQLite's own message).
std::string describe(sqlite3* db, int rc);
[[noreturn]] void fail(const std::string& source, const std::string& what);
[[noreturn]] void failSqlite(sqlite3* db, int rc, const std::string& source,
                             std::string_view context = {});

// Runs one or more statements without results.
void exec(sqlite3* db, const char* sql, const std::string& source);

// One prepared statement. Binding indexes start at 1, column indexes at 0.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql, const std::string& source);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, double v);  // NaN is stored as NULL
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::optional<double>& v);
  Statement& bindNull(int i);
  Statement& bindId(int i, std::int64_t id);           // 0 -> NULL
  Statement& bindJson(int i, const nlohmann::json& v);  // null -> NULL
  Statement& bindTextOrNull(int i, std::string_view v); // "" -> NULL

  // Steps once: true when a row is available. `context` is added to error messages.
  bool step(std::string_view context = {});
  // Steps to completion (for statements without results).
  void run(std::string_view context = {});
  void reset();

  bool isNull(int col) const;
  std::int64_t int64At(int col) const;     // NULL -> 0
  double doubleAt(int col) const;          // NULL -> NaN
  std::optional<double> optDoubleAt(int col) const;
  std::string textAt(int col) const;       // NULL -> ""
  nlohmann::json jsonAt(int col) const;    // NULL -> null

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  const std::string& source_;
};

}  // namespace aaren::store::detail
