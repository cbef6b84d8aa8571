#include "ui/training/ModelWorkflow.h"

#include "core/models/ModelFileInfo.h"
#include "core/train/ExperimentJson.h"
#include "ui/data/DataController.h"
#include "ui/evaluate/EvaluationPanel.h"
#include "ui/training/ModelPanel.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/workspace/WorkspaceController.h"

#include <QFileInfo>

#include <nlohmann/json.hpp>

namespace aaren::ui {

namespace tr = aaren::train;

ModelWorkflow::ModelWorkflow(DataController* data, TrainingController* training, WorkspaceController* workspace, TrainingPanel* trainPanel,
                             EvaluationPanel* evalPanel, QObject* parent)
    : QObject(parent), data_(data), training_(training), workspace_(workspace), train_panel_(trainPanel), eval_panel_(evalPanel) {
  connect(data_, &DataController::datasetChanged, this, &ModelWorkflow::onDatasetChanged);
  connect(data_, &DataController::importFailed, this, [this](const QString& path, const QString&) {
    if (path == pending_dataset_) {
      pending_model_.clear();
      pending_dataset_.clear();
    }
  });
  connect(train_panel_->modelPanel(), &ModelPanel::changed, this, &ModelWorkflow::updateSplit);
  connect(train_panel_, &TrainingPanel::trainRequested, this, &ModelWorkflow::train);
  connect(train_panel_, &TrainingPanel::cancelRequested, this, &ModelWorkflow::cancel);
  connect(training_, &TrainingController::started, train_panel_, &TrainingPanel::onStarted);
  connect(training_, &TrainingController::progress, train_panel_, &TrainingPanel::onProgress);
  connect(training_, &TrainingController::stageChanged, train_panel_, &TrainingPanel::onStage);
  connect(training_, &TrainingController::finished, train_panel_, &TrainingPanel::onFinished);
  connect(training_, &TrainingController::failed, train_panel_, &TrainingPanel::onFailed);
  connect(training_, &TrainingController::busyChanged, train_panel_, &TrainingPanel::setBusy);
  connect(training_, &TrainingController::finished, this, &ModelWorkflow::onFinished);
  connect(training_, &TrainingController::failed, this, [this](const QString& message) {
    Q_EMIT error(message);
    workspace_->refresh();
  });
  connect(training_, &TrainingController::stageChanged, this, &ModelWorkflow::status);
  connect(training_, &TrainingController::saved, this, [this](const QString& path, const QString& sha) {
    const OutcomePtr o = training_->outcome();
    nlohmann::json metrics = nullptr;
    if (o && o->forecast && !o->forecast->rows.empty() && o->forecast->rows.front().isModel)
      metrics = {{"test", o->forecast->rows.front().metrics}};
    else if (o && o->classify)
      metrics = {{"test", tr::toJson(o->classify->metrics)}};
    workspace_->recordModel(o ? o->runId : 0, path, sha, metrics);
    Q_EMIT status(tr("Model saved to %1").arg(path));
  });
  connect(training_, &TrainingController::saveFailed, this, &ModelWorkflow::error);
}

bool ModelWorkflow::hasModel() const {
  const OutcomePtr o = training_->outcome();
  return o && o->model.valid();
}

bool ModelWorkflow::train() {
  const DatasetPtr d = data_->current();
  if (!d) {
    Q_EMIT error(tr("Open a dataset first (File → Open)."));
    return false;
  }
  if (training_->isBusy()) {
    Q_EMIT error(tr("A run is still going: cancel it or wait for it to end."));
    return false;
  }
  const QString problem = train_panel_->modelPanel()->problem();
  if (!problem.isEmpty()) {
    Q_EMIT error(problem);
    return false;
  }
  const TrainingSetup setup = train_panel_->modelPanel()->setup();
  train_panel_->appendLog(QString());
  train_panel_->appendLog(tr("— %1 on %2 —").arg(QString::fromStdString(toString(setup.choice)), d->fileName()));
  Q_EMIT trainTabWanted();
  Q_EMIT status(tr("Training on %1…").arg(d->fileName()));
  return training_->train(d, setup);
}

void ModelWorkflow::cancel() { training_->cancel(); }

void ModelWorkflow::onDatasetChanged(const DatasetPtr& dataset) {
  train_panel_->modelPanel()->setDataset(dataset);
  updateSplit();
  if (!pending_model_.isEmpty() && dataset &&
      QFileInfo(dataset->request.path).absoluteFilePath() == QFileInfo(pending_dataset_).absoluteFilePath())
    evaluatePending();
}

void ModelWorkflow::updateSplit() {
  const DatasetPtr d = data_->current();
  Q_EMIT splitChanged(d ? splitFor(train_panel_->modelPanel()->setup(), *d) : std::nullopt);
}

void ModelWorkflow::openModel(const QString& path) {
  aaren::ModelFileInfo info;
  try {
    info = aaren::readModelFileInfo(path.toStdString());
  } catch (const std::exception& e) {
    Q_EMIT error(QString::fromUtf8(e.what()));
    return;
  }
  pending_model_ = path;
  const DatasetPtr d = data_->current();
  bool fits = false;
  if (d) {
    const bool classify = info.options.task == aaren::Task::Classify;
    if (classify && d->kind == Dataset::Kind::Classify) {
      fits = d->train.channels == static_cast<std::size_t>(info.options.channels);
    } else if (!classify && d->kind == Dataset::Kind::Forecast) {
      try {
        aaren::checkSchema(info, d->series.names, d->series.time.frequency.seconds, path.toStdString());
        fits = true;
      } catch (const std::exception&) {
        fits = false;
      }
    }
  }
  if (fits) {
    pending_dataset_ = d->request.path;
    evaluatePending();
    return;
  }
  const QString recorded = QString::fromStdString(info.record.dataset_path);
  if (!recorded.isEmpty() && QFileInfo::exists(recorded)) {
    pending_dataset_ = recorded;
    Q_EMIT status(tr("Opening %1, the data %2 was trained on…").arg(QFileInfo(recorded).fileName(), QFileInfo(path).fileName()));
    data_->open(defaultRequest(recorded));
    return;
  }
  // Nothing to evaluate on: load it so it can be saved or streamed, and say why.
  pending_dataset_.clear();
  EvaluateJob job;
  job.modelPath = path;
  job.runId = pending_run_;
  job.modelId = pending_model_id_;
  pending_model_.clear();
  pending_run_ = pending_model_id_ = 0;
  if (training_->evaluate(job))
    Q_EMIT error(tr("%1 was loaded but not evaluated: it expects the columns %2, and its training data (%3) is not available.")
                     .arg(QFileInfo(path).fileName(),
                          QString::fromStdString([&] {
                            std::string s;
                            for (const auto& c : info.schema.columns) s += (s.empty() ? "" : ", ") + c;
                            return s;
                          }()),
                          recorded.isEmpty() ? tr("not recorded") : recorded));
}

void ModelWorkflow::evaluatePending() {
  EvaluateJob job;
  job.modelPath = pending_model_;
  job.dataset = data_->current();
  job.runId = pending_run_;
  job.modelId = pending_model_id_;
  pending_model_.clear();
  pending_dataset_.clear();
  pending_run_ = pending_model_id_ = 0;
  if (!training_->evaluate(job)) Q_EMIT error(tr("A run is still going: open the model again when it ends."));
  else Q_EMIT status(tr("Evaluating %1…").arg(QFileInfo(job.modelPath).fileName()));
}

void ModelWorkflow::openRun(const aaren::store::RunRecord& run) {
  const auto ds = workspace_->dataset(run.datasetId);
  // Settings and curves first; they do not depend on the data.
  TrainingSetup setup = setupFromJson(run.config);
  std::vector<tr::EpochRecord> history;
  std::int64_t best = 0;
  double bestLoss = 0;
  for (const auto& e : workspace_->epochs(run.id)) {
    tr::EpochRecord r;
    r.epoch = e.epoch;
    r.train_loss = e.trainLoss;
    r.val_loss = e.valLoss.value_or(std::nan(""));
    r.seconds = e.seconds;
    if (e.valLoss && (best == 0 || *e.valLoss < bestLoss)) best = e.epoch, bestLoss = *e.valLoss;
    history.push_back(r);
  }
  train_panel_->showHistory(tr("Run %1: %2 on %3 (%4)")
                                .arg(run.id)
                                .arg(QString::fromStdString(run.modelType), QString::fromStdString(run.datasetName),
                                     QString::fromUtf8(aaren::store::toString(run.status).data())),
                            history, best);
  const auto models = workspace_->modelsForRun(run.id);
  if (!ds || !QFileInfo::exists(QString::fromStdString(ds->path))) {
    train_panel_->modelPanel()->setSetup(setup);
    Q_EMIT error(tr("Run %1: its dataset %2 is no longer available.").arg(run.id).arg(ds ? QString::fromStdString(ds->path) : tr("(none recorded)")));
    return;
  }
  const QString dataPath = QString::fromStdString(ds->path);
  if (!models.empty() && QFileInfo::exists(QString::fromStdString(models.front().path))) {
    pending_model_ = QString::fromStdString(models.front().path);
    pending_run_ = run.id;
    pending_model_id_ = models.front().id;
  }
  pending_dataset_ = dataPath;
  const DatasetPtr current = data_->current();
  if (current && QFileInfo(current->request.path).absoluteFilePath() == QFileInfo(dataPath).absoluteFilePath() &&
      current->sha256.toStdString() == ds->sha256) {
    train_panel_->modelPanel()->setSetup(adaptedTo(setup, *current));
    if (!pending_model_.isEmpty()) evaluatePending();
  } else {
    // The settings apply once the dataset is in (setDataset keeps them).
    train_panel_->modelPanel()->setSetup(setup);
    data_->open(defaultRequest(dataPath));
  }
  Q_EMIT trainTabWanted();
}

void ModelWorkflow::openModelRecord(const aaren::store::ModelRecord& model) {
  const QString path = QString::fromStdString(model.path);
  if (!QFileInfo::exists(path)) {
    Q_EMIT error(tr("Model %1: the file %2 no longer exists.").arg(model.id).arg(path));
    return;
  }
  pending_run_ = model.runId;
  pending_model_id_ = model.id;
  openModel(path);
}

bool ModelWorkflow::saveModel(const QString& path) {
  if (!hasModel()) {
    Q_EMIT error(tr("There is no model to save: train one or open a model file."));
    return false;
  }
  return training_->saveModel(path);
}

void ModelWorkflow::onFinished(const OutcomePtr& o) {
  workspace_->refresh();
  Q_EMIT modelAvailable(o->model.valid());
  if (o->forecast || o->classify) {
    eval_panel_->setOutcome(o);
    Q_EMIT evaluateTabWanted();
  }
  if (o->status == tr::TrainStatus::Failed) {
    Q_EMIT error(tr("Training failed: %1").arg(o->message));
    return;
  }
  if (o->origin == TrainingOutcome::Origin::Loaded) {
    Q_EMIT status(tr("%1 — %2").arg(o->modelName, o->message));
    // Show the model's settings on the Train tab.
    TrainingSetup s = train_panel_->modelPanel()->setup();
    const auto& info = o->model.info();
    if (info.options.task == aaren::Task::Classify) s.classify.model = info.options;
    else {
      s.forecast.model = info.options;
      // The skip level and whether the cycle stayed are the least-squares choice's, made
      // again on the next run: start it from the defaults, not from the last outcome.
      const auto defaults = aaren::train::defaultForecastConfig().model;
      s.forecast.model.skip_level = defaults.skip_level;
      if (info.options.linear_skip && s.forecast.choose_linear_part) s.forecast.model.daily_cycle = defaults.daily_cycle;
      s.forecast.prep.lookback = info.schema.lookback;
      s.forecast.prep.horizon = info.schema.horizon;
    }
    s.choice = info.options.type == aaren::ModelType::Transformer ? ModelChoice::Transformer : ModelChoice::Aaren;
    train_panel_->modelPanel()->setSetup(s);
    return;
  }
  QString text = tr("%1: %2").arg(o->modelName, o->message);
  if (o->forecast && !o->forecast->rows.empty() && o->forecast->rows.front().isModel) {
    const auto& m = o->forecast->rows.front().metrics;
    if (auto it = m.find("mse"); it != m.end()) text += tr(" — test MSE %1").arg(it->second, 0, 'f', 4);
  } else if (o->classify) {
    text += tr(" — test accuracy %1 %").arg(o->classify->metrics.accuracy * 100, 0, 'f', 1);
  }
  Q_EMIT status(text);
}

}  // namespace aaren::ui
