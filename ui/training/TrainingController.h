#pragma once
// Runs the TrainingWorker in its own QThread and keeps the latest outcome. One job at a time:
// train() and evaluate() refuse to start while a job runs (isBusy()); cancel() stops a
// training run within one batch, keeping its best weights. GUI thread only (the worker and
// its thread are private).
#include "ui/training/TrainingOutcome.h"
#include "ui/training/TrainingWorker.h"

#include <QObject>
#include <QThread>

namespace aaren::ui {

class TrainingController : public QObject {
  Q_OBJECT
 public:
  // Runs are recorded in the workspace at `workspacePath` ("" = not recorded) and trained
  // models saved in `modelsDir` ("" = not saved).
  explicit TrainingController(const QString& workspacePath = {}, const QString& modelsDir = {}, QObject* parent = nullptr);
  ~TrainingController() override;

  bool train(const DatasetPtr& dataset, const TrainingSetup& setup);
  // Loads `modelPath` (or uses job.model) and evaluates it on job.dataset.
  bool evaluate(const EvaluateJob& job);
  // Saves the current outcome's model; saved()/saveFailed() follow.
  bool saveModel(const QString& path);
  void cancel();

  bool isBusy() const { return busy_; }
  bool isTraining() const { return busy_ && training_; }
  OutcomePtr outcome() const { return outcome_; }
  QString lastError() const { return last_error_; }
  int batchesAfterCancel() const { return worker_->batchesAfterCancel(); }
  QString modelsDir() const { return models_dir_; }

  // Runs the event loop until the current job ends; false on timeout. Tests, --screenshot.
  bool waitForIdle(int timeoutMs = 600000);

 Q_SIGNALS:
  void started(bool training);
  void progress(const aaren::train::TrainingProgress& progress);
  void stageChanged(const QString& stage);
  void finished(aaren::ui::OutcomePtr outcome);
  void failed(const QString& message);
  void busyChanged(bool busy);
  void saved(const QString& path, const QString& sha256);
  void saveFailed(const QString& message);

 private:
  void setBusy(bool busy);

  QThread thread_;
  TrainingWorker* worker_;
  QString workspace_path_, models_dir_;
  bool busy_ = false;
  bool training_ = false;
  OutcomePtr outcome_;
  QString last_error_;
};

}  // namespace aaren::ui
