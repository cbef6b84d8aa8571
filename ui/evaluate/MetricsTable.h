#pragma once
// The metrics table of the Evaluate tab: one row per model trained or loaded on the current
// dataset with the same split (so Aaren and the Transformer can be compared) and one per
// baseline, on the same test windows. The best value of each column is bold. Forecasting:
// MSE and MAE on scaled values (standardised with the training part's statistics, as
// published records), then MAE, RMSE, MAPE, sMAPE and MASE in the data's own units; a
// second table shows one channel's figures (keys "mae@<channel>", … in the rows' metrics).
// GUI thread only.
#include "ui/training/TrainingOutcome.h"

#include <QTableWidget>

namespace aaren::ui {

class MetricsTable : public QTableWidget {
  Q_OBJECT
 public:
  explicit MetricsTable(QWidget* parent = nullptr);

  // Rows to show, in order (models first, then baselines).
  void setRows(const std::vector<ScoreRow>& rows);
  // One channel's MAE, RMSE, MAPE %, sMAPE %, MASE in its own units, a row per model.
  void setChannelRows(const std::vector<ScoreRow>& rows, const QString& channel);
  // The channels the rows have figures for, in `order` first.
  static QStringList channels(const std::vector<ScoreRow>& rows, const std::vector<std::string>& order);
  // Classification: accuracy, macro-F1, loss per model.
  void setClassificationRows(const std::vector<std::pair<std::string, std::map<std::string, double>>>& rows);

  // The text of the cell (row, metric key: "mse", "mae_original", "mape@load", …), for tests.
  QString cell(int row, const QString& metric) const;
  static const QStringList& forecastMetrics();  // mse, mae, mae_original, rmse_original, mape, smape, mase

 private:
  void fitHeight();  // no empty space below the last row
};

}  // namespace aaren::ui
