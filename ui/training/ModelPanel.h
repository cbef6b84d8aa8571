#pragma once
// The model and training settings on the Train tab: which model, its architecture, the data
// preparation (forecasting) and the training schedule, each field with a tooltip saying
// what it does and its default. Emits changed() on every edit; setup() reads the fields.
// GUI thread only.
#include "ui/data/Dataset.h"
#include "ui/training/TrainingSetup.h"

#include <QWidget>

#include <optional>
#include <utility>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace aaren::ui {

class ModelPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ModelPanel(QWidget* parent = nullptr);

  // Adapts the form to the dataset: forecasting or classification fields, the split.
  void setDataset(const DatasetPtr& dataset);
  void setSetup(const TrainingSetup& setup);
  TrainingSetup setup() const;
  void resetToDefaults();

  // "" when the settings are valid, else what is wrong (e.g. "heads (3) must divide
  // d_model (64)").
  QString problem() const;
  bool isClassification() const { return classify_; }

  QComboBox* modelBox() const { return model_; }
  QSpinBox* epochsBox() const { return epochs_; }
  QSpinBox* lookbackBox() const { return lookback_; }
  QSpinBox* horizonBox() const { return horizon_; }
  QSpinBox* dModelBox() const { return d_model_; }
  QSpinBox* headsBox() const { return heads_; }
  QSpinBox* dailyCycleBox() const { return daily_cycle_; }
  QCheckBox* linearSkipBox() const { return linear_skip_; }

 Q_SIGNALS:
  void changed();

 private:
  void updateVisibility();
  // The lookback and horizon fittingWindow proposes for the loaded series, when they differ
  // from the asked ones.
  std::optional<std::pair<int, int>> proposedWindow() const;
  void useFittingWindow();
  void emitChanged();

  DatasetPtr dataset_;
  bool classify_ = false;
  bool filling_ = false;
  TrainingSetup base_;

  QComboBox* model_;
  QLabel* task_;
  QGroupBox* arch_;
  QSpinBox* d_model_;
  QSpinBox* heads_;
  QSpinBox* layers_;
  QSpinBox* d_ff_;
  QDoubleSpinBox* dropout_;
  QCheckBox* channel_independent_;
  QCheckBox* delta_;
  QCheckBox* calendar_;
  QSpinBox* daily_cycle_;
  QString daily_cycle_tip_;  // the spin box's own tooltip; a reason is added when the data rule the cycle out
  QCheckBox* linear_skip_;
  QComboBox* pooling_;
  QGroupBox* data_;
  QSpinBox* lookback_;
  QSpinBox* horizon_;
  QComboBox* split_;
  QDoubleSpinBox* train_ratio_;
  QDoubleSpinBox* val_ratio_;
  QComboBox* scaler_;
  QComboBox* missing_;
  QGroupBox* training_;
  QSpinBox* epochs_;
  QSpinBox* batch_;
  QDoubleSpinBox* lr_;
  QDoubleSpinBox* weight_decay_;
  QSpinBox* patience_;
  QDoubleSpinBox* clip_;
  QSpinBox* seed_;
  QSpinBox* stride_;
  QSpinBox* max_val_;
  QSpinBox* threads_;
  QLabel* problem_;
  QPushButton* fit_window_;
  QCheckBox* lookback_search_;  // "Use lookback L and horizon H" when the asked pair does not fit
};

}  // namespace aaren::ui
