#pragma once
// File → Open for a SQLite database (opened read-only): pick a table or view, or write one
// read-only SELECT; pick the time column and the value columns. The first 100 rows of the
// choice are read as a live preview and check. GUI thread only.
#include "core/data/SqliteReader.h"
#include "ui/data/ImportRequest.h"

#include <QDialog>
#include <QTimer>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QRadioButton;
class QTableWidget;

namespace aaren::ui {

class SqliteImportDialog : public QDialog {
  Q_OBJECT
 public:
  explicit SqliteImportDialog(const ImportRequest& initial, QWidget* parent = nullptr);

  ImportRequest request() const;
  void recheck();  // runs the debounced preview now
  bool previewOk() const { return preview_ok_; }

  QComboBox* tableBox() const { return table_; }
  QPlainTextEdit* sqlEdit() const { return sql_; }
  QRadioButton* useSqlButton() const { return use_sql_; }
  QComboBox* timeColumnBox() const { return time_column_; }
  QListWidget* valueColumnList() const { return values_; }
  QTableWidget* previewTable() const { return preview_; }
  QLabel* statusLabel() const { return status_; }

 private:
  void scheduleCheck();

  ImportRequest base_;
  std::vector<aaren::data::TableInfo> tables_;
  QTimer debounce_;
  bool filling_ = false;
  bool preview_ok_ = false;
  QStringList known_values_;

  QRadioButton* use_table_;
  QRadioButton* use_sql_;
  QComboBox* table_;
  QPlainTextEdit* sql_;
  QComboBox* time_column_;
  QListWidget* values_;
  QTableWidget* preview_;
  QLabel* status_;
  QDialogButtonBox* buttons_;
};

}  // namespace aaren::ui
