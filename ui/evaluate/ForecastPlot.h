#pragma once
// Forecast against actual on the test part, for one channel at a time:
//  - "Steps ahead": the forecast made h steps before each time (h from the horizon
//    selector) drawn over the actual values of the whole test part;
//  - "One forecast": the full horizon forecast from one origin (chosen with the slider),
//    after the lookback it was made from, with the actual values that followed.
// Wheel zooms and dragging pans the time axis. GUI thread only.
#include "ui/training/TrainingOutcome.h"

#include <QWidget>

class QComboBox;
class QCustomPlot;
class QCPGraph;
class QLabel;
class QSlider;
class QSpinBox;

namespace aaren::ui {

class ForecastPlot : public QWidget {
  Q_OBJECT
 public:
  explicit ForecastPlot(QWidget* parent = nullptr);

  // The outcome's forecasts (nullptr clears).
  void setOutcome(const OutcomePtr& outcome);

  enum class Mode { StepsAhead, OneForecast };
  void setMode(Mode mode);
  void setChannel(int channel);
  void setStepsAhead(int steps);    // 1..horizon
  void setOrigin(int window);       // 0..windows-1

  QCustomPlot* plot() const { return plot_; }
  QSpinBox* horizonBox() const { return steps_; }
  QComboBox* channelBox() const { return channel_; }
  QComboBox* modeBox() const { return mode_; }
  // Graph 0 = actual, 1 = forecast.
  int actualPoints() const;
  int forecastPoints() const;
  double forecastValueAt(int index) const;
  double forecastKeyAt(int index) const;

 private:
  void redraw();
  void restyle();
  double keyOf(std::int64_t row) const;

  OutcomePtr outcome_;
  QComboBox* mode_;
  QComboBox* channel_;
  QSpinBox* steps_;
  QSlider* origin_;
  QLabel* origin_label_;
  QLabel* note_;
  QCustomPlot* plot_;
  QCPGraph* actual_;
  QCPGraph* forecast_;
  QCPGraph* history_;
  bool timed_ = false;
};

}  // namespace aaren::ui
