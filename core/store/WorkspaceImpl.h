#pragma once
// Workspace's private state: the SQLite handle and the transaction depth, shared by the
// translation units that implement Workspace (Workspace.cpp: opening, datasets and runs;
// WorkspaceModels.cpp: models and forecasts). Not part of the API.
#include "core/store/Sqlite.h"
#include "core/store/Workspace.h"

#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace aaren::store {

struct Workspace::Impl {
  std::filesystem::path path;
  std::string source;  // the path as given, for messages
  OpenOptions options;
  sqlite3* db = nullptr;
  int txDepth = 0;  // open Transactions (1 = BEGIN IMMEDIATE, >1 = savepoints)

  ~Impl() {
    if (db) sqlite3_close_v2(db);
  }

  detail::Statement prepare(std::string_view sql) { return detail::Statement(db, sql, source); }
  void exec(const char* sql) { detail::exec(db, sql, source); }
  std::int64_t pragmaInt(const char* name) {
    auto st = prepare(std::string("PRAGMA ") + name);
    return st.step() ? st.int64At(0) : 0;
  }
  int changes() const { return sqlite3_changes(db); }

  int begin() {
    const int depth = txDepth + 1;
    if (depth == 1)
      exec("BEGIN IMMEDIATE");
    else
      exec(("SAVEPOINT aaren_sp" + std::to_string(depth)).c_str());
    txDepth = depth;
    return depth;
  }
  void commit(int depth) {
    if (depth != txDepth) detail::fail(source, "transactions committed out of order");
    if (depth == 1)
      exec("COMMIT");
    else
      exec(("RELEASE aaren_sp" + std::to_string(depth)).c_str());
    txDepth = depth - 1;
  }
  void rollback(int depth) noexcept {
    if (depth == 1) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    } else {
      const std::string sp = "aaren_sp" + std::to_string(depth);
      sqlite3_exec(db, ("ROLLBACK TO " + sp + "; RELEASE " + sp).c_str(), nullptr, nullptr, nullptr);
    }
    txDepth = depth - 1;
  }

  void requireRun(std::int64_t runId) {
    auto st = prepare("SELECT 1 FROM runs WHERE id = ?1");
    st.bind(1, runId);
    if (!st.step()) detail::fail(source, "no run with id " + std::to_string(runId));
  }

  void open();            // connects (creating the file if needed), sets the busy timeout
  void checkOwnership();  // reads only: refuses a file that is not a workspace of ours
  void configure();       // WAL mode, foreign keys, synchronous
  void migrate();         // applies the pending migrations in one transaction

  // The internal write helper: the same as Transaction, on the Impl.
  class Tx {
   public:
    explicit Tx(Impl& impl) : impl_(impl), depth_(impl.begin()) {}
    ~Tx() {
      if (!done_) impl_.rollback(depth_);
    }
    Tx(const Tx&) = delete;
    Tx& operator=(const Tx&) = delete;
    void commit() {
      impl_.commit(depth_);
      done_ = true;
    }

   private:
    Impl& impl_;
    int depth_;
    bool done_ = false;
  };
};

}  // namespace aaren::store
