#include "ui/data/DataController.h"

#include "ui/data/ImportWorker.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>

namespace aaren::ui {

DataController::DataController(QObject* parent) : QObject(parent), worker_(new ImportWorker) {
  static const int registered = qRegisterMetaType<aaren::ui::DatasetPtr>("aaren::ui::DatasetPtr");
  (void)registered;
  thread_.setObjectName(QStringLiteral("import"));
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &ImportWorker::progress, this, [this](quint64 ticket, double f) {
    if (ticket == ticket_) Q_EMIT importProgress(f);
  });
  connect(worker_, &ImportWorker::finished, this, &DataController::onFinished);
  connect(worker_, &ImportWorker::failed, this, &DataController::onFailed);
  connect(worker_, &ImportWorker::cancelled, this, &DataController::onCancelled);
  thread_.start();
}

DataController::~DataController() {
  worker_->cancel(ticket_);
  thread_.quit();
  thread_.wait();
}

void DataController::open(const ImportRequest& request) {
  if (busy_) worker_->cancel(ticket_);
  pending_ = request;
  const quint64 ticket = ++ticket_;
  setBusy(true);
  Q_EMIT importStarted(request.path);
  ImportWorker* worker = worker_;
  QMetaObject::invokeMethod(worker_, [worker, request, ticket] { worker->run(request, ticket); }, Qt::QueuedConnection);
}

void DataController::reload() {
  if (current_) open(current_->request);
}

void DataController::cancelImport() {
  if (busy_) worker_->cancel(ticket_);
}

void DataController::onFinished(quint64 ticket, DatasetPtr dataset) {
  if (ticket != ticket_) return;
  current_ = std::move(dataset);
  last_error_.clear();
  setBusy(false);
  Q_EMIT datasetChanged(current_);
}

void DataController::onFailed(quint64 ticket, const QString& message) {
  if (ticket != ticket_) return;
  last_error_ = message;
  setBusy(false);
  Q_EMIT importFailed(pending_.path, message);
}

void DataController::onCancelled(quint64 ticket) {
  if (ticket != ticket_) return;
  setBusy(false);
  Q_EMIT importCancelled(pending_.path);
}

void DataController::setBusy(bool busy) {
  if (busy_ == busy) return;
  busy_ = busy;
  Q_EMIT busyChanged(busy);
}

bool DataController::waitForIdle(int timeoutMs) {
  QElapsedTimer clock;
  clock.start();
  while (busy_ && clock.elapsed() < timeoutMs) QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
  return !busy_;
}

}  // namespace aaren::ui
