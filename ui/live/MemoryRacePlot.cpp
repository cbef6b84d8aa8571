#include "ui/live/MemoryRacePlot.h"

#include "ui/QCustomPlot.h"
#include "ui/Theme.h"
#include "ui/explore/PlotSupport.h"
#include "ui/live/LiveStyle.h"

#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace aaren::ui {

namespace st = aaren::stream;

namespace {

// A log range around [lo, hi] spanning at least `minFactor`, with a little room.
QCPRange logRange(double lo, double hi, double minFactor) {
  if (!(lo > 0) || !(hi > 0)) return QCPRange(1, 1024);
  lo /= 1.6;
  hi *= 1.6;
  if (hi / lo < minFactor) {
    const double mid = std::sqrt(lo * hi), half = std::sqrt(minFactor);
    lo = mid / half;
    hi = mid * half;
  }
  return QCPRange(lo, hi);
}

}  // namespace

MemoryRacePlot::MemoryRacePlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  plot_->setPlottingHints(QCP::phFastPolylines | QCP::phCacheLabels);
  putLegendAbove(plot_, 6);
  plot_->legend->setSelectableParts(QCPLegend::spNone);

  // A 2×2 grid of axis rects in place of the default one.
  state_rect_ = plot_->axisRect();
  plot_->plotLayout()->take(state_rect_);
  auto* grid = new QCPLayoutGrid;
  plot_->plotLayout()->addElement(1, 0, grid);
  latency_rect_ = new QCPAxisRect(plot_);
  compute_rect_ = new QCPAxisRect(plot_);
  rss_rect_ = new QCPAxisRect(plot_);
  grid->addElement(0, 0, state_rect_);
  grid->addElement(0, 1, latency_rect_);
  grid->addElement(1, 0, compute_rect_);
  grid->addElement(1, 1, rss_rect_);
  grid->setColumnSpacing(8);
  grid->setRowSpacing(4);
  auto* leftColumn = new QCPMarginGroup(plot_);
  auto* rightColumn = new QCPMarginGroup(plot_);
  state_rect_->setMarginGroup(QCP::msLeft, leftColumn);
  compute_rect_->setMarginGroup(QCP::msLeft, leftColumn);
  latency_rect_->setMarginGroup(QCP::msLeft, rightColumn);
  rss_rect_->setMarginGroup(QCP::msLeft, rightColumn);

  setLogAxis(state_rect_->axis(QCPAxis::atLeft), UnitLogTicker::Unit::Bytes);
  setLogAxis(latency_rect_->axis(QCPAxis::atLeft), UnitLogTicker::Unit::Micros);
  state_rect_->axis(QCPAxis::atLeft)->setLabel(tr("state held"));
  latency_rect_->axis(QCPAxis::atLeft)->setLabel(tr("step: median, p99 (dashed)"));
  compute_rect_->axis(QCPAxis::atLeft)->setLabel(tr("cumulative compute (s)"));
  rss_rect_->axis(QCPAxis::atLeft)->setLabel(tr("process RSS (MiB)"));
  for (QCPAxisRect* r : {state_rect_, latency_rect_, compute_rect_, rss_rect_}) {
    QCPAxis* x = r->axis(QCPAxis::atBottom);
    x->ticker()->setTickCount(4);
    x->setNumberFormat(QStringLiteral("f"));
    x->setNumberPrecision(0);
    r->axis(QCPAxis::atLeft)->ticker()->setTickCount(4);
    r->setupFullAxesBox(false);
    r->axis(QCPAxis::atTop)->setTicks(false);
    r->axis(QCPAxis::atRight)->setTicks(false);
    r->axis(QCPAxis::atTop)->setTickLabels(false);
    r->axis(QCPAxis::atRight)->setTickLabels(false);
  }
  compute_rect_->axis(QCPAxis::atBottom)->setLabel(tr("samples seen"));
  rss_rect_->axis(QCPAxis::atBottom)->setLabel(tr("samples seen"));
  connect(&Theme::instance(), &Theme::changed, this, &MemoryRacePlot::restyle);
  clear();
}

void MemoryRacePlot::restyle() {
  Theme::stylePlot(plot_);
  const PlotColors& c = Theme::instance().plotColors();
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.9);
  plot_->legend->setFont(small);
  plot_->legend->setBrush(Qt::NoBrush);
  plot_->legend->setBorderPen(Qt::NoPen);
  for (QCPAxisRect* r : {state_rect_, latency_rect_, compute_rect_, rss_rect_})
    for (QCPAxis* a : r->axes()) {
      a->setLabelFont(small);
      a->setTickLabelFont(small);
    }
  for (std::size_t i = 0; i < curves_.size(); ++i) {
    const QColor color = modelColor(static_cast<int>(i));
    Curves& k = curves_[i];
    k.state->setPen(QPen(color, 2));
    k.median->setPen(QPen(color, 1.6));
    k.p99->setPen(QPen(color, 1, Qt::DashLine));
    k.cumulative->setPen(QPen(color, 2));
  }
  if (rss_) {
    QColor f = c.foreground;
    f.setAlpha(190);
    rss_->setPen(QPen(f, 1.6));
    QColor fill = f;
    fill.setAlpha(30);
    rss_->setBrush(fill);
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MemoryRacePlot::clear() {
  plot_->clearGraphs();
  curves_.clear();
  rss_ = plot_->addGraph(rss_rect_->axis(QCPAxis::atBottom), rss_rect_->axis(QCPAxis::atLeft));
  // In the legend even with no model: an empty legend's maximum width is its margins, and
  // QCPLayoutGrid would squeeze the whole column of plots below it to that.
  rss_->setName(tr("process RSS"));
  for (QCPAxisRect* r : {state_rect_, latency_rect_, compute_rect_, rss_rect_}) r->axis(QCPAxis::atBottom)->setRange(0, 1000);
  state_rect_->axis(QCPAxis::atLeft)->setRange(256, 1 << 20);
  latency_rect_->axis(QCPAxis::atLeft)->setRange(1, 10000);
  compute_rect_->axis(QCPAxis::atLeft)->setRange(0, 1);
  rss_rect_->axis(QCPAxis::atLeft)->setRange(0, 512);
  restyle();
}

void MemoryRacePlot::ensureCurves(const std::vector<st::ModelView>& models) {
  if (curves_.size() == models.size()) return;
  clear();
  for (const st::ModelView& m : models) {
    Curves k;
    k.state = plot_->addGraph(state_rect_->axis(QCPAxis::atBottom), state_rect_->axis(QCPAxis::atLeft));
    k.state->setName(displayName(m.label, m.kind));
    k.median = plot_->addGraph(latency_rect_->axis(QCPAxis::atBottom), latency_rect_->axis(QCPAxis::atLeft));
    k.p99 = plot_->addGraph(latency_rect_->axis(QCPAxis::atBottom), latency_rect_->axis(QCPAxis::atLeft));
    k.cumulative = plot_->addGraph(compute_rect_->axis(QCPAxis::atBottom), compute_rect_->axis(QCPAxis::atLeft));
    for (QCPGraph* g : {k.median, k.p99, k.cumulative}) g->removeFromLegend();
    curves_.push_back(k);
  }
  restyle();
}

void MemoryRacePlot::setModels(const std::vector<st::ModelView>& models) {
  ensureCurves(models);
  std::size_t longest = 0;
  for (std::size_t i = 0; i < models.size(); ++i) {
    const auto& trace = models[i].trace;
    // The model that has seen the most samples (not the most points: traces are decimated).
    const auto seen = [&](std::size_t m) { return models[m].trace.empty() ? std::uint64_t{0} : models[m].trace.back().samples; };
    if (seen(i) > seen(longest)) longest = i;
    QVector<double> x, state, median, p99, cumulative;
    QVector<double> xs;
    x.reserve(static_cast<int>(trace.size()));
    for (const st::MemorySample& p : trace) {
      const double s = static_cast<double>(p.samples);
      x.push_back(s);
      // A log axis has no zero: a point without state (before the first step) is left out.
      state.push_back(p.state_bytes > 0 ? static_cast<double>(p.state_bytes) : qQNaN());
      median.push_back(p.step_median_us > 0 ? p.step_median_us : qQNaN());
      p99.push_back(p.step_p99_us > 0 ? p.step_p99_us : qQNaN());
      cumulative.push_back(p.cumulative_seconds);
    }
    Curves& k = curves_[i];
    k.state->setData(x, state, true);
    k.median->setData(x, median, true);
    k.p99->setData(x, p99, true);
    k.cumulative->setData(x, cumulative, true);
  }
  QVector<double> x, rss;
  if (!models.empty())
    for (const st::MemorySample& p : models[longest].trace)
      if (p.rss_bytes > 0) {
        x.push_back(static_cast<double>(p.samples));
        rss.push_back(static_cast<double>(p.rss_bytes) / (1024.0 * 1024.0));
      }
  rss_->setData(x, rss, true);
  rescale();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MemoryRacePlot::rescale() {
  double xmax = 0, smin = 0, smax = 0, lmin = 0, lmax = 0, cmax = 0;
  for (const Curves& k : curves_) {
    bool f = false;
    QCPRange r = k.state->getKeyRange(f);
    if (f) xmax = std::max(xmax, r.upper);
    r = k.state->getValueRange(f);
    if (f) {
      smin = smin > 0 ? std::min(smin, r.lower) : r.lower;
      smax = std::max(smax, r.upper);
    }
    for (QCPGraph* g : {k.median, k.p99}) {
      r = g->getValueRange(f);
      if (f) {
        lmin = lmin > 0 ? std::min(lmin, r.lower) : r.lower;
        lmax = std::max(lmax, r.upper);
      }
    }
    r = k.cumulative->getValueRange(f);
    if (f) cmax = std::max(cmax, r.upper);
  }
  if (xmax <= 0) return;
  for (QCPAxisRect* r : {state_rect_, latency_rect_, compute_rect_, rss_rect_}) r->axis(QCPAxis::atBottom)->setRange(0, xmax * 1.02);
  state_rect_->axis(QCPAxis::atLeft)->setRange(logRange(smin, smax, 64));
  latency_rect_->axis(QCPAxis::atLeft)->setRange(logRange(lmin, lmax, 100));
  compute_rect_->axis(QCPAxis::atLeft)->setRange(0, cmax > 0 ? cmax * 1.08 : 1);
  bool f = false;
  const QCPRange rss = rss_->getValueRange(f);
  rss_rect_->axis(QCPAxis::atLeft)->setRange(0, f ? rss.upper * 1.15 : 512);
}

int MemoryRacePlot::tracePoints(int model) const { return curves_[static_cast<std::size_t>(model)].state->dataCount(); }

double MemoryRacePlot::stateBytesAt(int model, int i) const {
  const auto* data = curves_[static_cast<std::size_t>(model)].state->data().data();
  return (data->constBegin() + i)->value;
}

}  // namespace aaren::ui
