#include "ui/MainWindow.h"

#include "core/data/CsvReader.h"
#include "ui/SeriesPlot.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

#include <exception>

namespace aaren::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), plot_(new SeriesPlot(this)) {
  setCentralWidget(plot_);
  setWindowTitle(QStringLiteral("Aaren Studio"));
  resize(1280, 800);

  auto* file = menuBar()->addMenu(tr("&File"));
  auto* open = file->addAction(tr("&Open…"), this, &MainWindow::chooseFile);
  open->setShortcut(QKeySequence::Open);
  auto* reload = file->addAction(tr("&Reload"), this, [this] {
    if (!current_file_.isEmpty()) openFile(current_file_);
  });
  reload->setShortcut(QKeySequence::Refresh);
  file->addSeparator();
  auto* quit = file->addAction(tr("&Quit"), qApp, &QApplication::quit);
  quit->setShortcut(QKeySequence::Quit);
  statusBar()->showMessage(tr("Open a CSV file (Ctrl+O)"));
}

void MainWindow::chooseFile() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open time series"), QString(),
                                                    tr("CSV files (*.csv *.txt *.tsv);;All files (*)"));
  if (!path.isEmpty()) openFile(path);
}

bool MainWindow::openFile(const QString& path, bool interactive) {
  try {
    auto result = aaren::data::readCsvFile(path.toStdString());
    if (result.status != aaren::data::LoadStatus::Ok) throw std::runtime_error("loading was cancelled");
    const auto& s = result.series;
    plot_->setSeries(s);
    current_file_ = path;
    last_error_.clear();
    setWindowTitle(QFileInfo(path).fileName() + QStringLiteral(" — Aaren Studio"));
    QString message = tr("%1: %2 rows × %3 columns").arg(QFileInfo(path).fileName()).arg(s.rows).arg(s.cols());
    if (s.totalMissing() > 0) message += tr(", %1 missing values").arg(s.totalMissing());
    if (!result.warnings.empty()) message += tr(", %1 warnings").arg(result.warnings.size());
    statusBar()->showMessage(message);
    return true;
  } catch (const std::exception& e) {
    last_error_ = QString::fromUtf8(e.what());
    statusBar()->showMessage(last_error_);
    if (interactive) QMessageBox::warning(this, tr("Cannot open file"), last_error_);
    return false;
  }
}

}  // namespace aaren::ui
