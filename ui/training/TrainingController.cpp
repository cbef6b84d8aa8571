#include "ui/training/TrainingController.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace aaren::ui {

TrainingController::TrainingController(const QString& workspacePath, const QString& modelsDir, QObject* parent)
    : QObject(parent), worker_(new TrainingWorker), workspace_path_(workspacePath), models_dir_(modelsDir) {
  static const int registered = [] {
    qRegisterMetaType<aaren::ui::OutcomePtr>("aaren::ui::OutcomePtr");
    qRegisterMetaType<aaren::train::TrainingProgress>("aaren::train::TrainingProgress");
    return 0;
  }();
  (void)registered;
  thread_.setObjectName(QStringLiteral("training"));
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &TrainingWorker::progress, this, &TrainingController::progress);
  connect(worker_, &TrainingWorker::stageChanged, this, &TrainingController::stageChanged);
  connect(worker_, &TrainingWorker::finished, this, [this](OutcomePtr outcome) {
    outcome_ = std::move(outcome);
    last_error_.clear();
    setBusy(false);
    Q_EMIT finished(outcome_);
  });
  connect(worker_, &TrainingWorker::failed, this, [this](const QString& message) {
    last_error_ = message;
    setBusy(false);
    Q_EMIT failed(message);
  });
  connect(worker_, &TrainingWorker::saved, this, [this](const QString& path, const QString& sha) {
    setBusy(false);
    Q_EMIT saved(path, sha);
  });
  connect(worker_, &TrainingWorker::saveFailed, this, [this](const QString& message) {
    last_error_ = message;
    setBusy(false);
    Q_EMIT saveFailed(message);
  });
  thread_.start();
}

TrainingController::~TrainingController() {
  worker_->cancel();
  thread_.quit();
  thread_.wait();
}

bool TrainingController::train(const DatasetPtr& dataset, const TrainingSetup& setup) {
  if (busy_ || !dataset) return false;
  TrainJob job{dataset, setup, workspace_path_, models_dir_};
  worker_->rearm();
  training_ = true;
  setBusy(true);
  Q_EMIT started(true);
  TrainingWorker* w = worker_;
  QMetaObject::invokeMethod(worker_, [w, job] { w->runTraining(job); }, Qt::QueuedConnection);
  return true;
}

bool TrainingController::evaluate(const EvaluateJob& job) {
  if (busy_) return false;
  training_ = false;
  setBusy(true);
  Q_EMIT started(false);
  TrainingWorker* w = worker_;
  QMetaObject::invokeMethod(worker_, [w, job] { w->runEvaluation(job); }, Qt::QueuedConnection);
  return true;
}

bool TrainingController::saveModel(const QString& path) {
  if (busy_ || !outcome_ || !outcome_->model.valid()) return false;
  training_ = false;
  setBusy(true);
  TrainingWorker* w = worker_;
  const aaren::train::TrainedModel model = outcome_->model;
  QMetaObject::invokeMethod(worker_, [w, model, path] { w->save(model, path); }, Qt::QueuedConnection);
  return true;
}

void TrainingController::cancel() {
  if (busy_) worker_->cancel();
}

void TrainingController::setBusy(bool busy) {
  if (busy_ == busy) return;
  busy_ = busy;
  Q_EMIT busyChanged(busy);
}

bool TrainingController::waitForIdle(int timeoutMs) {
  QElapsedTimer clock;
  clock.start();
  while (busy_ && clock.elapsed() < timeoutMs) QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
  return !busy_;
}

}  // namespace aaren::ui
