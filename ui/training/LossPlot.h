#pragma once
// Live loss curves: the training loss as it runs (running mean within each epoch, at
// fractional epochs) and the training and validation loss at the end of every epoch, with
// the best epoch marked. GUI thread only; redraws are queued (at most one per event-loop
// pass), so a burst of progress reports costs one replot.
#include "core/train/TrainOptions.h"

#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPGraph;
class QCPItemTracer;

namespace aaren::ui {

class LossPlot : public QWidget {
  Q_OBJECT
 public:
  explicit LossPlot(QWidget* parent = nullptr);

  void clear();
  void addProgress(const aaren::train::TrainingProgress& p);
  // Replaces the curves with a finished run's history (e.g. a run reopened from the workspace).
  void setHistory(const std::vector<aaren::train::EpochRecord>& history, std::int64_t bestEpoch);
  void markBest(std::int64_t epoch);

  int runningPoints() const;
  int epochPoints() const;     // validation points
  QCustomPlot* plot() const { return plot_; }

 private:
  void restyle();
  void rescale();

  QCustomPlot* plot_;
  QCPGraph* running_;
  QCPGraph* train_;
  QCPGraph* val_;
  QCPItemTracer* best_;
  double max_epoch_ = 1;
};

}  // namespace aaren::ui
