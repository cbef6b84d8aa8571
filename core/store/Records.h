#pragma once
// Plain records stored in the workspace database (see Workspace.h). Every struct is both
// what a caller passes in and what a listing returns: on the way in, the fields the store
// fills itself (ids, timestamps, status, derived columns) are ignored.
//
// IDs are SQLite rowids (int64, > 0); 0 means "none". Timestamps are ISO-8601 UTC text with
// milliseconds, e.g. "2026-11-23T19:47:42.123Z", so they sort as text. JSON columns are
// nlohmann::json values; an absent JSON value is `null`.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace aaren::store {

enum class DatasetKind { Forecast, Classify };

// `Running` until finishRun(); `Interrupted` is set by the store when the writing process
// died (or, on another host, stopped sending heartbeats) without finishing the run.
enum class RunStatus { Running, Completed, Cancelled, Failed, Interrupted };

// "forecast"/"classify" and "running"/"completed"/"cancelled"/"failed"/"interrupted":
// the exact text stored in the database.
std::string_view toString(DatasetKind kind) noexcept;
std::string_view toString(RunStatus status) noexcept;
std::optional<DatasetKind> parseDatasetKind(std::string_view text) noexcept;
std::optional<RunStatus> parseRunStatus(std::string_view text) noexcept;

struct DatasetRecord {
  std::int64_t id = 0;               // out
  std::string path;                  // as given (callers should pass an absolute path)
  std::string displayName;
  std::string sha256;                // hex digest of the file's bytes
  DatasetKind kind = DatasetKind::Forecast;
  std::int64_t rows = 0;
  std::int64_t columns = 0;
  double frequencySeconds = 0;       // 0: unknown / irregular
  std::string importedAt;            // out: first import (kept on re-import)
};

struct RunRecord {
  std::int64_t id = 0;               // out
  std::int64_t datasetId = 0;        // 0: no dataset recorded
  std::string modelType;             // "aaren", "transformer", "linear", ...
  std::string task;                  // "forecast" / "classify"
  nlohmann::json config;             // the full training configuration
  RunStatus status = RunStatus::Running;  // out
  std::string message;               // out: finishRun's message, or why it was interrupted
  std::string startedAt;             // out
  std::string finishedAt;            // out: "" while running
  std::int64_t pid = 0;              // out: process that started the run
  std::string host;                  // out: its host name
  std::string heartbeatAt;           // out: last sign of life
  nlohmann::json metrics;            // out: final metrics given to finishRun
  double seconds = 0;                // out: wall time from start to finish (0 while running)
  // Listing-only (derived from other tables):
  std::string datasetName;           // the dataset's display name, "" if none
  std::optional<double> bestValLoss; // lowest val_loss over its epochs
  std::int64_t epochsDone = 0;       // number of epochs recorded
};

struct EpochRecord {
  std::int64_t runId = 0;
  std::int64_t epoch = 0;            // as counted by the trainer; (runId, epoch) is unique
  double trainLoss = 0;
  std::optional<double> valLoss;
  nlohmann::json metrics;
  double seconds = 0;                // time the epoch took
  std::string at;                    // out: when it was recorded
};

struct ModelRecord {
  std::int64_t id = 0;               // out
  std::int64_t runId = 0;            // 0: not produced by a recorded run (e.g. imported)
  std::string path;                  // the model file
  std::string sha256;
  nlohmann::json metrics;
  std::string createdAt;             // out
};

struct ForecastRecord {
  std::int64_t id = 0;               // out
  std::int64_t modelId = 0;
  std::int64_t datasetId = 0;        // 0: none
  std::string createdAt;             // out
  std::int64_t horizon = 0;
  std::string startTime;             // timestamp of the first forecast step (ISO-8601)
  nlohmann::json values;             // inline values (e.g. [[ch0...], [ch1...]]), or null ...
  std::string csvPath;               // ... when the values live in a CSV file
};

// Options for Workspace::runs().
struct RunQuery {
  std::int64_t limit = 0;                 // 0: all
  std::optional<RunStatus> status;        // only runs in this status
  std::int64_t datasetId = 0;             // 0: any dataset
};

// JSON objects for `--json` output and reports: snake_case keys named after the columns
// (ids of 0 and absent values are null; NaN losses are null).
nlohmann::json toJson(const DatasetRecord& d);
nlohmann::json toJson(const RunRecord& r);  // includes dataset_name, best_val_loss, epochs_done
nlohmann::json toJson(const EpochRecord& e);
nlohmann::json toJson(const ModelRecord& m);
nlohmann::json toJson(const ForecastRecord& f);

}  // namespace aaren::store
