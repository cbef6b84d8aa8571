#pragma once
// File → Export report…: builds the report on the current dataset and model in a worker
// thread (scoring the model and the baselines over every test window takes seconds on a
// real dataset), then opens the Export report dialog with its preview.
//
// The model is the run or model given with setForecastRun / setClassifyRun / setModel (the
// training and model panels call these); when none fits the dataset, the user picks a
// .aaren file. Errors (no dataset, a model that does not fit the data) are reported through
// `failed` and a message box, never thrown.
//
// Threading: GUI thread. The builder runs on a ReportWorker moved to a QThread; it shares
// the dataset read-only (DatasetPtr is immutable) and the model handle (TrainedModel's const
// members are thread-safe). One report at a time: exportReport() while busy does nothing.
#include "core/report/Report.h"
#include "core/train/Experiment.h"
#include "core/train/TrainedModel.h"
#include "ui/data/Dataset.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>

class QAction;
class QWidget;

namespace aaren::ui {

// Runs one report job at a time on its thread. Every slot catches exceptions and emits
// failed(QString).
class ReportWorker : public QObject {
  Q_OBJECT
 public:
  using Job = std::function<aaren::report::Report()>;
  void setJob(Job job);
  aaren::report::Report takeResult();

 public Q_SLOTS:
  void run();

 Q_SIGNALS:
  void finished();
  void failed(QString message);

 private:
  std::mutex mutex_;
  Job job_;
  aaren::report::Report result_;
};

class ReportController : public QObject {
  Q_OBJECT
 public:
  explicit ReportController(QWidget* window);
  ~ReportController() override;

  QAction* exportAction() const { return action_; }

  void setDataset(DatasetPtr dataset);
  // A model loaded from a file, or trained in this session (with what the run measured).
  void setModel(const aaren::train::TrainedModel& model);
  void setForecastRun(std::shared_ptr<const aaren::train::ForecastExperimentResult> run,
                      std::optional<aaren::train::TrainOptions> training = std::nullopt);
  void setClassifyRun(std::shared_ptr<const aaren::train::ClassifyExperimentResult> run,
                      std::optional<aaren::train::TrainOptions> training = std::nullopt);
  // Memory and step-time samples of a live stream (the live panel sets them): the report
  // then has its stream section. Empty: none.
  void setStreamTraces(std::vector<aaren::report::StreamTrace> traces);

  // Starts building (asking for a model file first when none fits the dataset); the
  // dialog opens when the report is ready (unless showDialog is false, for tests).
  void exportReport();
  // Builds with `modelFile` (no file dialog); "" uses the model set above.
  void buildReport(const QString& modelFile = {}, bool showDialog = true);
  bool busy() const { return busy_; }
  const aaren::report::Report& lastReport() const { return report_; }

 Q_SIGNALS:
  void busyChanged(bool busy);
  void reportReady();
  void failed(QString message);

 private:
  void updateAction();
  void finish();
  void fail(const QString& message);

  QWidget* window_;
  QAction* action_;
  QThread thread_;
  ReportWorker* worker_;
  DatasetPtr dataset_;
  std::optional<aaren::train::TrainedModel> model_;
  std::shared_ptr<const aaren::train::ForecastExperimentResult> forecast_run_;
  std::shared_ptr<const aaren::train::ClassifyExperimentResult> classify_run_;
  std::optional<aaren::train::TrainOptions> training_;
  std::vector<aaren::report::StreamTrace> stream_;
  aaren::report::Report report_;
  bool busy_ = false;
  bool show_dialog_ = true;
};

}  // namespace aaren::ui
