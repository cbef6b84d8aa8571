#pragma once
// The Workspace tab: past training runs (model, dataset, status, best validation loss,
// test metrics, time) and saved models from the workspace database. Double-click or "Open"
// reopens a run (its dataset, settings and loss curves) or a model (its file and dataset).
// GUI thread only.
#include "core/store/Records.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace aaren::ui {

class WorkspaceController;

class WorkspacePanel : public QWidget {
  Q_OBJECT
 public:
  explicit WorkspacePanel(WorkspaceController* controller, QWidget* parent = nullptr);

  QTreeWidget* runList() const { return runs_; }
  QTreeWidget* modelList() const { return models_; }
  std::int64_t selectedRunId() const;
  std::int64_t selectedModelId() const;

 public Q_SLOTS:
  void reload();

 Q_SIGNALS:
  void openRunRequested(const aaren::store::RunRecord& run);
  void openModelRequested(const aaren::store::ModelRecord& model);

 private:
  void showDetails();
  void openSelectedRun();
  void openSelectedModel();

  WorkspaceController* controller_;
  QLabel* location_;
  QTreeWidget* runs_;
  QTreeWidget* models_;
  QPlainTextEdit* details_;
  QPushButton* open_run_;
  QPushButton* delete_run_;
  QPushButton* open_model_;
  std::vector<aaren::store::RunRecord> run_records_;
  std::vector<aaren::store::ModelRecord> model_records_;
};

}  // namespace aaren::ui
