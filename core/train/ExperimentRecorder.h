#pragma once
// Records an experiment in the workspace (core/store): the dataset (path, SHA-256, shape,
// frequency), a run with its full configuration, one row per finished epoch (train and
// validation loss, validation metrics, time), the final status, message, timings and
// metrics, and the saved model file. The CLI's `aaren train` and the GUI's training worker
// both use it, so a run looks the same in `aaren runs` whoever started it. No Torch.
//
//   store::Workspace ws(path);
//   ExperimentRecorder rec(ws, datasetRecord(file, sha, series), "aaren", Task::Forecast, toJson(config));
//   auto result = runForecastExperiment(series, config, rec.wrap(progress), &cancel);
//   result.model.save(out);  rec.addModel(out, result);
//   rec.finish(result);
//
// If the recorder is destroyed before finish() the run is ended anyway (failed while an
// exception unwinds, else interrupted); see store::RunRecorder.
//
// Recording never costs the trained model: once started, a workspace error (another writer
// holding the lock past the busy timeout, a corrupt or full disk) while recording an epoch,
// the model or the end of the run is caught; recording stops (one last attempt is made to
// finish the run) and problem() says why. The caller saves the model anyway and reports it.
//
// Threading: the same as the Workspace (one thread at a time): construct it, call the
// wrapped progress callback and finish() on the thread that owns the Workspace — the
// training thread, since progress is called there.
#include "core/data/LabeledSeriesSet.h"
#include "core/data/Series.h"
#include "core/store/RunRecorder.h"
#include "core/train/Experiment.h"

#include <chrono>
#include <filesystem>
#include <string>

namespace aaren::train {

// Dataset records for a file (path made absolute; display name = file name).
store::DatasetRecord datasetRecord(const std::filesystem::path& file, const std::string& sha256, const data::Series& series);
store::DatasetRecord datasetRecord(const std::filesystem::path& file, const std::string& sha256, const data::LabeledSeriesSet& set);

// TrainStatus -> RunStatus (completed and early-stopped runs are both "completed").
store::RunStatus runStatus(TrainStatus status);

class ExperimentRecorder {
 public:
  // Adds (or updates) the dataset and starts the run. Throws store::WorkspaceError.
  ExperimentRecorder(store::Workspace& ws, const store::DatasetRecord& dataset, const std::string& model_type, Task task,
                     const nlohmann::json& config);

  std::int64_t runId() const { return run_.id(); }
  std::int64_t datasetId() const { return dataset_id_; }

  // A progress callback that records every finished epoch (and a heartbeat at most every
  // 30 s between epochs), then calls `inner` (if any) and returns what it returns.
  TrainProgressFn wrap(TrainProgressFn inner = {});

  // Records a saved model file of this run with its test metrics; returns the model id.
  std::int64_t addModel(const std::filesystem::path& file, const nlohmann::json& metrics);

  // Ends the run: status from the result, its message, and the result's metrics
  // (test metrics, baselines, best epoch, timings). Only the first finish has an effect.
  void finish(const ForecastExperimentResult& result);
  void finish(const ClassifyExperimentResult& result);
  // Ends the run as failed (e.g. the experiment threw).
  void fail(const std::string& message);

  // Why the run is not (fully) recorded: the first workspace error ("" when none).
  const std::string& problem() const { return problem_; }

 private:
  void note(const std::exception& e);
  void finishRun(store::RunStatus status, std::string message, const nlohmann::json& metrics);

  store::Workspace& ws_;
  std::int64_t dataset_id_ = 0;
  store::RunRecorder run_;
  std::chrono::steady_clock::time_point last_heartbeat_;
  double last_epoch_elapsed_ = 0;
  std::string problem_;
};

}  // namespace aaren::train
