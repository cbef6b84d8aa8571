#pragma once
// The Train tab: the model settings (ModelPanel) on the left with the Train and Cancel
// buttons; on the right the run as it happens — stage, progress with ETA, live loss and
// validation curves, and a log of every epoch and of how the run ended (failures included).
// It does not train: it asks (trainRequested / cancelRequested) and shows what the
// TrainingController reports. GUI thread only.
#include "core/train/TrainOptions.h"
#include "ui/training/TrainingOutcome.h"

#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace aaren::ui {

class LossPlot;
class ModelPanel;

class TrainingPanel : public QWidget {
  Q_OBJECT
 public:
  explicit TrainingPanel(QWidget* parent = nullptr);

  ModelPanel* modelPanel() const { return model_; }
  LossPlot* lossPlot() const { return loss_; }
  QPushButton* trainButton() const { return train_; }
  QString stageText() const;  // the line above the progress bar
  QPushButton* cancelButton() const { return cancel_; }
  QProgressBar* progressBar() const { return progress_; }
  QLabel* statusLabel() const { return status_; }
  QPlainTextEdit* log() const { return log_; }

 public Q_SLOTS:
  void onStarted(bool training);
  void onProgress(const aaren::train::TrainingProgress& p);
  void onStage(const QString& stage);
  void onFinished(const aaren::ui::OutcomePtr& outcome);
  void onFailed(const QString& message);
  // A past run's curves (Workspace → Open run).
  void showHistory(const QString& title, const std::vector<aaren::train::EpochRecord>& history, std::int64_t bestEpoch);
  void setBusy(bool busy);
  void updateTrainButton();
  void appendLog(const QString& line);

 Q_SIGNALS:
  void trainRequested();
  void cancelRequested();

 private:
  ModelPanel* model_;
  LossPlot* loss_;
  QPushButton* train_;
  QPushButton* cancel_;
  QProgressBar* progress_;
  QLabel* status_;
  QLabel* stage_;
  QPlainTextEdit* log_;
  bool busy_ = false;
  bool cancelling_ = false;
  bool started_ = false;  // a run or a load has begun: the stage line then reports it
};

}  // namespace aaren::ui
