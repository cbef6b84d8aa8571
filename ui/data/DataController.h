#pragma once
// Owns the current dataset and the import thread. open() starts reading in the worker
// thread and returns at once; the outcome arrives as datasetChanged / importFailed /
// importCancelled. A new open() supersedes (and cancels) one still running. The GUI thread
// is never blocked: progress comes at most ~25 times a second.
// GUI thread only (the worker and its thread are private).
#include "ui/data/Dataset.h"
#include "ui/data/ImportRequest.h"

#include <QObject>
#include <QThread>

namespace aaren::ui {

class ImportWorker;

class DataController : public QObject {
  Q_OBJECT
 public:
  explicit DataController(QObject* parent = nullptr);
  ~DataController() override;

  void open(const ImportRequest& request);
  void reload();         // the current dataset's request again
  void cancelImport();

  DatasetPtr current() const { return current_; }
  bool isBusy() const { return busy_; }
  QString lastError() const { return last_error_; }
  // The request being read (valid while busy) or last read.
  const ImportRequest& pendingRequest() const { return pending_; }

  // Blocks (running the event loop) until the running import ends; false on timeout. For
  // tests and --screenshot.
  bool waitForIdle(int timeoutMs = 60000);

 Q_SIGNALS:
  void importStarted(const QString& path);
  void importProgress(double fraction);
  void datasetChanged(aaren::ui::DatasetPtr dataset);
  void importFailed(const QString& path, const QString& message);
  void importCancelled(const QString& path);
  void busyChanged(bool busy);

 private:
  void onFinished(quint64 ticket, aaren::ui::DatasetPtr dataset);
  void onFailed(quint64 ticket, const QString& message);
  void onCancelled(quint64 ticket);
  void setBusy(bool busy);

  QThread thread_;
  ImportWorker* worker_;
  quint64 ticket_ = 0;
  bool busy_ = false;
  DatasetPtr current_;
  ImportRequest pending_;
  QString last_error_;
};

}  // namespace aaren::ui
