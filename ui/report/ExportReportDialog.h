#pragma once
// File → Export report…: a preview of the report's pages (or of the CSV/JSON text), a
// format choice (PDF, HTML, CSV forecasts, JSON), an option to save the plots as PNG and
// SVG beside it, and Export… which asks for the file name and writes atomically. Errors
// (an unwritable folder) are shown in the dialog, never thrown.
//
// Threading: GUI thread only. Pages are rendered when first shown and cached.
#include "core/report/Report.h"
#include "ui/report/ReportExport.h"

#include <QDialog>
#include <QImage>

#include <map>
#include <memory>

class QButtonGroup;
class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QStackedWidget;

namespace aaren::ui {

class ReportPages;

class ExportReportDialog : public QDialog {
  Q_OBJECT
 public:
  explicit ExportReportDialog(aaren::report::Report report, QWidget* parent = nullptr);
  ~ExportReportDialog() override;

  ReportFormat format() const { return format_; }
  void setFormat(ReportFormat format);
  int pageCount() const;
  int currentPage() const { return page_; }
  void showPage(int index);
  void setExportPlots(bool on);
  bool exportPlots() const;

  // Writes the report (and the plots into "<name>-plots" beside it when chosen). Returns
  // false with the message shown in the dialog and returned in `error`.
  bool exportTo(const QString& path, QString* error = nullptr);
  QString statusText() const;
  // The image shown in the preview (null for CSV/JSON, which show text).
  QImage previewImage() const;
  QString previewText() const;

 private:
  void chooseFileAndExport();
  void refresh();
  QImage pageImage(int index);

  aaren::report::Report report_;
  std::unique_ptr<ReportPages> pages_;
  std::map<int, QImage> cache_;
  ReportFormat format_ = ReportFormat::Pdf;
  int page_ = 0;

  QButtonGroup* formats_;
  QCheckBox* plots_;
  QStackedWidget* stack_;
  QScrollArea* scroll_;
  QLabel* image_;
  QPlainTextEdit* text_;
  QPushButton* previous_;
  QPushButton* next_;
  QLabel* pageLabel_;
  QLabel* status_;
  QString lastDir_;
};

}  // namespace aaren::ui
