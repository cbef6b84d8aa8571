#include "ui/report/ReportController.h"

#include "core/report/ReportBuilder.h"
#include "ui/report/ExportReportDialog.h"

#include <QAction>
#include <QFileDialog>
#include <QMessageBox>
#include <QWidget>

namespace aaren::ui {

namespace rep = aaren::report;
namespace trn = aaren::train;

void ReportWorker::setJob(Job job) {
  std::lock_guard lock(mutex_);
  job_ = std::move(job);
}

rep::Report ReportWorker::takeResult() {
  std::lock_guard lock(mutex_);
  return std::move(result_);
}

void ReportWorker::run() {
  try {
    Job job;
    {
      std::lock_guard lock(mutex_);
      job = std::move(job_);
    }
    if (!job) throw std::logic_error("no report job");
    rep::Report report = job();
    {
      std::lock_guard lock(mutex_);
      result_ = std::move(report);
    }
    Q_EMIT finished();
  } catch (const std::exception& e) {
    Q_EMIT failed(QString::fromStdString(e.what()));
  } catch (...) {
    Q_EMIT failed(tr("the report failed with an unknown error"));
  }
}

ReportController::ReportController(QWidget* window)
    : QObject(window), window_(window), action_(new QAction(tr("Export &report…"), this)), worker_(new ReportWorker) {
  action_->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
  action_->setStatusTip(tr("Write a PDF, HTML, CSV or JSON report on the model and the data, with a preview"));
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &ReportWorker::finished, this, &ReportController::finish);
  connect(worker_, &ReportWorker::failed, this, [this](const QString& message) {
    busy_ = false;
    updateAction();
    Q_EMIT busyChanged(false);
    fail(message);
  });
  connect(action_, &QAction::triggered, this, &ReportController::exportReport);
  thread_.setObjectName(QStringLiteral("report worker"));
  thread_.start();
  updateAction();
}

ReportController::~ReportController() {
  thread_.quit();
  thread_.wait();
}

void ReportController::setDataset(DatasetPtr dataset) {
  dataset_ = std::move(dataset);
  updateAction();
}

void ReportController::setModel(const trn::TrainedModel& model) {
  model_ = model;
  forecast_run_.reset();
  classify_run_.reset();
  training_.reset();
}

void ReportController::setForecastRun(std::shared_ptr<const trn::ForecastExperimentResult> run, std::optional<trn::TrainOptions> training) {
  forecast_run_ = std::move(run);
  classify_run_.reset();
  model_.reset();
  training_ = training;
}

void ReportController::setClassifyRun(std::shared_ptr<const trn::ClassifyExperimentResult> run, std::optional<trn::TrainOptions> training) {
  classify_run_ = std::move(run);
  forecast_run_.reset();
  model_.reset();
  training_ = training;
}

void ReportController::fail(const QString& message) {
  Q_EMIT failed(message);
  if (!show_dialog_) return;
  QMessageBox box(QMessageBox::Warning, tr("Export report"), message, QMessageBox::Ok, window_);
  box.setTextFormat(Qt::PlainText);  // the message names files and columns: never HTML
  box.exec();
}

void ReportController::setStreamTraces(std::vector<rep::StreamTrace> traces) { stream_ = std::move(traces); }

void ReportController::updateAction() { action_->setEnabled(dataset_ != nullptr && !busy_); }

void ReportController::exportReport() {
  if (busy_ || !dataset_) return;
  const bool forecast = dataset_->kind == Dataset::Kind::Forecast;
  const bool haveModel = (forecast && forecast_run_) || (!forecast && classify_run_) ||
                         (model_ && (model_->task() == Task::Forecast) == forecast);
  QString file;
  if (!haveModel) {
    file = QFileDialog::getOpenFileName(window_, tr("Report on which model?"), QString(), tr("Aaren models (*.aaren);;All files (*)"));
    if (file.isEmpty()) return;
  }
  buildReport(file, true);
}

void ReportController::buildReport(const QString& modelFile, bool showDialog) {
  if (busy_) return;
  show_dialog_ = showDialog;
  if (!dataset_) {
    fail(tr("Open a dataset first: the report scores the model on it."));
    return;
  }
  if (dataset_->kind == Dataset::Kind::Classify && dataset_->test.size() == 0) {
    fail(tr("%1 has no test set (a _TEST file beside it) to score the model on.").arg(dataset_->fileName()));
    return;
  }
  rep::ReportOptions options;
  options.data_file = dataset_->request.path.toStdString();
  options.training = training_;
  options.report_command = "Aaren Studio: File > Export report";
  const DatasetPtr data = dataset_;
  ReportWorker::Job job;
  if (!modelFile.isEmpty()) {
    const std::string path = modelFile.toStdString();
    job = [data, path, options] {
      const auto model = trn::TrainedModel::load(path);
      if (data->kind == Dataset::Kind::Forecast) return rep::buildForecastReport(model, data->series, options);
      return rep::buildClassifyReport(model, data->train, data->test, options);
    };
  } else if (data->kind == Dataset::Kind::Forecast && forecast_run_) {
    job = [data, run = forecast_run_, options] { return rep::buildForecastReport(*run, data->series, options); };
  } else if (data->kind == Dataset::Kind::Classify && classify_run_) {
    job = [data, run = classify_run_, options] { return rep::buildClassifyReport(*run, data->train, data->test, options); };
  } else if (model_) {
    job = [data, model = *model_, options] {
      if (data->kind == Dataset::Kind::Forecast) return rep::buildForecastReport(model, data->series, options);
      return rep::buildClassifyReport(model, data->train, data->test, options);
    };
  } else {
    fail(tr("No model to report on: train one or open a .aaren file."));
    return;
  }
  if (!stream_.empty())
    job = [job = std::move(job), traces = stream_] {
      rep::Report report = job();
      rep::addStreamSection(report, traces);
      return report;
    };
  busy_ = true;
  updateAction();
  Q_EMIT busyChanged(true);
  worker_->setJob(std::move(job));
  QMetaObject::invokeMethod(worker_, &ReportWorker::run, Qt::QueuedConnection);
}

void ReportController::finish() {
  report_ = worker_->takeResult();
  busy_ = false;
  updateAction();
  Q_EMIT busyChanged(false);
  Q_EMIT reportReady();
  if (show_dialog_) {
    ExportReportDialog dialog(report_, window_);
    dialog.exec();
  }
}

}  // namespace aaren::ui
