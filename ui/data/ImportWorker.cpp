#include "ui/data/ImportWorker.h"

#include "ui/data/Importer.h"

#include <QElapsedTimer>

#include <exception>

namespace aaren::ui {

void ImportWorker::run(const ImportRequest& request, quint64 ticket) {
  if (ticket <= cancelled_through_.load()) {  // superseded before it started
    Q_EMIT cancelled(ticket);
    return;
  }
  try {
    QElapsedTimer since;
    since.start();
    double last = -1;
    auto onProgress = [&](double fraction) {
      // At most ~25 updates a second reach the GUI thread.
      if (fraction - last >= 0.01 && since.elapsed() >= 40) {
        Q_EMIT progress(ticket, fraction);
        last = fraction;
        since.restart();
      }
      return ticket > cancelled_through_.load();
    };
    DatasetPtr dataset = importDataset(request, onProgress);
    if (!dataset || ticket <= cancelled_through_.load()) {
      Q_EMIT cancelled(ticket);
      return;
    }
    Q_EMIT finished(ticket, dataset);
  } catch (const std::exception& e) {
    Q_EMIT failed(ticket, QString::fromUtf8(e.what()));
  } catch (...) {
    Q_EMIT failed(ticket, tr("%1: unknown error while reading").arg(request.path));
  }
}

}  // namespace aaren::ui
