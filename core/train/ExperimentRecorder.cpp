#include "core/train/ExperimentRecorder.h"

#include "core/train/ExperimentJson.h"

#include <cmath>

namespace aaren::train {

namespace {

std::string absolutePath(const std::filesystem::path& file) {
  std::error_code ec;
  auto abs = std::filesystem::absolute(file, ec);
  return (ec ? file : abs.lexically_normal()).string();
}

}  // namespace

store::DatasetRecord datasetRecord(const std::filesystem::path& file, const std::string& sha256, const data::Series& series) {
  store::DatasetRecord d;
  d.path = absolutePath(file);
  d.displayName = file.filename().string();
  d.sha256 = sha256;
  d.kind = store::DatasetKind::Forecast;
  d.rows = static_cast<std::int64_t>(series.rows);
  d.columns = static_cast<std::int64_t>(series.cols());
  d.frequencySeconds = series.hasTime() ? static_cast<double>(series.time.frequency.seconds) : 0.0;
  return d;
}

store::DatasetRecord datasetRecord(const std::filesystem::path& file, const std::string& sha256, const data::LabeledSeriesSet& set) {
  store::DatasetRecord d;
  d.path = absolutePath(file);
  d.displayName = file.filename().string();
  d.sha256 = sha256;
  d.kind = store::DatasetKind::Classify;
  d.rows = static_cast<std::int64_t>(set.size());
  d.columns = static_cast<std::int64_t>(set.channels);
  return d;
}

store::RunStatus runStatus(TrainStatus status) {
  switch (status) {
    case TrainStatus::Completed:
    case TrainStatus::EarlyStopped: return store::RunStatus::Completed;
    case TrainStatus::Cancelled: return store::RunStatus::Cancelled;
    case TrainStatus::Failed: return store::RunStatus::Failed;
  }
  return store::RunStatus::Failed;
}

namespace {

store::RunRecord runRecord(std::int64_t dataset_id, const std::string& model_type, Task task, const nlohmann::json& config) {
  store::RunRecord r;
  r.datasetId = dataset_id;
  r.modelType = model_type;
  r.task = toString(task);
  r.config = config;
  return r;
}

}  // namespace

ExperimentRecorder::ExperimentRecorder(store::Workspace& ws, const store::DatasetRecord& dataset, const std::string& model_type,
                                       Task task, const nlohmann::json& config)
    : ws_(ws),
      dataset_id_(ws.addDataset(dataset)),
      run_(ws, runRecord(dataset_id_, model_type, task, config)),
      last_heartbeat_(std::chrono::steady_clock::now()) {}

TrainProgressFn ExperimentRecorder::wrap(TrainProgressFn inner) {
  return [this, inner = std::move(inner)](const TrainingProgress& p) {
    if (p.epoch_end) {
      store::EpochRecord e;
      e.epoch = p.epoch;
      e.trainLoss = p.train_loss;
      e.valLoss = p.val_loss;
      e.metrics = nlohmann::json::object();
      for (const auto& [k, v] : p.val_metrics) e.metrics[k] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
      e.metrics["elapsed_seconds"] = p.elapsed_seconds;
      e.metrics["samples_per_second"] = p.samples_per_second;
      e.seconds = p.elapsed_seconds - last_epoch_elapsed_;
      last_epoch_elapsed_ = p.elapsed_seconds;
      if (problem_.empty()) {
        try {
          run_.addEpoch(e);
        } catch (const store::WorkspaceError& error) {
          note(error);
        }
      }
      last_heartbeat_ = std::chrono::steady_clock::now();
    } else if (problem_.empty() && std::chrono::steady_clock::now() - last_heartbeat_ > std::chrono::seconds(30)) {
      try {
        run_.heartbeat();
      } catch (const store::WorkspaceError& error) {
        note(error);
      }
      last_heartbeat_ = std::chrono::steady_clock::now();
    }
    return inner ? inner(p) : true;
  };
}

void ExperimentRecorder::note(const std::exception& e) {
  if (problem_.empty()) problem_ = e.what();
}

std::int64_t ExperimentRecorder::addModel(const std::filesystem::path& file, const nlohmann::json& metrics) {
  if (!problem_.empty()) return 0;
  try {
    store::ModelRecord m;
    m.runId = run_.id();
    m.path = absolutePath(file);
    m.sha256 = sha256File(file);
    m.metrics = metrics;
    return ws_.addModel(m);
  } catch (const std::exception& e) {
    note(e);
    return 0;
  }
}

void ExperimentRecorder::finishRun(store::RunStatus status, std::string message, const nlohmann::json& metrics) {
  if (run_.finished()) return;
  if (!problem_.empty()) message += (message.empty() ? "" : " ") + std::string("(not fully recorded: ") + problem_ + ")";
  try {
    run_.finish(status, message, metrics);
  } catch (const store::WorkspaceError& e) {
    note(e);
    run_.abandon();
  }
}

void ExperimentRecorder::finish(const ForecastExperimentResult& r) {
  nlohmann::json metrics = nlohmann::json::object();
  if (r.model.valid()) metrics["test"] = toJson(r.test);
  nlohmann::json baselines = nlohmann::json::object();
  for (const auto& b : r.baselines) baselines[b.name] = toJson(b.metrics);
  metrics["baselines"] = baselines;
  metrics["best_epoch"] = r.best_epoch;
  metrics["train_seconds"] = r.train_seconds;
  metrics["test_windows"] = r.test_windows;
  if (r.model.valid()) metrics["parameters"] = r.model.parameterCount();
  finishRun(runStatus(r.status), r.message, metrics);
}

void ExperimentRecorder::finish(const ClassifyExperimentResult& r) {
  nlohmann::json metrics = nlohmann::json::object();
  if (r.model.valid() && r.test_cases > 0) {
    metrics["test"] = toJson(r.test);
    metrics["test"]["loss"] = r.test_loss;
  }
  metrics["classes"] = r.classes;
  metrics["best_epoch"] = r.best_epoch;
  metrics["train_seconds"] = r.train_seconds;
  if (r.model.valid()) metrics["parameters"] = r.model.parameterCount();
  finishRun(runStatus(r.status), r.message, metrics);
}

void ExperimentRecorder::fail(const std::string& message) { finishRun(store::RunStatus::Failed, message, nullptr); }

}  // namespace aaren::train
