#include "core/store/Workspace.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include <pwd.h>
#include <sqlite3.h>
#include <unistd.h>

#include "core/store/Process.h"
#include "core/store/Schema.h"
#include "core/store/Sqlite.h"
#include "core/store/WorkspaceImpl.h"

namespace fs = std::filesystem;

namespace aaren::store {

using detail::fail;
using detail::Statement;

std::string utcNow() { return detail::formatUtc(std::chrono::system_clock::now()); }

// ---------------------------------------------------------------------------------------
// Transaction

Transaction::Transaction(Workspace& ws) : impl_(ws.impl_.get()) { depth_ = impl_->begin(); }

Transaction::~Transaction() {
  if (!done_) impl_->rollback(depth_);
}

void Transaction::commit() {
  if (done_) return;
  impl_->commit(depth_);
  done_ = true;
}

namespace {

bool startsWithSqliteHeader(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char header[16] = {};
  in.read(header, sizeof header);
  return in.gcount() == 16 && std::string_view(header, 16) == std::string_view("SQLite format 3\0", 16);
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Opening

fs::path Workspace::defaultPath() {
  fs::path base;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg && fs::path(xdg).is_absolute()) {
    base = xdg;
  } else {
    const char* home = std::getenv("HOME");
    if (!home || !*home) {
      const passwd* pw = getpwuid(getuid());
      home = pw && pw->pw_dir ? pw->pw_dir : ".";
    }
    base = fs::path(home) / ".local" / "share";
  }
  return base / "aaren-studio" / "workspace.sqlite";
}

Workspace::Workspace(const fs::path& path, const OpenOptions& options)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->source = path.string();
  impl_->options = options;
  impl_->open();
  impl_->checkOwnership();  // reads only: a file that is not ours is refused unchanged
  impl_->configure();
  impl_->migrate();
  if (options.markInterruptedRuns) markInterruptedRuns();
}

void Workspace::Impl::open() {
  if (path.empty()) throw WorkspaceError("workspace: no path given");
  std::error_code ec;
  if (path.has_parent_path() && !fs::exists(path.parent_path(), ec)) {
    fs::create_directories(path.parent_path(), ec);
    if (ec) fail(source, "cannot create directory " + path.parent_path().string() + ": " + ec.message());
  }
  if (fs::is_directory(path, ec)) fail(source, "is a directory");
  // SQLite opens any file lazily and would only fail at the first query; check the header
  // so that a text file (say) is refused with a plain message and never written to.
  if (fs::exists(path, ec) && fs::file_size(path, ec) > 0 && !startsWithSqliteHeader(path))
    fail(source, "not a SQLite database");

  const int rc = sqlite3_open_v2(source.c_str(), &db,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                                 nullptr);
  if (rc != SQLITE_OK) {
    const std::string what = detail::describe(db, rc);
    sqlite3_close_v2(db);
    db = nullptr;
    fail(source, "cannot open: " + what);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(options.busyTimeout.count()));
}

void Workspace::Impl::configure() {
  {
    auto st = prepare("PRAGMA journal_mode = WAL");
    const std::string mode = st.step() ? st.textAt(0) : std::string();
    if (mode != "wal") fail(source, "cannot use WAL mode (journal mode is '" + mode + "')");
  }
  // NORMAL is safe in WAL mode: a killed process loses nothing committed, a power loss at
  // most the last transactions, and never corrupts the file.
  exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
}

void Workspace::Impl::checkOwnership() {
  const auto appId = pragmaInt("application_id");
  const auto version = pragmaInt("user_version");
  if (appId != kApplicationId) {
    if (appId != 0) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "0x%08llX", static_cast<unsigned long long>(appId & 0xffffffffLL));
      fail(source, std::string("not an Aaren Studio workspace (application_id ") + hex + ")");
    }
    auto st = prepare("SELECT count(*) FROM sqlite_schema");
    const bool hasTables = st.step() && st.int64At(0) > 0;
    if (version != 0 || hasTables)
      fail(source, "not an Aaren Studio workspace (a SQLite database with other tables)");
  }
  if (version > kSchemaVersion)
    fail(source, "schema version " + std::to_string(version) +
                     " is newer than this Aaren Studio understands (" +
                     std::to_string(kSchemaVersion) + ")");
}

void Workspace::Impl::migrate() {
  auto version = pragmaInt("user_version");
  if (version > kSchemaVersion)
    fail(source, "schema version " + std::to_string(version) +
                     " is newer than this Aaren Studio understands (" +
                     std::to_string(kSchemaVersion) + ")");
  if (version == kSchemaVersion) return;

  Tx tx(*this);
  version = pragmaInt("user_version");  // another process may have migrated meanwhile
  if (version > kSchemaVersion)
    fail(source, "schema version " + std::to_string(version) +
                     " is newer than this Aaren Studio understands (" +
                     std::to_string(kSchemaVersion) + ")");
  for (const auto& m : schema::migrations()) {
    if (m.version <= version) continue;
    try {
      exec(m.sql);
    } catch (const WorkspaceError& e) {
      fail(source, "migration to schema version " + std::to_string(m.version) + " failed: " + e.what());
    }
  }
  exec(("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str());
  exec(("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
  tx.commit();
}

Workspace::~Workspace() = default;
Workspace::Workspace(Workspace&&) noexcept = default;
Workspace& Workspace::operator=(Workspace&&) noexcept = default;

const fs::path& Workspace::path() const noexcept { return impl_->path; }

int Workspace::schemaVersion() const { return static_cast<int>(impl_->pragmaInt("user_version")); }

std::string Workspace::integrityCheck() const {
  auto st = impl_->prepare("PRAGMA integrity_check");
  std::string out;
  while (st.step()) {
    if (!out.empty()) out += '\n';
    out += st.textAt(0);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Datasets

namespace {

constexpr const char* kDatasetColumns =
    "id, path, display_name, sha256, kind, rows, columns, frequency_seconds, imported_at";

DatasetRecord readDataset(const Statement& st, const std::string& source) {
  DatasetRecord d;
  d.id = st.int64At(0);
  d.path = st.textAt(1);
  d.displayName = st.textAt(2);
  d.sha256 = st.textAt(3);
  const auto kind = parseDatasetKind(st.textAt(4));
  if (!kind) fail(source, "dataset " + std::to_string(d.id) + " has unknown kind '" + st.textAt(4) + "'");
  d.kind = *kind;
  d.rows = st.int64At(5);
  d.columns = st.int64At(6);
  d.frequencySeconds = st.isNull(7) ? 0 : st.doubleAt(7);
  d.importedAt = st.textAt(8);
  return d;
}

}  // namespace

std::int64_t Workspace::addDataset(const DatasetRecord& d) {
  auto& I = *impl_;
  if (d.path.empty()) fail(I.source, "a dataset needs a path");
  Impl::Tx tx(I);
  auto st = I.prepare(
      "INSERT INTO datasets (path, display_name, sha256, kind, rows, columns, frequency_seconds,"
      " imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
      " ON CONFLICT (path, sha256) DO UPDATE SET display_name = excluded.display_name,"
      " kind = excluded.kind, rows = excluded.rows, columns = excluded.columns,"
      " frequency_seconds = excluded.frequency_seconds"
      " RETURNING id");
  st.bind(1, d.path).bind(2, d.displayName).bind(3, d.sha256).bind(4, toString(d.kind));
  st.bind(5, d.rows).bind(6, d.columns).bind(7, d.frequencySeconds).bind(8, utcNow());
  if (!st.step("adding dataset " + d.path)) fail(I.source, "adding dataset " + d.path + " returned no id");
  const auto id = st.int64At(0);
  st.run();
  tx.commit();
  return id;
}

std::vector<DatasetRecord> Workspace::datasets() const {
  auto st = impl_->prepare(std::string("SELECT ") + kDatasetColumns +
                           " FROM datasets ORDER BY imported_at DESC, id DESC");
  std::vector<DatasetRecord> out;
  while (st.step()) out.push_back(readDataset(st, impl_->source));
  return out;
}

std::optional<DatasetRecord> Workspace::dataset(std::int64_t id) const {
  auto st = impl_->prepare(std::string("SELECT ") + kDatasetColumns + " FROM datasets WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return readDataset(st, impl_->source);
}

// ---------------------------------------------------------------------------------------
// Runs and epochs

namespace {

constexpr const char* kRunColumns =
    "id, dataset_id, model_type, task, config, status, message, started_at, finished_at, pid,"
    " host, heartbeat_at, metrics, seconds, dataset_name, best_val_loss, epochs_done";

RunRecord readRun(const Statement& st, const std::string& source) {
  RunRecord r;
  r.id = st.int64At(0);
  r.datasetId = st.int64At(1);
  r.modelType = st.textAt(2);
  r.task = st.textAt(3);
  r.config = st.jsonAt(4);
  const auto status = parseRunStatus(st.textAt(5));
  if (!status) fail(source, "run " + std::to_string(r.id) + " has unknown status '" + st.textAt(5) + "'");
  r.status = *status;
  r.message = st.textAt(6);
  r.startedAt = st.textAt(7);
  r.finishedAt = st.textAt(8);
  r.pid = st.int64At(9);
  r.host = st.textAt(10);
  r.heartbeatAt = st.textAt(11);
  r.metrics = st.jsonAt(12);
  r.seconds = st.isNull(13) ? 0 : st.doubleAt(13);
  r.datasetName = st.textAt(14);
  r.bestValLoss = st.optDoubleAt(15);
  r.epochsDone = st.int64At(16);
  return r;
}

double secondsBetween(const std::string& from, const std::string& to) {
  const auto a = detail::parseUtc(from);
  const auto b = detail::parseUtc(to);
  return a && b ? std::max(0.0, *b - *a) : 0.0;
}

}  // namespace

std::int64_t Workspace::startRun(const RunRecord& run) {
  auto& I = *impl_;
  if (run.modelType.empty()) fail(I.source, "a run needs a model type");
  Impl::Tx tx(I);
  if (run.datasetId != 0 && !dataset(run.datasetId))
    fail(I.source, "no dataset with id " + std::to_string(run.datasetId));
  const std::string now = utcNow();
  auto st = I.prepare(
      "INSERT INTO runs (dataset_id, model_type, task, config, status, message, started_at,"
      " pid, host, heartbeat_at, seconds)"
      " VALUES (?1, ?2, ?3, ?4, 'running', '', ?5, ?6, ?7, ?5, 0) RETURNING id");
  st.bindId(1, run.datasetId).bind(2, run.modelType).bind(3, run.task).bindJson(4, run.config);
  st.bind(5, now).bind(6, detail::currentPid()).bind(7, detail::hostName());
  if (!st.step("starting a run")) fail(I.source, "starting a run returned no id");
  const auto id = st.int64At(0);
  st.run();
  tx.commit();
  return id;
}

bool Workspace::heartbeat(std::int64_t runId) {
  auto& I = *impl_;
  Impl::Tx tx(I);
  auto st = I.prepare("UPDATE runs SET heartbeat_at = ?1 WHERE id = ?2 AND status = 'running'");
  st.bind(1, utcNow()).bind(2, runId);
  st.run("heartbeat of run " + std::to_string(runId));
  const bool updated = I.changes() > 0;
  if (!updated) I.requireRun(runId);
  tx.commit();
  return updated;
}

void Workspace::addEpoch(const EpochRecord& e) {
  auto& I = *impl_;
  Impl::Tx tx(I);
  I.requireRun(e.runId);
  const std::string now = utcNow();
  auto st = I.prepare(
      "INSERT INTO epochs (run_id, epoch, train_loss, val_loss, metrics, seconds, at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
      " ON CONFLICT (run_id, epoch) DO UPDATE SET train_loss = excluded.train_loss,"
      " val_loss = excluded.val_loss, metrics = excluded.metrics, seconds = excluded.seconds,"
      " at = excluded.at");
  st.bind(1, e.runId).bind(2, e.epoch).bind(3, e.trainLoss).bind(4, e.valLoss);
  st.bindJson(5, e.metrics).bind(6, e.seconds).bind(7, now);
  st.run("adding epoch " + std::to_string(e.epoch) + " of run " + std::to_string(e.runId));
  // An epoch is a sign of life.
  auto hb = I.prepare("UPDATE runs SET heartbeat_at = ?1 WHERE id = ?2 AND status = 'running'");
  hb.bind(1, now).bind(2, e.runId);
  hb.run();
  tx.commit();
}

void Workspace::finishRun(std::int64_t runId, RunStatus status, const std::string& message,
                          const nlohmann::json& metrics) {
  auto& I = *impl_;
  if (status == RunStatus::Running)
    fail(I.source, "run " + std::to_string(runId) +
                       " cannot be finished with status running (use completed, cancelled, "
                       "failed or interrupted)");
  Impl::Tx tx(I);
  std::string startedAt;
  {
    auto st = I.prepare("SELECT status, started_at FROM runs WHERE id = ?1");
    st.bind(1, runId);
    if (!st.step()) fail(I.source, "no run with id " + std::to_string(runId));
    const std::string current = st.textAt(0);
    if (current != "running" && current != "interrupted")
      fail(I.source, "run " + std::to_string(runId) + " has already finished (" + current + ")");
    startedAt = st.textAt(1);
  }
  const std::string now = utcNow();
  auto st = I.prepare(
      "UPDATE runs SET status = ?1, message = ?2, metrics = ?3, finished_at = ?4,"
      " heartbeat_at = ?4, seconds = ?5 WHERE id = ?6");
  st.bind(1, toString(status)).bind(2, message).bindJson(3, metrics).bind(4, now);
  st.bind(5, secondsBetween(startedAt, now)).bind(6, runId);
  st.run("finishing run " + std::to_string(runId));
  tx.commit();
}

std::vector<RunRecord> Workspace::runs(const RunQuery& q) const {
  auto st = impl_->prepare(std::string("SELECT ") + kRunColumns +
                           " FROM run_summary WHERE (?1 IS NULL OR status = ?1)"
                           " AND (?2 IS NULL OR dataset_id = ?2)"
                           " ORDER BY started_at DESC, id DESC LIMIT ?3");
  if (q.status)
    st.bind(1, toString(*q.status));
  else
    st.bindNull(1);
  st.bindId(2, q.datasetId);
  st.bind(3, q.limit > 0 ? q.limit : std::int64_t{-1});
  std::vector<RunRecord> out;
  while (st.step()) out.push_back(readRun(st, impl_->source));
  return out;
}

std::optional<RunRecord> Workspace::run(std::int64_t id) const {
  auto st = impl_->prepare(std::string("SELECT ") + kRunColumns + " FROM run_summary WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return readRun(st, impl_->source);
}

std::vector<EpochRecord> Workspace::epochs(std::int64_t runId) const {
  auto st = impl_->prepare(
      "SELECT run_id, epoch, train_loss, val_loss, metrics, seconds, at FROM epochs"
      " WHERE run_id = ?1 ORDER BY epoch");
  st.bind(1, runId);
  std::vector<EpochRecord> out;
  while (st.step()) {
    EpochRecord e;
    e.runId = st.int64At(0);
    e.epoch = st.int64At(1);
    e.trainLoss = st.doubleAt(2);
    e.valLoss = st.optDoubleAt(3);
    e.metrics = st.jsonAt(4);
    e.seconds = st.isNull(5) ? 0 : st.doubleAt(5);
    e.at = st.textAt(6);
    out.push_back(std::move(e));
  }
  return out;
}

void Workspace::deleteRun(std::int64_t runId) {
  auto& I = *impl_;
  Impl::Tx tx(I);
  {
    auto st = I.prepare("SELECT status FROM runs WHERE id = ?1");
    st.bind(1, runId);
    if (!st.step()) fail(I.source, "no run with id " + std::to_string(runId));
    if (st.textAt(0) == "running") fail(I.source, "run " + std::to_string(runId) + " is still running");
  }
  // Epochs go with it (ON DELETE CASCADE); models keep their files and lose the link.
  auto st = I.prepare("DELETE FROM runs WHERE id = ?1");
  st.bind(1, runId);
  st.run("deleting run " + std::to_string(runId));
  tx.commit();
}

int Workspace::markInterruptedRuns() {
  auto& I = *impl_;
  struct Verdict {
    std::int64_t id;
    std::string message;
  };
  const std::string thisHost = detail::hostName();
  const auto now = detail::parseUtc(utcNow());
  auto collect = [&] {
    std::vector<Verdict> out;
    auto st = I.prepare("SELECT id, pid, host, started_at, heartbeat_at FROM runs WHERE status = 'running'");
    while (st.step()) {
      const auto id = st.int64At(0);
      const auto pid = st.int64At(1);
      const std::string host = st.textAt(2);
      const std::string pidText = std::to_string(pid);
      if (host == thisHost) {
        if (!detail::runProcessAlive(pid, detail::parseUtc(st.textAt(3))))
          out.push_back({id, "process " + pidText + " ended without finishing the run"});
      } else {
        const std::string beat = st.textAt(4);
        const auto last = detail::parseUtc(beat);
        if (!last || (now && *now - *last > I.options.staleHeartbeatSeconds))
          out.push_back({id, "process " + pidText + " on " + host +
                                 " stopped sending heartbeats (last at " + beat + ")"});
      }
    }
    return out;
  };
  if (collect().empty()) return 0;  // the common case needs no write lock

  Impl::Tx tx(I);
  int marked = 0;
  for (const auto& v : collect()) {
    std::string startedAt, beat;
    {
      auto st = I.prepare("SELECT started_at, heartbeat_at FROM runs WHERE id = ?1");
      st.bind(1, v.id);
      if (!st.step()) continue;
      startedAt = st.textAt(0);
      beat = st.textAt(1);
    }
    // It finished when it was last seen alive.
    auto st = I.prepare(
        "UPDATE runs SET status = 'interrupted', message = ?1, finished_at = ?2, seconds = ?3"
        " WHERE id = ?4 AND status = 'running'");
    st.bind(1, v.message).bind(2, beat).bind(3, secondsBetween(startedAt, beat)).bind(4, v.id);
    st.run("marking run " + std::to_string(v.id) + " interrupted");
    marked += I.changes();
  }
  tx.commit();
  return marked;
}

}  // namespace aaren::store
