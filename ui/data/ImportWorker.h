#pragma once
// Reads a dataset off the GUI thread. The worker lives in the DataController's QThread;
// run() is invoked there (queued). cancel(ticket) may be called from any thread: the reader stops
// within one block of input. Every outcome is a signal, each carrying the ticket of the
// request so the controller can ignore results of superseded imports. run() catches every
// exception and emits failed(ticket, message).
#include "ui/data/Dataset.h"
#include "ui/data/ImportRequest.h"

#include <QObject>

#include <atomic>

namespace aaren::ui {

class ImportWorker : public QObject {
  Q_OBJECT
 public:
  using QObject::QObject;

  // Worker thread.
  void run(const ImportRequest& request, quint64 ticket);
  // Any thread: cancels every request up to and including `ticket`.
  void cancel(quint64 ticket) {
    quint64 seen = cancelled_through_.load();
    while (seen < ticket && !cancelled_through_.compare_exchange_weak(seen, ticket)) {
    }
  }

 Q_SIGNALS:
  void progress(quint64 ticket, double fraction);
  void finished(quint64 ticket, aaren::ui::DatasetPtr dataset);
  void failed(quint64 ticket, const QString& message);
  void cancelled(quint64 ticket);

 private:
  std::atomic<quint64> cancelled_through_{0};
};

}  // namespace aaren::ui
