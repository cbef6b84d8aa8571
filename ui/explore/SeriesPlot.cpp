#include "ui/explore/SeriesPlot.h"

#include "core/data/Series.h"
#include "ui/QCustomPlot.h"
#include "ui/Theme.h"
#include "ui/explore/PlotSupport.h"

#include <QMouseEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace aaren::ui {

namespace {

const QString kSplitLayer = QStringLiteral("splits");

}  // namespace

SeriesPlot::SeriesPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->axisRect()->setRangeZoom(Qt::Horizontal);
  plot_->axisRect()->setRangeDrag(Qt::Horizontal);
  plot_->axisRect()->setRangeZoomFactor(0.85);
  plot_->setNoAntialiasingOnDrag(true);
  // Polylines instead of segment-by-segment strokes: a dense min/max envelope then costs
  // milliseconds, not seconds.
  plot_->setPlottingHints(QCP::phFastPolylines | QCP::phCacheLabels);
  plot_->setMouseTracking(true);
  plot_->installEventFilter(this);
  plot_->addLayer(kSplitLayer, plot_->layer(QStringLiteral("grid")), QCustomPlot::limAbove);
  putLegendAbove(plot_);
  plot_->legend->setSelectableParts(QCPLegend::spNone);
  setKeyAxis(plot_, false);
  plot_->yAxis->setLabel(QString());

  // The crosshair lives on its own buffered layer: moving it repaints that layer only.
  plot_->layer(QStringLiteral("overlay"))->setMode(QCPLayer::lmBuffered);
  cross_line_ = new QCPItemStraightLine(plot_);
  cross_line_->setLayer(QStringLiteral("overlay"));
  cross_line_->setSelectable(false);
  cross_text_ = new QCPItemText(plot_);
  cross_text_->setLayer(QStringLiteral("overlay"));
  cross_text_->setSelectable(false);
  cross_text_->position->setType(QCPItemPosition::ptAbsolute);
  cross_text_->setTextAlignment(Qt::AlignLeft);
  cross_text_->setPadding(QMargins(6, 4, 6, 4));
  cross_text_->setClipToAxisRect(false);
  hideCrosshair();

  connect(plot_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, &SeriesPlot::onRangeChanged);
  connect(plot_, &QCustomPlot::legendClick, this, [this](QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*) {
    auto* pli = qobject_cast<QCPPlottableLegendItem*>(item);
    if (!pli) return;
    for (int g = 0; g < plot_->graphCount(); ++g)
      if (plot_->graph(g) == pli->plottable()) setChannelVisible(g, !plot_->graph(g)->visible());
  });
  connect(&Theme::instance(), &Theme::changed, this, &SeriesPlot::restyle);
  restyle();
}

SeriesPlot::~SeriesPlot() = default;

void SeriesPlot::restyle() {
  Theme::stylePlot(plot_);
  const PlotColors& c = Theme::instance().plotColors();
  cross_line_->setPen(QPen(c.crosshair, 1, Qt::DashLine));
  cross_text_->setBrush(c.tooltipBackground);
  cross_text_->setPen(QPen(c.grid));
  cross_text_->setColor(c.foreground);
  QFont f = font();
  f.setPointSizeF(f.pointSizeF() * 0.9);
  cross_text_->setFont(f);
  plot_->legend->setFont(f);
  for (int g = 0; g < plot_->graphCount(); ++g) {
    plot_->graph(g)->setPen(QPen(seriesColor(g), 1.0));
    updateLegendItem(g);
  }
  for (std::size_t i = 0; i < cross_dots_.size(); ++i) {
    cross_dots_[i]->setPen(QPen(seriesColor(static_cast<int>(i)), 1.5));
    cross_dots_[i]->setBrush(c.background);
  }
  updateSplitItems();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void SeriesPlot::clear() {
  series_.reset();
  keys_.clear();
  sorted_values_.clear();
  decimators_.clear();
  displayed_.clear();
  plot_->clearGraphs();
  for (auto* dot : cross_dots_) plot_->removeItem(dot);
  cross_dots_.clear();
  hideCrosshair();
  split_.reset();
  updateSplitItems();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void SeriesPlot::setSeries(const aaren::data::Series& series) {
  setSeries(std::make_shared<const aaren::data::Series>(series));
}

void SeriesPlot::setSeries(std::shared_ptr<const aaren::data::Series> series) {
  clear();
  if (!series) return;
  series_ = std::move(series);
  const auto& s = *series_;
  timed_ = s.hasTime();
  keys_.resize(s.rows);
  for (std::size_t r = 0; r < s.rows; ++r) keys_[r] = timed_ ? static_cast<double>(s.timestamps[r]) : static_cast<double>(r);
  // Out-of-order timestamps: draw the rows in time order.
  std::vector<std::size_t> order;
  if (!std::is_sorted(keys_.begin(), keys_.end())) {
    order.resize(s.rows);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys_[a] < keys_[b]; });
    std::vector<double> sortedKeys(s.rows);
    for (std::size_t r = 0; r < s.rows; ++r) sortedKeys[r] = keys_[order[r]];
    keys_ = std::move(sortedKeys);
    sorted_values_.resize(s.cols());
    for (std::size_t c = 0; c < s.cols(); ++c) {
      const auto col = s.column(c);
      sorted_values_[c].resize(s.rows);
      for (std::size_t r = 0; r < s.rows; ++r) sorted_values_[c][r] = col[order[r]];
    }
  }
  setKeyAxis(plot_, timed_);
  decimators_.reserve(s.cols());
  for (std::size_t c = 0; c < s.cols(); ++c) {
    const std::span<const double> values = sorted_values_.empty() ? s.column(c) : std::span<const double>(sorted_values_[c]);
    decimators_.emplace_back(keys_, values);
    QCPGraph* graph = plot_->addGraph();
    graph->setName(QString::fromStdString(s.names[c]));
    graph->setPen(QPen(seriesColor(static_cast<int>(c)), 1.0));
    graph->setAdaptiveSampling(false);  // the Decimator already did it
    auto* dot = new QCPItemTracer(plot_);
    dot->setLayer(QStringLiteral("overlay"));
    dot->setStyle(QCPItemTracer::tsCircle);
    dot->setSize(7);
    dot->setSelectable(false);
    dot->setVisible(false);
    dot->position->setType(QCPItemPosition::ptPlotCoords);
    cross_dots_.push_back(dot);
  }
  displayed_.assign(s.cols(), 0);
  full_lo_ = keys_.empty() ? 0 : keys_.front();
  full_hi_ = keys_.empty() ? 1 : keys_.back();
  if (full_hi_ <= full_lo_) full_hi_ = full_lo_ + 1;
  restyle();
  resetView();
}

void SeriesPlot::setSplit(const std::optional<aaren::data::SplitBorders>& split) {
  split_ = split;
  updateSplitItems();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void SeriesPlot::updateSplitItems() {
  for (auto* r : split_rects_) plot_->removeItem(r);
  for (auto* t : split_labels_) plot_->removeItem(t);
  split_rects_.clear();
  split_labels_.clear();
  if (!split_ || keys_.empty() || !series_) return;
  const std::size_t rows = series_->rows;
  // Row keys in row order (not the sorted drawing order).
  auto keyOfRow = [&](std::size_t r) {
    r = std::min(r, rows - 1);
    return timed_ ? static_cast<double>(series_->timestamps[r]) : static_cast<double>(r);
  };
  const PlotColors& c = Theme::instance().plotColors();
  struct Region {
    std::size_t begin, end;
    QColor color;
    QString name;
  };
  const auto& b = *split_;
  const Region regions[] = {{b.train.begin, b.train.end, c.train, tr("train")},
                            {b.train.end, b.val.end, c.validation, tr("validation")},
                            {std::max(b.val.end, b.test.begin), b.test.end, c.test, tr("test")}};
  for (const Region& region : regions) {
    if (region.end <= region.begin || region.begin >= rows) continue;
    auto* rect = new QCPItemRect(plot_);
    rect->setLayer(kSplitLayer);
    rect->setSelectable(false);
    rect->setPen(Qt::NoPen);
    rect->setBrush(region.color);
    rect->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
    rect->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    rect->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
    rect->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    rect->topLeft->setCoords(keyOfRow(region.begin), 0);
    rect->bottomRight->setCoords(keyOfRow(region.end), 1);
    split_rects_.push_back(rect);
    auto* label = new QCPItemText(plot_);
    label->setLayer(kSplitLayer);
    label->setSelectable(false);
    label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords((keyOfRow(region.begin) + keyOfRow(region.end)) / 2, 0);
    label->setPositionAlignment(Qt::AlignTop | Qt::AlignHCenter);
    label->setPadding(QMargins(2, 3, 2, 1));
    QColor text = c.foreground;
    text.setAlpha(170);
    label->setColor(text);
    label->setText(region.name);
    split_labels_.push_back(label);
  }
}

int SeriesPlot::graphCount() const { return plot_->graphCount(); }

int SeriesPlot::pointCount(int graph) const {
  return graph >= 0 && graph < static_cast<int>(decimators_.size()) ? static_cast<int>(decimators_[static_cast<std::size_t>(graph)].size()) : 0;
}

int SeriesPlot::displayedPointCount(int graph) const { return plot_->graph(graph)->data()->size(); }

QString SeriesPlot::graphName(int graph) const { return plot_->graph(graph)->name(); }

bool SeriesPlot::isChannelVisible(int graph) const { return plot_->graph(graph)->visible(); }

void SeriesPlot::setChannelVisible(int graph, bool visible) {
  if (graph < 0 || graph >= plot_->graphCount() || plot_->graph(graph)->visible() == visible) return;
  plot_->graph(graph)->setVisible(visible);
  updateLegendItem(graph);
  refreshDisplay();
  if (cross_visible_) showCrosshairAt(cross_key_);
  Q_EMIT channelVisibilityChanged(graph, visible);
}

void SeriesPlot::updateLegendItem(int graph) {
  QCPPlottableLegendItem* item = plot_->legend->itemWithPlottable(plot_->graph(graph));
  if (!item) return;
  QColor c = Theme::instance().plotColors().foreground;
  if (!plot_->graph(graph)->visible()) c.setAlpha(90);
  item->setTextColor(c);
}

void SeriesPlot::setKeyRange(double lo, double hi) { plot_->xAxis->setRange(lo, hi); }
double SeriesPlot::keyLower() const { return plot_->xAxis->range().lower; }
double SeriesPlot::keyUpper() const { return plot_->xAxis->range().upper; }

void SeriesPlot::resetView() {
  const double pad = (full_hi_ - full_lo_) * 0.005;
  plot_->xAxis->setRange(full_lo_ - pad, full_hi_ + pad);
  refreshDisplay();
}

void SeriesPlot::zoomBy(double factor) {
  if (factor <= 0) return;
  plot_->xAxis->scaleRange(1.0 / factor, plot_->xAxis->range().center());
}

void SeriesPlot::onRangeChanged() {
  if (refreshing_) return;
  // Keep the view on the data: no panning into nothing, no zooming in below a few samples.
  QCPRange r = plot_->xAxis->range();
  const double span = full_hi_ - full_lo_;
  const double minWidth = keys_.size() > 1 ? span / static_cast<double>(keys_.size() - 1) * 4 : 1e-9;
  bool changed = false;
  if (r.size() > span * 1.05) {
    r = QCPRange(full_lo_ - span * 0.025, full_hi_ + span * 0.025);
    changed = true;
  }
  if (r.size() < minWidth) {
    const double c = r.center();
    r = QCPRange(c - minWidth / 2, c + minWidth / 2);
    changed = true;
  }
  if (r.lower < full_lo_ - span * 0.025) r += (full_lo_ - span * 0.025) - r.lower, changed = true;
  if (r.upper > full_hi_ + span * 0.025) r -= r.upper - (full_hi_ + span * 0.025), changed = true;
  if (changed) {
    refreshing_ = true;
    plot_->xAxis->setRange(r);
    refreshing_ = false;
  }
  refreshDisplay();
}

void SeriesPlot::refreshDisplay() {
  const QCPRange r = plot_->xAxis->range();
  // The axis rect's width is only known after a layout pass; the widget's width bounds it.
  const int pixels = std::max({plot_->axisRect()->width(), plot_->width() - 60, 200});
  std::vector<DisplayPoint> points;
  QVector<QCPGraphData> data;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::size_t c = 0; c < decimators_.size(); ++c) {
    QCPGraph* graph = plot_->graph(static_cast<int>(c));
    if (!graph->visible()) {
      graph->data()->clear();
      displayed_[c] = 0;
      continue;
    }
    decimators_[c].visible(r.lower, r.upper, pixels, points);
    data.resize(static_cast<qsizetype>(points.size()));
    for (std::size_t i = 0; i < points.size(); ++i) data[static_cast<qsizetype>(i)] = QCPGraphData(points[i].key, points[i].value);
    graph->data()->set(data, /*alreadySorted=*/true);
    displayed_[c] = static_cast<int>(points.size());
    double cmin, cmax;
    if (decimators_[c].valueRange(r.lower, r.upper, cmin, cmax)) {
      lo = std::min(lo, cmin);
      hi = std::max(hi, cmax);
    }
  }
  if (lo <= hi) {
    const double pad = hi > lo ? (hi - lo) * 0.06 : std::max(std::fabs(hi) * 0.1, 1.0);
    plot_->yAxis->setRange(lo - pad, hi + pad * 1.6);  // headroom for the split labels
  }
  Q_EMIT keyRangeChanged(r.lower, r.upper);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

bool SeriesPlot::eventFilter(QObject* watched, QEvent* event) {
  if (watched == plot_) {
    if (event->type() == QEvent::MouseMove) {
      const auto* me = static_cast<QMouseEvent*>(event);
      if (plot_->axisRect()->rect().contains(me->position().toPoint()) && !(me->buttons() & Qt::LeftButton))
        showCrosshairAt(plot_->xAxis->pixelToCoord(me->position().x()));
      else if (cross_visible_)
        hideCrosshair();
    } else if (event->type() == QEvent::Leave) {
      hideCrosshair();
    } else if (event->type() == QEvent::Resize) {
      QMetaObject::invokeMethod(this, &SeriesPlot::refreshDisplay, Qt::QueuedConnection);
    } else if (event->type() == QEvent::MouseButtonDblClick) {
      resetView();
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

void SeriesPlot::showCrosshairAt(double key) {
  if (decimators_.empty() || keys_.empty()) return;
  const std::size_t i = decimators_.front().nearest(key);
  const double k = keys_[i];
  cross_key_ = k;
  cross_visible_ = true;
  cross_line_->point1->setCoords(k, 0);
  cross_line_->point2->setCoords(k, 1);
  cross_line_->setVisible(true);
  QString text = formatKey(k, timed_);
  for (std::size_t c = 0; c < decimators_.size(); ++c) {
    QCPGraph* graph = plot_->graph(static_cast<int>(c));
    const double v = decimators_[c].values()[i];
    const bool show = graph->visible();
    cross_dots_[c]->setVisible(show && !std::isnan(v));
    cross_dots_[c]->position->setCoords(k, v);
    if (show) text += QLatin1Char('\n') + graph->name() + QStringLiteral(": ") + formatValue(v);
  }
  cross_text_->setText(text);
  // Beside the line, on whichever side has room.
  const QRect area = plot_->axisRect()->rect();
  const double x = plot_->xAxis->coordToPixel(k);
  const bool right = x < area.center().x();
  cross_text_->position->setCoords(right ? x + 10 : x - 10, area.top() + 22);
  cross_text_->setPositionAlignment(Qt::AlignTop | (right ? Qt::AlignLeft : Qt::AlignRight));
  cross_text_->setVisible(true);
  plot_->layer(QStringLiteral("overlay"))->replot();
}

void SeriesPlot::hideCrosshair() {
  if (!cross_visible_ && !cross_line_->visible()) return;
  cross_visible_ = false;
  cross_line_->setVisible(false);
  cross_text_->setVisible(false);
  for (auto* dot : cross_dots_) dot->setVisible(false);
  if (plot_->layer(QStringLiteral("overlay"))) plot_->layer(QStringLiteral("overlay"))->replot();
}

QString SeriesPlot::crosshairText() const { return cross_visible_ ? cross_text_->text() : QString(); }

}  // namespace aaren::ui
