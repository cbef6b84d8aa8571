#include "ui/explore/RangeSelector.h"

#include "ui/QCustomPlot.h"
#include "ui/Theme.h"
#include "ui/explore/Decimator.h"
#include "ui/explore/PlotSupport.h"

#include <QMouseEvent>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <cmath>

namespace aaren::ui {

RangeSelector::RangeSelector(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)), window_(nullptr) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  plot_->setPlottingHints(QCP::phFastPolylines | QCP::phCacheLabels);
  setMinimumHeight(56);
  setMaximumHeight(110);
  plot_->setMouseTracking(true);
  plot_->installEventFilter(this);
  plot_->yAxis->setVisible(false);
  plot_->xAxis->setTickLabels(false);
  plot_->xAxis->grid()->setVisible(false);
  plot_->yAxis->grid()->setVisible(false);
  plot_->axisRect()->setAutoMargins(QCP::msNone);
  plot_->axisRect()->setMargins(QMargins(0, 2, 0, 2));
  plot_->setToolTip(tr("Overview: drag the window to pan, drag its edges to resize, click to jump, wheel to zoom"));
  window_ = new QCPItemRect(plot_);
  window_->setSelectable(false);
  window_->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
  window_->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
  connect(&Theme::instance(), &Theme::changed, this, &RangeSelector::restyle);
  restyle();
}

void RangeSelector::restyle() {
  Theme::stylePlot(plot_);
  const PlotColors& c = Theme::instance().plotColors();
  QColor fill = c.dark ? QColor(255, 255, 255, 36) : QColor(0, 0, 0, 26);
  window_->setBrush(fill);
  QColor edge = c.foreground;
  edge.setAlpha(150);
  window_->setPen(QPen(edge, 1.5));
  for (int g = 0; g < plot_->graphCount(); ++g) {
    QColor col = seriesColor(g);
    col.setAlpha(200);
    plot_->graph(g)->setPen(QPen(col, 1));
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void RangeSelector::clear() {
  sources_ = nullptr;
  plot_->clearGraphs();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void RangeSelector::setSources(const std::vector<Decimator>* sources, double lo, double hi, bool timed) {
  sources_ = sources;
  full_lo_ = lo;
  full_hi_ = hi > lo ? hi : lo + 1;
  setKeyAxis(plot_, timed);
  plot_->xAxis->setLabel(QString());
  plot_->xAxis->setRange(full_lo_, full_hi_);
  redraw();
  setWindow(full_lo_, full_hi_);
}

void RangeSelector::redraw() {
  plot_->clearGraphs();
  if (!sources_) return;
  const int pixels = std::max(plot_->width(), 400);
  std::vector<DisplayPoint> points;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::size_t c = 0; c < sources_->size(); ++c) {
    const Decimator& d = (*sources_)[c];
    d.visible(full_lo_, full_hi_, pixels, points);
    QVector<QCPGraphData> data(static_cast<qsizetype>(points.size()));
    for (std::size_t i = 0; i < points.size(); ++i) data[static_cast<qsizetype>(i)] = QCPGraphData(points[i].key, points[i].value);
    QCPGraph* g = plot_->addGraph();
    g->data()->set(data, true);
    double cmin, cmax;
    if (d.valueRange(full_lo_, full_hi_, cmin, cmax)) {
      lo = std::min(lo, cmin);
      hi = std::max(hi, cmax);
    }
  }
  if (lo < hi) plot_->yAxis->setRange(lo - (hi - lo) * 0.05, hi + (hi - lo) * 0.05);
  restyle();
}

void RangeSelector::setWindow(double lo, double hi) {
  lo_ = lo;
  hi_ = hi;
  window_->topLeft->setCoords(std::max(lo, full_lo_), 0);
  window_->bottomRight->setCoords(std::min(hi, full_hi_), 1);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

bool RangeSelector::eventFilter(QObject* watched, QEvent* event) {
  if (watched != plot_ || !sources_) return QWidget::eventFilter(watched, event);
  auto keyAt = [&](const QPointF& p) { return plot_->xAxis->pixelToCoord(p.x()); };
  const double edgeKeys = (full_hi_ - full_lo_) / std::max(plot_->width(), 1) * 5;  // 5 px
  switch (event->type()) {
    case QEvent::MouseButtonPress: {
      const auto* me = static_cast<QMouseEvent*>(event);
      if (me->button() != Qt::LeftButton) break;
      const double k = keyAt(me->position());
      const double width = hi_ - lo_;
      if (std::fabs(k - lo_) <= edgeKeys) {
        drag_ = Drag::Left;
      } else if (std::fabs(k - hi_) <= edgeKeys) {
        drag_ = Drag::Right;
      } else if (k > lo_ && k < hi_) {
        drag_ = Drag::Move;
        grab_offset_ = k - lo_;
      } else {
        drag_ = Drag::Move;
        grab_offset_ = width / 2;
        Q_EMIT windowRequested(k - width / 2, k + width / 2);
      }
      return true;
    }
    case QEvent::MouseMove: {
      const auto* me = static_cast<QMouseEvent*>(event);
      const double k = keyAt(me->position());
      if (drag_ == Drag::None) {
        const bool edge = std::fabs(k - lo_) <= edgeKeys || std::fabs(k - hi_) <= edgeKeys;
        plot_->setCursor(edge ? Qt::SizeHorCursor : (k > lo_ && k < hi_ ? Qt::OpenHandCursor : Qt::PointingHandCursor));
        break;
      }
      const double minWidth = (full_hi_ - full_lo_) * 1e-4;
      if (drag_ == Drag::Move) {
        const double width = hi_ - lo_;
        Q_EMIT windowRequested(k - grab_offset_, k - grab_offset_ + width);
      } else if (drag_ == Drag::Left) {
        Q_EMIT windowRequested(std::min(k, hi_ - minWidth), hi_);
      } else {
        Q_EMIT windowRequested(lo_, std::max(k, lo_ + minWidth));
      }
      return true;
    }
    case QEvent::MouseButtonRelease:
      drag_ = Drag::None;
      return true;
    case QEvent::Wheel: {
      const auto* we = static_cast<QWheelEvent*>(event);
      const double factor = std::pow(0.85, we->angleDelta().y() / 120.0);
      const double c = (lo_ + hi_) / 2, half = (hi_ - lo_) / 2 * factor;
      Q_EMIT windowRequested(c - half, c + half);
      return true;
    }
    case QEvent::Resize:
      QMetaObject::invokeMethod(this, &RangeSelector::redraw, Qt::QueuedConnection);
      break;
    default:
      break;
  }
  return QWidget::eventFilter(watched, event);
}

}  // namespace aaren::ui
