#pragma once
// The main window: opens a CSV file and plots its series. GUI thread only.
#include <QMainWindow>
#include <QString>

namespace aaren::ui {

class SeriesPlot;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);

  // Loads and plots a CSV file. On failure shows the error in the status bar (and, when
  // interactive, a message box) and keeps what was shown before. Returns success.
  bool openFile(const QString& path, bool interactive = true);
  QString currentFile() const { return current_file_; }
  QString lastError() const { return last_error_; }
  SeriesPlot* seriesPlot() const { return plot_; }

 private:
  void chooseFile();

  SeriesPlot* plot_;
  QString current_file_;
  QString last_error_;
};

}  // namespace aaren::ui
