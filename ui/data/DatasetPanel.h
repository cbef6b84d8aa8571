#pragma once
// The Dataset dock: what was imported (file, shape, span, frequency, load time), every
// input column with what the reader made of it, and the reader's warnings (gaps, missing
// values, text columns, duplicate or out-of-order timestamps) — listed, never hidden.
// GUI thread only.
#include "ui/data/Dataset.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace aaren::ui {

class DatasetPanel : public QWidget {
  Q_OBJECT
 public:
  explicit DatasetPanel(QWidget* parent = nullptr);

  void setDataset(const DatasetPtr& dataset);
  QTreeWidget* warningList() const { return warnings_; }
  QTreeWidget* columnList() const { return columns_; }
  QLabel* summaryLabel() const { return summary_; }

 private:
  QLabel* summary_;
  QTreeWidget* columns_;
  QLabel* warnings_title_;
  QTreeWidget* warnings_;
};

}  // namespace aaren::ui
