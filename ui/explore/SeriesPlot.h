#pragma once
// The explore plot: every value column of a Series against time (or row number).
//  - Drawing goes through a Decimator per channel: at most ~2 points per pixel column are
//    handed to QCustomPlot, so a plot of millions of samples pans and zooms smoothly.
//  - Mouse wheel zooms and dragging pans the time axis; the value axis fits the visible data.
//  - A crosshair follows the mouse: a vertical line, a dot on each visible channel and a box
//    with the time and every visible channel's value (read from the samples, not the
//    decimated drawing).
//  - Clicking a legend entry shows or hides that channel.
//  - The train / validation / test split can be drawn as shaded regions.
// GUI thread only.
#include "core/data/Split.h"
#include "ui/explore/Decimator.h"

#include <QString>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QCustomPlot;
class QCPGraph;
class QCPItemRect;
class QCPItemText;
class QCPItemStraightLine;
class QCPItemTracer;
class QCPRange;

namespace aaren::data {
struct Series;
}

namespace aaren::ui {

class SeriesPlot : public QWidget {
  Q_OBJECT
 public:
  explicit SeriesPlot(QWidget* parent = nullptr);
  ~SeriesPlot() override;

  // Replaces what is plotted (the series is shared, not copied). NaN values break the line.
  void setSeries(std::shared_ptr<const aaren::data::Series> series);
  void setSeries(const aaren::data::Series& series);  // copies
  void clear();

  // Shaded train / validation / test regions (row ranges as in core/data/Split.h: the
  // validation and test ranges may start `lookback` rows early; the shading starts at the
  // row their targets start). nullopt removes them.
  void setSplit(const std::optional<aaren::data::SplitBorders>& split);

  int graphCount() const;
  // Samples of channel `graph` (what was loaded), and points currently handed to QCustomPlot.
  int pointCount(int graph) const;
  int displayedPointCount(int graph) const;
  QString graphName(int graph) const;
  bool isChannelVisible(int graph) const;
  void setChannelVisible(int graph, bool visible);
  bool hasTime() const { return timed_; }

  // Time axis range in key units (seconds since the epoch, or row numbers).
  void setKeyRange(double lo, double hi);
  double keyLower() const;
  double keyUpper() const;
  double fullKeyLower() const { return full_lo_; }
  double fullKeyUpper() const { return full_hi_; }
  void resetView();          // the whole series
  void zoomBy(double factor);  // > 1 zooms in around the centre

  // Moves the crosshair to the sample nearest `key` (as the mouse does); the read-out text.
  void showCrosshairAt(double key);
  void hideCrosshair();
  QString crosshairText() const;

  const std::vector<Decimator>& decimators() const { return decimators_; }
  QCustomPlot* plot() const { return plot_; }

 Q_SIGNALS:
  void keyRangeChanged(double lo, double hi);
  void channelVisibilityChanged(int graph, bool visible);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void onRangeChanged();
  void refreshDisplay();
  void restyle();
  void updateSplitItems();
  void updateLegendItem(int graph);

  QCustomPlot* plot_;
  std::shared_ptr<const aaren::data::Series> series_;
  bool timed_ = false;
  std::vector<double> keys_;
  std::vector<std::vector<double>> sorted_values_;  // only when the timestamps are out of order
  std::vector<Decimator> decimators_;
  std::vector<int> displayed_;
  double full_lo_ = 0, full_hi_ = 1;
  bool refreshing_ = false;

  std::optional<aaren::data::SplitBorders> split_;
  std::vector<QCPItemRect*> split_rects_;
  std::vector<QCPItemText*> split_labels_;

  QCPItemStraightLine* cross_line_ = nullptr;
  QCPItemText* cross_text_ = nullptr;
  std::vector<QCPItemTracer*> cross_dots_;
  double cross_key_ = 0;
  bool cross_visible_ = false;
};

}  // namespace aaren::ui
