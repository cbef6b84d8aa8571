#pragma once
// Trains, evaluates, loads and saves models off the GUI thread. The worker lives in the
// TrainingController's QThread; its run*/save methods are invoked there (queued) and each
// ends with exactly one of finished(outcome) or failed(message) (saved/saveFailed for
// save). Every body catches all exceptions and reports them as failed(...).
//
// Training goes through core's Experiment facade (prepare → train → evaluate → baselines →
// model record) and is recorded in the workspace through ExperimentRecorder, on a Workspace
// connection this thread opens. The trained model is saved next to the workspace
// (models/run-<id>-<model>.aaren) so the Workspace tab can reopen it. A trained model is
// never lost: when the workspace cannot record the run (busy, corrupt) or the model file
// cannot be written, training still finishes with the model in the outcome, and the
// outcome's message says what was not recorded or saved.
//
// cancel() may be called from any thread: training stops within one batch and keeps the
// best weights so far (which are then evaluated and saved like a finished run's).
// Progress reaches the GUI at most every 50 ms, plus once at the end of every epoch.
#include "ui/training/TrainingOutcome.h"

#include <QObject>

#include <atomic>

namespace aaren::ui {

struct TrainJob {
  DatasetPtr dataset;
  TrainingSetup setup;
  QString workspacePath;  // "" = do not record
  QString modelsDir;      // where the trained model is saved ("" = not saved)
};

struct EvaluateJob {
  QString modelPath;                 // load this file …
  aaren::train::TrainedModel model;  // … or evaluate this model
  DatasetPtr dataset;                // nullptr: only load (no evaluation)
  std::int64_t runId = 0;            // workspace ids to carry along
  std::int64_t modelId = 0;
};

class TrainingWorker : public QObject {
  Q_OBJECT
 public:
  using QObject::QObject;

  // Worker thread.
  void runTraining(const TrainJob& job);
  void runEvaluation(const EvaluateJob& job);
  void save(const aaren::train::TrainedModel& model, const QString& path);

  // Any thread. The controller re-arms the worker before queuing a job, so a cancel() that
  // comes before the job starts still cancels it.
  void cancel() { cancel_.store(true); }
  void rearm() {
    cancel_.store(false);
    batches_after_cancel_.store(0);
  }
  // Progress calls seen with the cancel flag already set, in the last training run (the
  // trainer honours it within one batch, so this stays at most 1).
  int batchesAfterCancel() const { return batches_after_cancel_.load(); }

 Q_SIGNALS:
  void progress(const aaren::train::TrainingProgress& progress);
  void stageChanged(const QString& stage);
  void finished(aaren::ui::OutcomePtr outcome);
  void failed(const QString& message);
  void saved(const QString& path, const QString& sha256);
  void saveFailed(const QString& message);

 private:
  std::atomic<bool> cancel_{false};
  std::atomic<int> batches_after_cancel_{0};
};

}  // namespace aaren::ui

Q_DECLARE_METATYPE(aaren::ui::TrainJob)
Q_DECLARE_METATYPE(aaren::ui::EvaluateJob)
