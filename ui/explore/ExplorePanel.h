#pragma once
// The Explore tab: for a time series, the SeriesPlot with its overview RangeSelector and
// the split shading; for labelled series (classification), a list of cases filtered by
// class and a plot of the chosen case's channels. GUI thread only.
#include "core/data/Split.h"
#include "ui/data/Dataset.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QStackedWidget;
class QTreeWidget;

namespace aaren::ui {

class RangeSelector;
class SeriesPlot;

class ExplorePanel : public QWidget {
  Q_OBJECT
 public:
  explicit ExplorePanel(QWidget* parent = nullptr);

  void setDataset(const DatasetPtr& dataset);
  // The split the current model settings would use; shown when "Show split" is on.
  void setSplit(const std::optional<aaren::data::SplitBorders>& split);

  void zoomIn();
  void zoomOut();
  void resetZoom();

  SeriesPlot* seriesPlot() const { return plot_; }
  RangeSelector* rangeSelector() const { return selector_; }
  SeriesPlot* casePlot() const { return case_plot_; }
  QTreeWidget* caseList() const { return cases_; }
  bool showsClassification() const;

 private:
  void fillCases();
  void showCase();

  QStackedWidget* stack_;
  SeriesPlot* plot_;
  RangeSelector* selector_;
  QCheckBox* show_split_;
  QLabel* split_note_;
  std::optional<aaren::data::SplitBorders> split_;

  QComboBox* class_filter_;
  QTreeWidget* cases_;
  SeriesPlot* case_plot_;
  DatasetPtr dataset_;
};

}  // namespace aaren::ui
