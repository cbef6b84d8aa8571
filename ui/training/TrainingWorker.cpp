#include "ui/training/TrainingWorker.h"

#include "ui/Plural.h"
#include "core/models/ModelFileInfo.h"
#include "core/store/Workspace.h"
#include "core/train/ExperimentJson.h"
#include "core/train/ExperimentRecorder.h"
#include "ui/training/BaselineRun.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <exception>
#include <stdexcept>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#include <memory>
#include <optional>

namespace aaren::ui {

namespace tr = aaren::train;
namespace st = aaren::store;

namespace {

QString stageText(tr::ExperimentStage s) {
  switch (s) {
    case tr::ExperimentStage::Preparing: return QObject::tr("Preparing the data…");
    case tr::ExperimentStage::Training: return QObject::tr("Training…");
    case tr::ExperimentStage::Evaluating: return QObject::tr("Evaluating on the test part…");
    case tr::ExperimentStage::Baselines: return QObject::tr("Scoring the baselines…");
    case tr::ExperimentStage::Done: return QObject::tr("Done");
  }
  return {};
}

QString modelName(ModelChoice c) {
  switch (c) {
    case ModelChoice::Aaren: return QStringLiteral("Aaren");
    case ModelChoice::Transformer: return QStringLiteral("Transformer");
    case ModelChoice::BaselinesOnly: return QStringLiteral("Baselines");
  }
  return {};
}

QString modelFileName(const QString& dir, std::int64_t runId, const Dataset& d, ModelChoice c) {
  const QString stem = QFileInfo(d.request.path).completeBaseName().replace(QLatin1Char(' '), QLatin1Char('_'));
  const QString id = runId > 0 ? QStringLiteral("run-%1").arg(runId)
                               : QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
  return QDir(dir).filePath(id + QLatin1Char('-') + stem + QLatin1Char('-') + QString::fromStdString(toString(c)) + QStringLiteral(".aaren"));
}

std::shared_ptr<ForecastEvaluation> forecastEvaluation(const tr::ForecastExperimentResult& r, const QString& name) {
  auto e = std::make_shared<ForecastEvaluation>();
  e->split = r.split;
  e->range = r.split.test;
  e->testWindows = r.test_windows;
  if (r.model.valid()) e->rows.push_back({name.toStdString(), true, r.test.asMapWithChannels(), r.test_mse_by_step});
  for (const auto& b : r.baselines) e->rows.push_back({b.name, false, b.metrics.asMapWithChannels(), b.mse_by_step});
  return e;
}

std::shared_ptr<ClassifyEvaluation> classifyEvaluation(const tr::ClassifyExperimentResult& r) {
  auto e = std::make_shared<ClassifyEvaluation>();
  e->classes = r.classes;
  e->metrics = r.test;
  e->loss = r.test_loss;
  e->predicted = r.predicted;
  e->actual = r.actual;
  e->probabilities = r.probabilities;
  return e;
}

// Training yields the CPU to the GUI thread: this thread (and the LibTorch pool threads it
// starts, which inherit it) runs at nice +10, so on a busy machine the window stays responsive.
void lowerPriorityOnce() {
#ifdef __linux__
  thread_local bool done = false;
  if (done) return;
  done = true;
  const auto tid = static_cast<id_t>(syscall(SYS_gettid));
  const int current = getpriority(PRIO_PROCESS, tid);
  if (current < 10) setpriority(PRIO_PROCESS, tid, 10);
#endif
}

}  // namespace

void TrainingWorker::runTraining(const TrainJob& job) {
  lowerPriorityOnce();
  try {
    QElapsedTimer clock;
    clock.start();
    const Dataset& d = *job.dataset;
    auto outcome = std::make_shared<TrainingOutcome>();
    outcome->origin = TrainingOutcome::Origin::Trained;
    outcome->setup = job.setup;
    outcome->dataset = job.dataset;
    outcome->modelName = modelName(job.setup.choice);
    const bool classify = d.kind == Dataset::Kind::Classify;
    const std::string path = d.request.path.toStdString();

    // The workspace records the run; without one the run still trains.
    std::unique_ptr<st::Workspace> ws;
    std::optional<tr::ExperimentRecorder> recorder;
    QString workspaceNote;
    if (!job.workspacePath.isEmpty()) {
      try {
        ws = std::make_unique<st::Workspace>(job.workspacePath.toStdString());
        const st::DatasetRecord rec = classify ? tr::datasetRecord(path, d.sha256.toStdString(), d.train)
                                               : tr::datasetRecord(path, d.sha256.toStdString(), d.series);
        recorder.emplace(*ws, rec, toString(job.setup.choice), classify ? aaren::Task::Classify : aaren::Task::Forecast,
                         toJson(job.setup, classify));
        outcome->runId = recorder->runId();
      } catch (const std::exception& e) {
        workspaceNote = tr(" (not recorded in the workspace: %1)").arg(QString::fromUtf8(e.what()));
        recorder.reset();
      }
    }

    // Progress to the GUI: every 50 ms at most, and every epoch end.
    QElapsedTimer since;
    since.start();
    auto onProgress = [this, &since](const tr::TrainingProgress& p) {
      const bool cancelled = cancel_.load();
      if (cancelled && !p.epoch_end) batches_after_cancel_.fetch_add(1);
      if (p.epoch_end || since.elapsed() >= 50) {
        Q_EMIT progress(p);
        since.restart();
      }
      return !cancelled;
    };
    const tr::TrainProgressFn progressFn = recorder ? recorder->wrap(onProgress) : tr::TrainProgressFn(onProgress);
    auto onStage = [this](tr::ExperimentStage s) { Q_EMIT stageChanged(stageText(s)); };
    // The trained model is never lost: a model that cannot be saved stays in the outcome (the
    // Save button saves it), and a workspace that cannot record the run only adds a note.
    QString saveNote;
    const auto saveModel = [this](const tr::TrainedModel& model, const TrainJob& job, const Dataset& d, TrainingOutcome& outcome,
                                  QString& note) {
      Q_EMIT stageChanged(tr("Saving the model…"));
      const QString file = modelFileName(job.modelsDir, outcome.runId, d, job.setup.choice);
      try {
        if (!QDir().mkpath(job.modelsDir)) throw std::runtime_error("cannot create the directory " + job.modelsDir.toStdString());
        model.save(file.toStdString());
        outcome.modelPath = file;
        return true;
      } catch (const std::exception& e) {
        note = tr(" (the model is not saved: %1; it is kept here and can be saved)").arg(QString::fromUtf8(e.what()));
        return false;
      }
    };

    try {
      if (job.setup.choice == ModelChoice::BaselinesOnly) {
        if (classify) throw std::invalid_argument("the baselines forecast; choose Aaren or the Transformer to classify");
        Q_EMIT stageChanged(tr("Scoring the baselines…"));
        tr::ForecastExperimentConfig cfg = job.setup.forecast;
        cfg.source_path = path;
        outcome->forecast = runBaselinesOnly(d.series, cfg);
        outcome->message = tr("scored ") + plural(static_cast<long long>(outcome->forecast->rows.size()), tr("baseline"), tr("baselines"));
        if (recorder) {
          tr::ForecastExperimentResult r;
          r.message = outcome->message.toStdString();
          r.split = outcome->forecast->split;
          r.test_windows = outcome->forecast->testWindows;
          for (const auto& row : outcome->forecast->rows) {
            tr::BaselineResult b;
            b.name = row.name;
            auto get = [&](const char* k) { auto it = row.metrics.find(k); return it == row.metrics.end() ? 0.0 : it->second; };
            b.metrics.mse = get("mse");
            b.metrics.mae = get("mae");
            b.metrics.rmse = get("rmse");
            b.metrics.mape = get("mape");
            b.metrics.smape = get("smape");
            b.metrics.mase = get("mase");
            b.mse_by_step = row.mseByStep;
            r.baselines.push_back(std::move(b));
          }
          recorder->finish(r);
        }
      } else if (!classify) {
        tr::ForecastExperimentConfig cfg = job.setup.forecast;
        cfg.source_path = path;
        cfg.model.type = job.setup.choice == ModelChoice::Transformer ? aaren::ModelType::Transformer : aaren::ModelType::Aaren;
        tr::ForecastExperimentResult r = tr::runForecastExperiment(d.series, cfg, progressFn, &cancel_, onStage);
        outcome->status = r.status;
        outcome->message = QString::fromStdString(r.message);
        if (!r.lookbacks.scores.empty()) {
          QStringList tried;
          for (const auto& l : r.lookbacks.scores) tried << QString::number(l.lookback);
          outcome->message += tr(". Lookback %1, chosen on validation among %2").arg(r.lookbacks.lookback()).arg(tried.join(QStringLiteral(", ")));
        }
        if (r.guard.checked) outcome->message += QStringLiteral(". ") + QString::fromStdString(r.guard.message());
        outcome->history = r.history;
        outcome->bestEpoch = r.best_epoch;
        outcome->trainSeconds = r.train_seconds;
        outcome->model = r.model;
        auto eval = forecastEvaluation(r, outcome->modelName);
        if (r.model.valid()) {
          Q_EMIT stageChanged(tr("Forecasting every test window…"));
          eval->windows = r.model.forecastWindows(d.series, r.split.test);
        }
        outcome->forecast = eval;
        if (r.model.valid() && !job.modelsDir.isEmpty() && saveModel(r.model, job, d, *outcome, saveNote))
          if (recorder) outcome->modelId = recorder->addModel(outcome->modelPath.toStdString(), nlohmann::json{{"test", tr::toJson(r.test)}});
        if (recorder) recorder->finish(r);
        outcome->forecastRun = std::make_shared<const tr::ForecastExperimentResult>(std::move(r));
      } else {
        tr::ClassifyExperimentConfig cfg = job.setup.classify;
        cfg.source_path = path;
        cfg.model.type = job.setup.choice == ModelChoice::Transformer ? aaren::ModelType::Transformer : aaren::ModelType::Aaren;
        tr::ClassifyExperimentResult r = tr::runClassifyExperiment(d.train, d.test, cfg, progressFn, &cancel_, onStage);
        outcome->status = r.status;
        outcome->message = QString::fromStdString(r.message);
        outcome->history = r.history;
        outcome->bestEpoch = r.best_epoch;
        outcome->trainSeconds = r.train_seconds;
        outcome->model = r.model;
        if (r.model.valid()) outcome->classify = classifyEvaluation(r);
        if (r.model.valid() && !job.modelsDir.isEmpty() && saveModel(r.model, job, d, *outcome, saveNote) && recorder) {
          nlohmann::json test = tr::toJson(r.test);
          test["loss"] = r.test_loss;
          outcome->modelId = recorder->addModel(outcome->modelPath.toStdString(), nlohmann::json{{"test", test}});
        }
        if (recorder) recorder->finish(r);
        outcome->classifyRun = std::make_shared<const tr::ClassifyExperimentResult>(std::move(r));
      }
    } catch (const std::exception& e) {
      if (recorder) recorder->fail(e.what());
      throw;
    }
    if (recorder && !recorder->problem().empty())
      workspaceNote = tr(" (not fully recorded in the workspace: %1)").arg(QString::fromUtf8(recorder->problem()));
    outcome->message += saveNote + workspaceNote;
    outcome->totalSeconds = static_cast<double>(clock.elapsed()) / 1000.0;
    Q_EMIT finished(outcome);
  } catch (const std::exception& e) {
    Q_EMIT failed(QString::fromUtf8(e.what()));
  } catch (...) {
    Q_EMIT failed(tr("training stopped with an unknown error"));
  }
}

void TrainingWorker::runEvaluation(const EvaluateJob& job) {
  lowerPriorityOnce();
  try {
    QElapsedTimer clock;
    clock.start();
    auto outcome = std::make_shared<TrainingOutcome>();
    outcome->origin = TrainingOutcome::Origin::Loaded;
    outcome->runId = job.runId;
    outcome->modelId = job.modelId;
    if (job.model.valid()) {
      outcome->model = job.model;
    } else {
      Q_EMIT stageChanged(tr("Loading the model…"));
      outcome->model = tr::TrainedModel::load(job.modelPath.toStdString());
    }
    const tr::TrainedModel& m = outcome->model;
    outcome->modelPath = job.modelPath.isEmpty() ? QString::fromStdString(m.path().string()) : job.modelPath;
    outcome->modelName = outcome->modelPath.isEmpty() ? QString::fromStdString(aaren::toString(m.options().type))
                                                      : QFileInfo(outcome->modelPath).fileName();
    outcome->message = tr("loaded: %1, %2 parameters").arg(QString::fromStdString(aaren::toString(m.options().type))).arg(m.parameterCount());
    outcome->dataset = job.dataset;
    if (job.dataset) {
      const Dataset& d = *job.dataset;
      if (m.task() == aaren::Task::Forecast) {
        if (d.kind != Dataset::Kind::Forecast) throw std::invalid_argument("the model forecasts, but the data is a classification set");
        Q_EMIT stageChanged(tr("Evaluating on the test part…"));
        const tr::ForecastEvalResult r = tr::evaluateForecastModel(m, d.series);
        auto e = std::make_shared<ForecastEvaluation>();
        e->split = r.split;
        e->range = r.range;
        e->testWindows = r.windows;
        e->rows.push_back({outcome->modelName.toStdString(), true, r.metrics.asMapWithChannels(), r.mse_by_step});
        for (const auto& b : r.baselines) e->rows.push_back({b.name, false, b.metrics.asMapWithChannels(), b.mse_by_step});
        Q_EMIT stageChanged(tr("Forecasting every test window…"));
        e->windows = m.forecastWindows(d.series, r.range);
        outcome->forecast = e;
      } else {
        if (d.kind != Dataset::Kind::Classify) throw std::invalid_argument("the model classifies, but the data is a time series");
        Q_EMIT stageChanged(tr("Classifying the test cases…"));
        const auto& set = d.test.size() > 0 ? d.test : d.train;
        const tr::ClassifyEvalResult r = tr::evaluateClassifyModel(m, set);
        auto e = std::make_shared<ClassifyEvaluation>();
        e->classes = m.info().schema.classes;
        e->metrics = r.metrics;
        e->actual = r.actual;
        e->unknownLabels = r.unknown_labels;
        for (const auto& c : r.cases) {
          e->predicted.push_back(c.predicted);
          e->probabilities.push_back(c.probabilities);
        }
        outcome->classify = e;
      }
    }
    outcome->totalSeconds = static_cast<double>(clock.elapsed()) / 1000.0;
    Q_EMIT finished(outcome);
  } catch (const std::exception& e) {
    Q_EMIT failed(QString::fromUtf8(e.what()));
  } catch (...) {
    Q_EMIT failed(tr("evaluation stopped with an unknown error"));
  }
}

void TrainingWorker::save(const tr::TrainedModel& model, const QString& path) {
  try {
    model.save(path.toStdString());
    Q_EMIT saved(path, QString::fromStdString(aaren::sha256File(path.toStdString())));
  } catch (const std::exception& e) {
    Q_EMIT saveFailed(QString::fromUtf8(e.what()));
  }
}

}  // namespace aaren::ui
