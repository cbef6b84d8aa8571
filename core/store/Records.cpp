#include "core/store/Records.h"

#include <cmath>

namespace aaren::store {

std::string_view toString(DatasetKind kind) noexcept {
  return kind == DatasetKind::Classify ? "classify" : "forecast";
}

std::string_view toString(RunStatus status) noexcept {
  switch (status) {
    case RunStatus::Running: return "running";
    case RunStatus::Completed: return "completed";
    case RunStatus::Cancelled: return "cancelled";
    case RunStatus::Failed: return "failed";
    case RunStatus::Interrupted: return "interrupted";
  }
  return "failed";
}

std::optional<DatasetKind> parseDatasetKind(std::string_view text) noexcept {
  if (text == "forecast") return DatasetKind::Forecast;
  if (text == "classify") return DatasetKind::Classify;
  return std::nullopt;
}

std::optional<RunStatus> parseRunStatus(std::string_view text) noexcept {
  for (auto s : {RunStatus::Running, RunStatus::Completed, RunStatus::Cancelled, RunStatus::Failed,
                 RunStatus::Interrupted})
    if (toString(s) == text) return s;
  return std::nullopt;
}

namespace {

nlohmann::json idOrNull(std::int64_t id) { return id == 0 ? nlohmann::json(nullptr) : nlohmann::json(id); }
nlohmann::json numberOrNull(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }
nlohmann::json numberOrNull(const std::optional<double>& v) { return v ? numberOrNull(*v) : nlohmann::json(nullptr); }
nlohmann::json textOrNull(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

}  // namespace

nlohmann::json toJson(const DatasetRecord& d) {
  return {{"id", d.id},
          {"path", d.path},
          {"display_name", d.displayName},
          {"sha256", d.sha256},
          {"kind", toString(d.kind)},
          {"rows", d.rows},
          {"columns", d.columns},
          {"frequency_seconds", numberOrNull(d.frequencySeconds > 0 ? d.frequencySeconds : NAN)},
          {"imported_at", d.importedAt}};
}

nlohmann::json toJson(const RunRecord& r) {
  return {{"id", r.id},
          {"dataset_id", idOrNull(r.datasetId)},
          {"dataset_name", textOrNull(r.datasetName)},
          {"model_type", r.modelType},
          {"task", r.task},
          {"config", r.config},
          {"status", toString(r.status)},
          {"message", r.message},
          {"started_at", r.startedAt},
          {"finished_at", textOrNull(r.finishedAt)},
          {"pid", r.pid},
          {"host", r.host},
          {"heartbeat_at", r.heartbeatAt},
          {"metrics", r.metrics},
          {"seconds", r.seconds},
          {"best_val_loss", numberOrNull(r.bestValLoss)},
          {"epochs_done", r.epochsDone}};
}

nlohmann::json toJson(const EpochRecord& e) {
  return {{"run_id", e.runId},
          {"epoch", e.epoch},
          {"train_loss", numberOrNull(e.trainLoss)},
          {"val_loss", numberOrNull(e.valLoss)},
          {"metrics", e.metrics},
          {"seconds", e.seconds},
          {"at", e.at}};
}

nlohmann::json toJson(const ModelRecord& m) {
  return {{"id", m.id},
          {"run_id", idOrNull(m.runId)},
          {"path", m.path},
          {"sha256", m.sha256},
          {"metrics", m.metrics},
          {"created_at", m.createdAt}};
}

nlohmann::json toJson(const ForecastRecord& f) {
  return {{"id", f.id},
          {"model_id", f.modelId},
          {"dataset_id", idOrNull(f.datasetId)},
          {"created_at", f.createdAt},
          {"horizon", f.horizon},
          {"start_time", textOrNull(f.startTime)},
          {"values", f.values},
          {"csv_path", textOrNull(f.csvPath)}};
}

}  // namespace aaren::store
