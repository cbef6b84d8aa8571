#pragma once
// The workspace: one SQLite database recording imported datasets, training runs (config,
// per-epoch losses, status, timings), saved models and forecasts. The CLI (`aaren runs`,
// `--workspace PATH`) and the GUI both use it.
//
// File: Workspace::defaultPath() is $XDG_DATA_HOME/aaren-studio/workspace.sqlite (falling
// back to ~/.local/share/aaren-studio/workspace.sqlite); any explicit path overrides it.
// The parent directory is created as needed.
//
// Durability and concurrency: the database runs in WAL mode with foreign keys on and a busy
// timeout (5 s by default), and every write happens in a transaction (BEGIN IMMEDIATE), so a
// GUI can read while a training run writes from another thread or process, and a writer
// killed at any point leaves the file consistent (its uncommitted transaction is lost).
//
// Threading rule: a Workspace object owns one connection and is used from one thread at a
// time. Open another Workspace on the same path for another thread or process. Never carry
// a Workspace across fork(): open a new one in the child.
//
// Schema: versioned with PRAGMA user_version and marked with PRAGMA application_id.
// Opening applies the pending migrations, in order, in one transaction. A database whose
// version is newer than this build knows, a file that is not SQLite, a corrupt file, and a
// SQLite database that belongs to something else are all refused with a WorkspaceError
// whose message starts with "workspace <path>: ".
//
// Interrupted runs: opening (and markInterruptedRuns()) turns every "running" run whose
// process is gone into "interrupted", with the message
// "process <pid> ended without finishing the run". On this host the process is gone when
// kill(pid, 0) fails with ESRCH, or when the pid now belongs to a process that started after
// the run did; for a run started on another host, when its last heartbeat is older than
// OpenOptions::staleHeartbeatSeconds (message "process <pid> on <host> stopped sending
// heartbeats (last at <time>)"). addEpoch() counts as a heartbeat; a writer with long epochs
// should also call heartbeat() every minute or so. Within one process, RunRecorder (see
// RunRecorder.h) finishes a run that its owner abandons or leaves by an exception.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/store/Records.h"

namespace aaren::store {

// Every failure of the workspace: message "workspace <path>: <what>".
class WorkspaceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OpenOptions {
  std::chrono::milliseconds busyTimeout{5000};
  // A run from another host whose heartbeat is older than this is marked interrupted.
  double staleHeartbeatSeconds = 15 * 60;
  // Mark runs of dead processes as interrupted while opening (see above).
  bool markInterruptedRuns = true;
};

class Workspace {
 public:
  // The schema version this build creates and understands.
  static constexpr int kSchemaVersion = 2;
  // PRAGMA application_id of a workspace file ("AARN").
  static constexpr std::int32_t kApplicationId = 0x4141524E;

  // $XDG_DATA_HOME/aaren-studio/workspace.sqlite, else ~/.local/share/aaren-studio/...
  // (does not create anything).
  static std::filesystem::path defaultPath();

  // Opens (creating if needed) the workspace at `path`, creating the parent directory,
  // migrating the schema and marking interrupted runs. Throws WorkspaceError.
  // A moved-from Workspace may only be destroyed or assigned to.
  explicit Workspace(const std::filesystem::path& path, const OpenOptions& options = {});
  ~Workspace();
  Workspace(Workspace&&) noexcept;
  Workspace& operator=(Workspace&&) noexcept;
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  const std::filesystem::path& path() const noexcept;
  int schemaVersion() const;  // PRAGMA user_version of the open file

  // --- datasets ----------------------------------------------------------------------
  // Upsert by (path, sha256): a re-import updates name, kind, shape and frequency and keeps
  // the id and importedAt. Returns the id.
  std::int64_t addDataset(const DatasetRecord& dataset);
  std::vector<DatasetRecord> datasets() const;  // newest import first
  std::optional<DatasetRecord> dataset(std::int64_t id) const;

  // --- runs --------------------------------------------------------------------------
  // Records a new run in status running, with this process's pid and host name and a
  // heartbeat of now. Uses run.datasetId, modelType, task and config. Returns the id.
  std::int64_t startRun(const RunRecord& run);
  // Updates the run's heartbeat. Returns false when the run is no longer running (e.g. it
  // was marked interrupted); throws when it does not exist.
  bool heartbeat(std::int64_t runId);
  // Inserts or replaces (same run and epoch number, e.g. after a resume) one epoch row.
  void addEpoch(const EpochRecord& epoch);
  // Ends a run: status must not be Running. Sets message, final metrics, finishedAt and
  // seconds. Throws when the run does not exist or already finished (completed, cancelled
  // or failed); a run marked interrupted can still be finished by its own process.
  void finishRun(std::int64_t runId, RunStatus status, const std::string& message = {},
                 const nlohmann::json& metrics = nullptr);
  // Newest first, with datasetName, bestValLoss and epochsDone filled.
  std::vector<RunRecord> runs(const RunQuery& query = {}) const;
  std::optional<RunRecord> run(std::int64_t id) const;
  std::vector<EpochRecord> epochs(std::int64_t runId) const;  // by epoch number
  // Deletes a finished run and its epochs; its models stay, with runId 0. Throws when the
  // run does not exist or is still running.
  void deleteRun(std::int64_t runId);
  // Marks runs whose process is gone (see the header comment). Returns how many.
  int markInterruptedRuns();

  // --- models and forecasts -----------------------------------------------------------
  std::int64_t addModel(const ModelRecord& model);
  std::vector<ModelRecord> models() const;                         // newest first
  std::vector<ModelRecord> modelsForRun(std::int64_t runId) const;  // newest first
  std::optional<ModelRecord> model(std::int64_t id) const;
  std::int64_t addForecast(const ForecastRecord& forecast);
  std::vector<ForecastRecord> forecasts(std::int64_t modelId) const;  // newest first

  // Runs PRAGMA integrity_check; returns "ok" or the first problems found.
  std::string integrityCheck() const;

 private:
  friend class Transaction;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// RAII transaction: BEGIN IMMEDIATE (or a SAVEPOINT when one is already open on this
// Workspace); commit() makes it durable; destruction without commit() rolls it back, so an
// exception thrown between the two leaves no partial write. The Workspace's own write calls
// run inside the caller's transaction when there is one.
class Transaction {
 public:
  explicit Transaction(Workspace& ws);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Workspace::Impl* impl_;
  int depth_ = 0;
  bool done_ = false;
};

// Current time as ISO-8601 UTC with milliseconds ("2026-11-23T19:47:42.123Z").
std::string utcNow();

}  // namespace aaren::store
