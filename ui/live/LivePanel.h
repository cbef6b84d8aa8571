#pragma once
// The Live tab: pick a source (SourceForm) and the models that run on it (every model
// trained or loaded in the window, plus the untrained Transformer twin for the memory race),
// Start / Stop / Reset state; then watch the forecast (LivePlot), class probabilities
// (ProbabilityBars), the memory race (MemoryRacePlot) and the current figures (MemoryTable),
// with the source's status line above them. Everything shown comes from the
// LiveController's coalesced updates (~30 a second), never per sample.
// GUI thread only.
#include "core/stream/StreamSession.h"
#include "ui/data/Dataset.h"
#include "ui/live/LiveController.h"

#include <QElapsedTimer>
#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace aaren::ui {

class LivePlot;
class MemoryRacePlot;
class MemoryTable;
class ModelRoster;
class ProbabilityBars;
class SourceForm;

class LivePanel : public QWidget {
  Q_OBJECT
 public:
  LivePanel(LiveController* controller, ModelRoster* roster, QWidget* parent = nullptr);

  // The dataset "replay" plays; stops a running stream.
  void setDataset(const DatasetPtr& dataset);
  // The session the widgets describe.
  LiveConfig config() const;
  // Selects (checks) exactly the roster models at these indices.
  void setSelectedModels(const std::vector<int>& models);

  bool start();
  void stop();
  void resetModels();

  LiveController* controller() const { return controller_; }
  SourceForm* sourceForm() const { return source_; }
  LivePlot* livePlot() const { return plot_; }
  MemoryRacePlot* memoryPlot() const { return memory_; }
  MemoryTable* memoryTable() const { return table_; }
  ProbabilityBars* probabilityBars() const { return bars_; }
  QListWidget* modelList() const { return models_; }
  QCheckBox* twinBox() const { return twin_; }
  QComboBox* kvModeBox() const { return kv_mode_; }
  QSpinBox* kvWindowBox() const { return kv_window_; }
  QSpinBox* kvLimitBox() const { return kv_limit_; }
  QComboBox* aarenStepBox() const { return aaren_step_; }
  QSpinBox* maeWindowBox() const { return mae_window_; }
  QPushButton* startButton() const { return start_; }
  QPushButton* stopButton() const { return stop_; }
  QPushButton* resetButton() const { return reset_; }
  QLabel* statusLine() const { return status_; }
  QAction* startAction() const { return start_action_; }
  QAction* stopAction() const { return stop_action_; }

 Q_SIGNALS:
  // For the window's message bar: a source or model that failed, a bad URI.
  void error(const QString& message);
  void warning(const QString& message);

 private:
  QWidget* buildControls();
  void refreshModels();
  void updateButtons();
  void updateTwinBox();
  void onUpdate(const aaren::stream::SessionUpdate& update);
  void showStatus(const aaren::stream::SessionUpdate& update);

  LiveController* controller_;
  ModelRoster* roster_;
  SourceForm* source_;
  QListWidget* models_;
  QLabel* no_models_;
  QCheckBox* twin_;
  QComboBox* kv_mode_;
  QSpinBox* kv_window_;
  QSpinBox* kv_limit_;
  QComboBox* aaren_step_;
  QSpinBox* mae_window_;
  QPushButton* start_;
  QPushButton* stop_;
  QPushButton* reset_;
  QLabel* status_;
  LivePlot* plot_;
  ProbabilityBars* bars_;
  MemoryRacePlot* memory_;
  MemoryTable* table_;
  QAction* start_action_;
  QAction* stop_action_;

  QElapsedTimer rate_clock_;
  std::uint64_t rate_samples_ = 0;
  double rate_ = 0;
  bool twin_user_choice_ = false;
};

}  // namespace aaren::ui
