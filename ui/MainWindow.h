#pragma once
// The main window: menus, tool bar, status bar, the Dataset dock and the central tabs
// (Explore, Train, Evaluate, Live, Workspace). It only wires controllers and panels together; each
// lives in its own files under ui/data, ui/explore, ui/training, ui/evaluate, ui/workspace.
//
// Other features add themselves with small edits through the extension points below:
// addPage() for a tab, addFileAction() for a File-menu entry above Quit, viewMenu() and
// mainToolBar().
//
// Settings (QSettings): window geometry and dock state, recent files, theme.
// GUI thread only.
#include "ui/data/Dataset.h"
#include "ui/data/ImportRequest.h"

#include <QMainWindow>
#include <QString>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QTabWidget;
class QToolBar;
class QToolButton;

namespace aaren::ui {

class DataController;
class DatasetPanel;
class EvaluationPanel;
class ExplorePanel;
class LiveController;
class LivePanel;
class ModelWorkflow;
class TrainingController;
class TrainingPanel;
class MessageBar;
class ModelRoster;
class RecentFiles;
class ReportController;
class SeriesPlot;
class WorkspaceController;
class WorkspacePanel;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  struct Options {
    QString workspacePath;         // "" = the default workspace (core/store/Workspace.h)
    bool restoreGeometry = true;   // from QSettings
    QString modelsDir;             // trained models; "" = "models" next to the workspace
  };
  explicit MainWindow(QWidget* parent = nullptr);
  explicit MainWindow(const Options& options, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a data file: with `interactive`, CSV and SQLite files go through their import
  // dialog; otherwise they are read with detected options. Returns at once: the import runs
  // in a worker thread (see DataController). Model files (.aaren) are loaded as models.
  void openPath(const QString& path, bool interactive = true);
  void openRequest(const ImportRequest& request);
  // openPath(path, false) and wait for the import to end; true when it loaded. For tests,
  // the command line and --screenshot.
  bool openFile(const QString& path, bool interactive = false);

  // --- extension points ------------------------------------------------------------
  int addPage(QWidget* page, const QString& title);  // a central tab; returns its index
  void showPage(QWidget* page);
  QAction* addFileAction(QAction* action);          // inserted above "Quit"
  QMenu* fileMenu() const { return file_menu_; }
  QMenu* viewMenu() const { return view_menu_; }
  QToolBar* mainToolBar() const { return tool_bar_; }
  QTabWidget* pages() const { return tabs_; }

  // --- parts -----------------------------------------------------------------------
  DataController* dataController() const { return data_; }
  WorkspaceController* workspace() const { return workspace_; }
  ExplorePanel* explorePanel() const { return explore_; }
  SeriesPlot* seriesPlot() const;
  DatasetPanel* datasetPanel() const { return dataset_panel_; }
  TrainingController* trainingController() const { return training_; }
  TrainingPanel* trainingPanel() const { return training_panel_; }
  EvaluationPanel* evaluationPanel() const { return evaluation_panel_; }
  ModelWorkflow* modelWorkflow() const { return workflow_; }
  WorkspacePanel* workspacePanel() const { return workspace_panel_; }
  MessageBar* messageBar() const { return message_bar_; }
  RecentFiles* recentFiles() const { return recent_; }
  ReportController* reports() const { return reports_; }
  ModelRoster* modelRoster() const { return roster_; }
  LiveController* liveController() const { return live_; }
  LivePanel* livePanel() const { return live_panel_; }

  QString currentFile() const;
  QString lastError() const { return last_error_; }

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildMenus();
  void buildStatusBar();
  void chooseFile();
  void onDatasetChanged(const DatasetPtr& dataset);
  void onImportFailed(const QString& path, const QString& message);
  void updateTitle();
  void showError(const QString& message);
  void saveModelAs();

  Options options_;
  DataController* data_;
  WorkspaceController* workspace_;
  TrainingController* training_;
  RecentFiles* recent_;
  QTabWidget* tabs_;
  MessageBar* message_bar_;
  ExplorePanel* explore_;
  DatasetPanel* dataset_panel_;
  TrainingPanel* training_panel_;
  EvaluationPanel* evaluation_panel_;
  WorkspacePanel* workspace_panel_;
  ReportController* reports_ = nullptr;
  ModelRoster* roster_ = nullptr;
  LiveController* live_ = nullptr;
  LivePanel* live_panel_ = nullptr;
  ModelWorkflow* workflow_;

  QMenu* file_menu_ = nullptr;
  QMenu* view_menu_ = nullptr;
  QToolBar* tool_bar_ = nullptr;
  QAction* quit_action_ = nullptr;
  QAction* reload_action_ = nullptr;
  QAction* save_model_action_ = nullptr;
  QAction* train_action_ = nullptr;
  QAction* cancel_action_ = nullptr;
  QProgressBar* import_progress_ = nullptr;
  QToolButton* import_cancel_ = nullptr;
  QLabel* dataset_label_ = nullptr;
  QString last_error_;
  bool interactive_errors_ = true;
};

}  // namespace aaren::ui
