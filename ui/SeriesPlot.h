#pragma once
// A QCustomPlot showing every value column of a Series against time (or row index),
// with zoom/pan, a legend and a shared date axis. GUI thread only.
#include <QString>
#include <QWidget>

class QCustomPlot;

namespace aaren::data {
struct Series;
}

namespace aaren::ui {

class SeriesPlot : public QWidget {
  Q_OBJECT
 public:
  explicit SeriesPlot(QWidget* parent = nullptr);

  // Replaces what is plotted. NaN values break the line (gaps stay visible).
  void setSeries(const aaren::data::Series& series);
  void clear();

  int graphCount() const;
  int pointCount(int graph) const;
  QString graphName(int graph) const;
  QCustomPlot* plot() const { return plot_; }

 private:
  QCustomPlot* plot_;
};

}  // namespace aaren::ui
