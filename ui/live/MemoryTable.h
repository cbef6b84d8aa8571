#pragma once
// The current figures of every model of the stream, one row each: model, status, samples
// consumed, state bytes (exact value in the cell's Qt::UserRole and tooltip), step median
// and p99 (µs), cumulative step time, backlog (samples queued for it) and the message saying
// why it stopped or failed. GUI thread only.
#include "core/stream/StreamSession.h"

#include <QTableWidget>

#include <vector>

namespace aaren::ui {

class MemoryTable : public QTableWidget {
  Q_OBJECT
 public:
  enum Column { Model, Status, Samples, StateBytes, MedianUs, P99Us, Cumulative, Backlog, Message, ColumnCount };
  explicit MemoryTable(QWidget* parent = nullptr);

  void clear();
  void setModels(const std::vector<aaren::stream::ModelView>& models);
  // The exact state bytes shown on `row` (tests).
  qint64 stateBytes(int row) const;
  QSize sizeHint() const override;

 private:
  QTableWidgetItem* cell(int row, int column);
};

}  // namespace aaren::ui
