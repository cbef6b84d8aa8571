#pragma once
// File → Open for a CSV file: a preview of the first rows and the options that read them —
// delimiter, header, time column and its format, value columns, text and non-finite
// handling — with a live check of how many preview rows parse under those options (the
// first failing lines are listed). Long-format labelled series can be chosen instead.
// GUI thread only.
#include "ui/data/CsvPreview.h"
#include "ui/data/ImportRequest.h"

#include <QDialog>
#include <QTimer>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QRadioButton;
class QTableWidget;

namespace aaren::ui {

class CsvImportDialog : public QDialog {
  Q_OBJECT
 public:
  // `initial` preselects the options (e.g. from a recent file).
  explicit CsvImportDialog(const ImportRequest& initial, QWidget* parent = nullptr);

  ImportRequest request() const;
  const CsvCheck& check() const { return check_; }
  // Runs the pending check now (the dialog debounces edits by 150 ms).
  void recheck();

  QComboBox* delimiterBox() const { return delimiter_; }
  QComboBox* headerBox() const { return header_; }
  QComboBox* timeColumnBox() const { return time_column_; }
  QComboBox* timeFormatBox() const { return time_format_; }
  QListWidget* valueColumnList() const { return values_; }
  QTableWidget* previewTable() const { return preview_; }
  QLabel* statusLabel() const { return status_; }

 private:
  void scheduleCheck();
  void fillPreview();
  void fillColumns();
  void updateStatus();

  ImportRequest base_;
  CsvHead head_;
  CsvCheck check_;
  QTimer debounce_;
  bool filling_ = false;

  QRadioButton* as_series_;
  QRadioButton* as_long_;
  QComboBox* delimiter_;
  QComboBox* header_;
  QComboBox* time_column_;
  QComboBox* time_format_;
  QCheckBox* non_finite_;
  QCheckBox* one_hot_;
  QListWidget* values_;
  QTableWidget* preview_;
  QLabel* status_;
  QPlainTextEdit* errors_;
  QDialogButtonBox* buttons_;
  QStringList known_value_columns_;
};

}  // namespace aaren::ui
