#pragma once
// The Evaluate tab. Forecasting: the metrics table (every model trained or loaded on this
// dataset with the same split, and the baselines, on the same test windows), the MSE by
// horizon step, and the forecast against the actual values with a horizon selector.
// Classification: the metrics, the confusion matrix, per-class accuracy and a probability
// strip with one row per test case. GUI thread only.
#include "ui/training/TrainingOutcome.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QStackedWidget;
class QTableWidget;

namespace aaren::ui {

class ConfusionMatrixView;
class ForecastPlot;
class MetricsTable;
class ProbabilityStrip;
class StepErrorPlot;

class EvaluationPanel : public QWidget {
  Q_OBJECT
 public:
  explicit EvaluationPanel(QWidget* parent = nullptr);

  void setOutcome(const OutcomePtr& outcome);
  void clear();
  OutcomePtr outcome() const { return outcome_; }

  MetricsTable* metricsTable() const { return metrics_; }
  // One channel's metrics in its own units; the box picks the channel.
  MetricsTable* channelMetricsTable() const { return channel_metrics_; }
  QComboBox* channelMetricsBox() const { return channel_box_; }
  ForecastPlot* forecastPlot() const { return forecast_plot_; }
  StepErrorPlot* stepErrorPlot() const { return step_plot_; }
  MetricsTable* classificationTable() const { return class_metrics_; }
  ConfusionMatrixView* confusionMatrix() const { return confusion_; }
  QTableWidget* perClassTable() const { return per_class_; }
  ProbabilityStrip* probabilityStrip() const { return strip_; }
  QLabel* headline() const { return headline_; }

 private:
  void showForecast();
  void showClassification();
  void showChannelMetrics();

  OutcomePtr outcome_;
  // Models compared on the same data and split: their rows, newest last.
  std::string compare_key_;
  std::vector<ScoreRow> model_rows_;
  std::vector<ScoreRow> shown_rows_;  // the rows of the metrics tables
  std::vector<std::pair<std::string, std::map<std::string, double>>> class_rows_;

  QLabel* headline_;
  QStackedWidget* stack_;
  MetricsTable* metrics_;
  QWidget* channel_section_;
  QComboBox* channel_box_;
  MetricsTable* channel_metrics_;
  StepErrorPlot* step_plot_;
  ForecastPlot* forecast_plot_;
  MetricsTable* class_metrics_;
  ConfusionMatrixView* confusion_;
  QTableWidget* per_class_;
  ProbabilityStrip* strip_;
};

}  // namespace aaren::ui
