#pragma once
// MSE by horizon step for the model and each baseline: how the error grows the further
// ahead the forecast reaches. GUI thread only.
#include "ui/training/TrainingOutcome.h"

#include <QWidget>

class QCustomPlot;

namespace aaren::ui {

class StepErrorPlot : public QWidget {
  Q_OBJECT
 public:
  explicit StepErrorPlot(QWidget* parent = nullptr);
  void setRows(const std::vector<ScoreRow>& rows);
  QCustomPlot* plot() const { return plot_; }

 private:
  void restyle();
  QCustomPlot* plot_;
};

}  // namespace aaren::ui
