#include "ui/MainWindow.h"

#include "ui/Plural.h"
#include "ui/MessageBar.h"
#include "ui/Theme.h"
#include "ui/data/CsvImportDialog.h"
#include "ui/data/DataController.h"
#include "ui/data/DatasetPanel.h"
#include "ui/data/RecentFiles.h"
#include "ui/data/SqliteImportDialog.h"
#include "ui/explore/ExplorePanel.h"
#include "ui/explore/SeriesPlot.h"
#include "ui/live/LiveController.h"
#include "ui/live/LivePanel.h"
#include "ui/live/LivePlot.h"
#include "ui/live/MemoryRacePlot.h"
#include "ui/live/ModelRoster.h"
#include "ui/report/PlotExport.h"
#include "ui/report/ReportController.h"
#include "ui/evaluate/EvaluationPanel.h"
#include "ui/evaluate/ForecastPlot.h"
#include "ui/evaluate/StepErrorPlot.h"
#include "ui/training/LossPlot.h"
#include "ui/training/ModelWorkflow.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/workspace/WorkspaceController.h"
#include "ui/workspace/WorkspacePanel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace aaren::ui {

MainWindow::MainWindow(QWidget* parent) : MainWindow(Options{}, parent) {}

namespace {

QString modelsDirFor(const MainWindow::Options& o, const WorkspaceController* ws) {
  if (!o.modelsDir.isEmpty()) return o.modelsDir;
  return ws->isOpen() ? QFileInfo(ws->path()).absoluteDir().filePath(QStringLiteral("models")) : QString();
}

}  // namespace

MainWindow::MainWindow(const Options& options, QWidget* parent)
    : QMainWindow(parent),
      options_(options),
      data_(new DataController(this)),
      workspace_(new WorkspaceController(options.workspacePath, this)),
      training_(new TrainingController(workspace_->isOpen() ? workspace_->path() : QString(), modelsDirFor(options, workspace_), this)),
      recent_(new RecentFiles(this)),
      tabs_(new QTabWidget(this)),
      message_bar_(new MessageBar(this)),
      explore_(new ExplorePanel(this)),
      dataset_panel_(new DatasetPanel(this)),
      training_panel_(new TrainingPanel(this)),
      evaluation_panel_(new EvaluationPanel(this)),
      workspace_panel_(new WorkspacePanel(workspace_, this)),
      workflow_(new ModelWorkflow(data_, training_, workspace_, training_panel_, evaluation_panel_, this)) {
  setObjectName(QStringLiteral("MainWindow"));
  setAcceptDrops(true);
  resize(1400, 900);

  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(message_bar_);
  tabs_->setDocumentMode(true);
  layout->addWidget(tabs_, 1);
  setCentralWidget(central);
  addPage(explore_, tr("&Explore"));
  addPage(workspace_panel_, tr("&Workspace"));
  installPlotExportMenu(*explore_->seriesPlot()->plot(), tr("series"), [this] { explore_->seriesPlot()->hideCrosshair(); });
  installPlotExportMenu(*training_panel_->lossPlot()->plot(), tr("loss"));
  installPlotExportMenu(*evaluation_panel_->forecastPlot()->plot(), tr("forecast"));
  installPlotExportMenu(*evaluation_panel_->stepErrorPlot()->plot(), tr("error-by-step"));
  addPage(training_panel_, tr("&Train"));
  addPage(evaluation_panel_, tr("E&valuate"));

  auto* dock = new QDockWidget(tr("Dataset"), this);
  dock->setObjectName(QStringLiteral("DatasetDock"));
  dock->setWidget(dataset_panel_);
  dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
  addDockWidget(Qt::LeftDockWidgetArea, dock);
  resizeDocks({dock}, {330}, Qt::Horizontal);

  buildMenus();
  view_menu_->addAction(dock->toggleViewAction());
  reports_ = new ReportController(this);
  addFileAction(reports_->exportAction());
  connect(data_, &DataController::datasetChanged, reports_, &ReportController::setDataset);
  // The report describes the model trained or loaded last.
  connect(training_, &TrainingController::finished, reports_, [this](const OutcomePtr& o) {
    if (o->model.valid()) reports_->setModel(o->model);
    if (o->forecastRun) reports_->setForecastRun(o->forecastRun, o->setup.forecast.train);
    if (o->classifyRun) reports_->setClassifyRun(o->classifyRun, o->setup.classify.train);
  });
  buildStatusBar();

  // Live tab: every model trained or loaded here, streamed through a StreamSession.
  roster_ = new ModelRoster(training_, this);
  live_ = new LiveController(roster_, this);
  live_panel_ = new LivePanel(live_, roster_, this);
  addPage(live_panel_, tr("&Live"));
  installPlotExportMenu(*live_panel_->livePlot()->plot(), tr("live-forecast"));
  installPlotExportMenu(*live_panel_->memoryPlot()->plot(), tr("memory-race"));
  addFileAction(live_panel_->startAction());
  addFileAction(live_panel_->stopAction());
  QAction* showLive = view_menu_->addAction(tr("&Live Stream"), this, [this] { showPage(live_panel_); });
  showLive->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
  showLive->setStatusTip(tr("Show the Live tab: stream a feed through the loaded models"));
  connect(live_panel_->startAction(), &QAction::triggered, this, [this] { showPage(live_panel_); });
  connect(data_, &DataController::datasetChanged, live_panel_, &LivePanel::setDataset);
  connect(live_panel_, &LivePanel::error, this, &MainWindow::showError);
  connect(live_panel_, &LivePanel::warning, this, [this](const QString& m) {
    if (!m.isEmpty()) message_bar_->showMessage(m, MessageBar::Kind::Warning);
  });
  connect(live_, &LiveController::started, message_bar_, &MessageBar::dismiss);
  connect(live_, &LiveController::tracesChanged, reports_, [this] { reports_->setStreamTraces(live_->reportTraces()); });

  connect(data_, &DataController::datasetChanged, this, &MainWindow::onDatasetChanged);
  connect(data_, &DataController::importFailed, this, &MainWindow::onImportFailed);
  connect(data_, &DataController::importStarted, this, [this](const QString& path) {
    statusBar()->showMessage(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    import_progress_->setValue(0);
  });
  connect(data_, &DataController::importProgress, this, [this](double f) { import_progress_->setValue(static_cast<int>(f * 1000)); });
  connect(data_, &DataController::importCancelled, this, [this](const QString& path) {
    statusBar()->showMessage(tr("Import of %1 cancelled").arg(QFileInfo(path).fileName()), 5000);
  });
  connect(data_, &DataController::busyChanged, this, [this](bool busy) {
    import_progress_->setVisible(busy);
    import_cancel_->setVisible(busy);
  });
  connect(recent_, &RecentFiles::openRequested, this, [this](const ImportRequest& r) {
    if (!QFileInfo::exists(r.path)) {
      showError(tr("%1 no longer exists; it was removed from the recent files.").arg(r.path));
      recent_->remove(r.path);
      return;
    }
    interactive_errors_ = true;
    openRequest(r);
  });
  connect(workspace_panel_, &WorkspacePanel::openRunRequested, workflow_, &ModelWorkflow::openRun);
  connect(workspace_panel_, &WorkspacePanel::openModelRequested, workflow_, &ModelWorkflow::openModelRecord);
  connect(workflow_, &ModelWorkflow::error, this, &MainWindow::showError);
  connect(workflow_, &ModelWorkflow::status, this, [this](const QString& m) { statusBar()->showMessage(m); });
  connect(workflow_, &ModelWorkflow::splitChanged, explore_, &ExplorePanel::setSplit);
  connect(workflow_, &ModelWorkflow::trainTabWanted, this, [this] { showPage(training_panel_); });
  connect(workflow_, &ModelWorkflow::evaluateTabWanted, this, [this] { showPage(evaluation_panel_); });
  connect(workflow_, &ModelWorkflow::modelAvailable, save_model_action_, &QAction::setEnabled);
  connect(training_, &TrainingController::busyChanged, this, [this](bool busy) {
    train_action_->setEnabled(!busy);
    cancel_action_->setEnabled(busy && training_->isTraining());
  });
  connect(training_, &TrainingController::started, this, [this] { message_bar_->dismiss(); });
  if (!workspace_->isOpen())
    message_bar_->showMessage(tr("The workspace could not be opened, so runs are not recorded: %1").arg(workspace_->error()),
                              MessageBar::Kind::Warning);

  if (options_.restoreGeometry) {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
  }
  updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
  file_menu_ = menuBar()->addMenu(tr("&File"));
  QAction* open = file_menu_->addAction(tr("&Open…"), this, &MainWindow::chooseFile);
  open->setShortcut(QKeySequence::Open);
  open->setStatusTip(tr("Open a CSV, SQLite, .ts or .aaren file"));
  QMenu* recentMenu = file_menu_->addMenu(tr("Open &Recent"));
  recent_->attach(recentMenu);
  reload_action_ = file_menu_->addAction(tr("Re&load"), data_, &DataController::reload);
  reload_action_->setShortcut(QKeySequence::Refresh);
  reload_action_->setStatusTip(tr("Read the current file again with the same options"));
  reload_action_->setEnabled(false);
  file_menu_->addSeparator();
  save_model_action_ = file_menu_->addAction(tr("&Save Model As…"), this, &MainWindow::saveModelAs);
  save_model_action_->setShortcuts({QKeySequence::Save, QKeySequence::SaveAs});
  save_model_action_->setStatusTip(tr("Write the trained or loaded model to a .aaren file"));
  save_model_action_->setEnabled(false);
  file_menu_->addSeparator();
  quit_action_ = file_menu_->addAction(tr("&Quit"), this, &QWidget::close);
  quit_action_->setShortcut(QKeySequence::Quit);
  quit_action_->setMenuRole(QAction::QuitRole);

  view_menu_ = menuBar()->addMenu(tr("&View"));
  QAction* zoomIn = view_menu_->addAction(tr("Zoom &In"), explore_, &ExplorePanel::zoomIn);
  zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
  QAction* zoomOut = view_menu_->addAction(tr("Zoom &Out"), explore_, &ExplorePanel::zoomOut);
  zoomOut->setShortcut(QKeySequence::ZoomOut);
  QAction* fit = view_menu_->addAction(tr("&Fit All"), explore_, &ExplorePanel::resetZoom);
  fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
  view_menu_->addSeparator();
  QMenu* theme = view_menu_->addMenu(tr("&Theme"));
  auto* group = new QActionGroup(this);
  const ThemeChoice current = Theme::instance().choice();
  for (ThemeChoice c : {ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark}) {
    const QString label = c == ThemeChoice::System ? tr("Follow the &system") : c == ThemeChoice::Light ? tr("&Light") : tr("&Dark");
    QAction* a = theme->addAction(label);
    a->setCheckable(true);
    a->setChecked(c == current);
    group->addAction(a);
    connect(a, &QAction::triggered, this, [c] {
      Theme::instance().apply(c);
      QSettings().setValue(QStringLiteral("theme"), toString(c));
    });
  }
  QAction* fullScreen = view_menu_->addAction(tr("F&ull Screen"));
  fullScreen->setShortcut(QKeySequence::FullScreen);
  fullScreen->setCheckable(true);
  connect(fullScreen, &QAction::toggled, this, [this](bool on) { on ? showFullScreen() : showNormal(); });
  view_menu_->addSeparator();

  tool_bar_ = addToolBar(tr("Main"));
  tool_bar_->setObjectName(QStringLiteral("MainToolBar"));
  tool_bar_->setMovable(false);
  tool_bar_->setToolButtonStyle(Qt::ToolButtonTextOnly);
  tool_bar_->addAction(open);
  tool_bar_->addAction(reload_action_);
  tool_bar_->addSeparator();

  QMenu* model = menuBar()->addMenu(tr("&Model"));
  train_action_ = model->addAction(tr("&Train"), workflow_, &ModelWorkflow::train);
  train_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
  train_action_->setStatusTip(tr("Train the model set on the Train tab on the current dataset"));
  cancel_action_ = model->addAction(tr("&Cancel Training"), workflow_, &ModelWorkflow::cancel);
  cancel_action_->setShortcut(QKeySequence(Qt::Key_Escape));
  cancel_action_->setStatusTip(tr("Stop after the current batch and keep the best weights"));
  cancel_action_->setEnabled(false);
  tool_bar_->addAction(train_action_);
  tool_bar_->addAction(cancel_action_);
  tool_bar_->addSeparator();

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About Aaren Studio"), this, [this] {
    message_bar_->showMessage(tr("Aaren Studio %1 — time-series forecasting and classification with Aaren (attention as an RNN, "
                                 "Feng et al. 2024). GPL-3.0-or-later.")
                                  .arg(QApplication::applicationVersion()),
                              MessageBar::Kind::Info);
  });
}

void MainWindow::buildStatusBar() {
  dataset_label_ = new QLabel(this);
  statusBar()->addPermanentWidget(dataset_label_);
  import_progress_ = new QProgressBar(this);
  import_progress_->setRange(0, 1000);
  import_progress_->setMaximumWidth(220);
  import_progress_->setTextVisible(true);
  import_progress_->setFormat(tr("reading %p%"));
  import_progress_->setVisible(false);
  statusBar()->addPermanentWidget(import_progress_);
  import_cancel_ = new QToolButton(this);
  import_cancel_->setText(tr("Cancel"));
  import_cancel_->setToolTip(tr("Stop reading the file"));
  import_cancel_->setVisible(false);
  connect(import_cancel_, &QToolButton::clicked, data_, &DataController::cancelImport);
  statusBar()->addPermanentWidget(import_cancel_);
  statusBar()->showMessage(tr("Open a CSV, SQLite or .ts file (Ctrl+O), or drop one on the window"));
}

int MainWindow::addPage(QWidget* page, const QString& title) {
  // Workspace stays last; later pages go before it.
  const int workspaceIndex = tabs_->indexOf(workspace_panel_);
  const int index = workspaceIndex >= 0 && page != workspace_panel_ ? tabs_->insertTab(workspaceIndex, page, title)
                                                                      : tabs_->addTab(page, title);
  return index;
}

void MainWindow::showPage(QWidget* page) {
  const int i = tabs_->indexOf(page);
  if (i >= 0) tabs_->setCurrentIndex(i);
}

QAction* MainWindow::addFileAction(QAction* action) {
  // Above the separator that precedes Quit.
  const QList<QAction*> actions = file_menu_->actions();
  const int quitIndex = static_cast<int>(actions.indexOf(quit_action_));
  QAction* before = quitIndex > 0 ? actions[quitIndex - 1] : quit_action_;
  file_menu_->insertAction(before, action);
  return action;
}

SeriesPlot* MainWindow::seriesPlot() const { return explore_->seriesPlot(); }

QString MainWindow::currentFile() const { return data_->current() ? data_->current()->request.path : QString(); }

void MainWindow::chooseFile() {
  QSettings settings;
  const QString dir = settings.value(QStringLiteral("lastOpenDir")).toString();
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open"), dir,
      tr("Data and models (*.csv *.tsv *.txt *.ts *.sqlite *.sqlite3 *.db *.aaren);;CSV files (*.csv *.tsv *.txt);;"
         "SQLite databases (*.sqlite *.sqlite3 *.db);;UEA/UCR sets (*.ts);;Models (*.aaren);;All files (*)"));
  if (path.isEmpty()) return;
  settings.setValue(QStringLiteral("lastOpenDir"), QFileInfo(path).absolutePath());
  openPath(path, true);
}

void MainWindow::openPath(const QString& path, bool interactive) {
  interactive_errors_ = interactive;
  if (!QFileInfo::exists(path)) {
    onImportFailed(path, tr("%1: no such file").arg(path));
    return;
  }
  if (QFileInfo(path).suffix().compare(QLatin1String("aaren"), Qt::CaseInsensitive) == 0) {
    workflow_->openModel(path);
    return;
  }
  ImportRequest request = defaultRequest(path);
  if (interactive && (request.kind == ImportKind::Csv || request.kind == ImportKind::LongCsv)) {
    CsvImportDialog dialog(request, this);
    if (dialog.exec() != QDialog::Accepted) return;
    request = dialog.request();
  } else if (interactive && request.kind == ImportKind::Sqlite) {
    SqliteImportDialog dialog(request, this);
    if (dialog.exec() != QDialog::Accepted) return;
    request = dialog.request();
  }
  openRequest(request);
}

void MainWindow::openRequest(const ImportRequest& request) { data_->open(request); }

bool MainWindow::openFile(const QString& path, bool interactive) {
  last_error_.clear();
  openPath(path, interactive);
  data_->waitForIdle();
  return last_error_.isEmpty() && data_->current() && data_->current()->request.path == path;
}

void MainWindow::onDatasetChanged(const DatasetPtr& dataset) {
  last_error_.clear();
  message_bar_->dismiss();
  explore_->setDataset(dataset);
  dataset_panel_->setDataset(dataset);
  workspace_->recordDataset(*dataset);
  recent_->add(dataset->request);
  reload_action_->setEnabled(true);
  updateTitle();
  QString message = dataset->fileName() + QStringLiteral(": ") + dataset->summary();
  if (!dataset->warnings.empty()) message += QStringLiteral(" — ") + plural(static_cast<long long>(dataset->warnings.size()), tr("warning"), tr("warnings")) + tr(", see the Dataset panel");
  statusBar()->showMessage(message);
  dataset_label_->setText(tr("read in %1 s").arg(dataset->loadSeconds, 0, 'f', 2));
}

void MainWindow::onImportFailed(const QString& path, const QString& message) {
  (void)path;
  showError(message);
}

void MainWindow::showError(const QString& message) {
  last_error_ = message;
  statusBar()->showMessage(message);
  message_bar_->showMessage(message, MessageBar::Kind::Error);
}

void MainWindow::updateTitle() {
  const DatasetPtr d = data_->current();
  setWindowTitle(d ? d->fileName() + QStringLiteral(" — Aaren Studio") : QStringLiteral("Aaren Studio"));
  setWindowFilePath(d ? d->request.path : QString());
}

void MainWindow::saveModelAs() {
  if (!workflow_->hasModel()) {
    showError(tr("There is no model to save: train one or open a model file."));
    return;
  }
  QSettings settings;
  const QString dir = settings.value(QStringLiteral("lastModelDir"), QDir::homePath()).toString();
  QString path = QFileDialog::getSaveFileName(this, tr("Save model"), dir, tr("Aaren models (*.aaren)"));
  if (path.isEmpty()) return;
  if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".aaren");
  settings.setValue(QStringLiteral("lastModelDir"), QFileInfo(path).absolutePath());
  workflow_->saveModel(path);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/state"), saveState());
  data_->cancelImport();
  training_->cancel();
  live_->stop();
  QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  const QMimeData* mime = event->mimeData();
  if (mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().front().isLocalFile()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (urls.isEmpty() || !urls.front().isLocalFile()) return;
  event->acceptProposedAction();
  const QString path = urls.front().toLocalFile();
  // Open after the drop returns, so the dialog does not run inside the drag-and-drop loop.
  QMetaObject::invokeMethod(this, [this, path] { openPath(path, true); }, Qt::QueuedConnection);
}

}  // namespace aaren::ui
