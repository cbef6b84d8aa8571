#include "ui/training/LossPlot.h"

#include "ui/QCustomPlot.h"
#include "ui/Theme.h"
#include "ui/explore/PlotSupport.h"

#include <QVBoxLayout>

#include <cmath>

namespace aaren::ui {

LossPlot::LossPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  plot_->setPlottingHints(QCP::phFastPolylines | QCP::phCacheLabels);
  setMinimumHeight(180);
  running_ = plot_->addGraph();
  running_->setName(tr("training loss (running)"));
  train_ = plot_->addGraph();
  train_->setName(tr("training loss (epoch)"));
  train_->setLineStyle(QCPGraph::lsNone);
  val_ = plot_->addGraph();
  val_->setName(tr("validation loss"));
  best_ = new QCPItemTracer(plot_);
  best_->setStyle(QCPItemTracer::tsCircle);
  best_->setSize(12);
  best_->setVisible(false);
  best_->setSelectable(false);
  best_->position->setType(QCPItemPosition::ptPlotCoords);
  plot_->xAxis->setLabel(tr("epoch"));
  plot_->yAxis->setLabel(tr("loss"));
  putLegendAbove(plot_, 3);
  connect(&Theme::instance(), &Theme::changed, this, &LossPlot::restyle);
  restyle();
  clear();
}

void LossPlot::restyle() {
  Theme::stylePlot(plot_);
  QColor runningColor = seriesColor(0);
  runningColor.setAlpha(150);
  running_->setPen(QPen(runningColor, 1.2));
  train_->setPen(QPen(seriesColor(0), 1.5));
  train_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, seriesColor(0), 7));
  val_->setPen(QPen(seriesColor(3), 2));
  val_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, seriesColor(3), Theme::instance().plotColors().background, 7));
  best_->setPen(QPen(Theme::instance().plotColors().foreground, 1.5));
  best_->setBrush(Qt::NoBrush);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void LossPlot::clear() {
  running_->data()->clear();
  train_->data()->clear();
  val_->data()->clear();
  best_->setVisible(false);
  max_epoch_ = 1;
  plot_->xAxis->setRange(0, 1);
  plot_->yAxis->setRange(0, 1);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void LossPlot::addProgress(const aaren::train::TrainingProgress& p) {
  max_epoch_ = std::max<double>(max_epoch_, static_cast<double>(p.epochs));
  if (p.epoch_end) {
    if (std::isfinite(p.train_loss)) train_->addData(static_cast<double>(p.epoch), p.train_loss);
    if (p.val_loss >= 0 && std::isfinite(p.val_loss)) val_->addData(static_cast<double>(p.epoch), p.val_loss);
  } else if (p.batches > 0 && std::isfinite(p.train_loss)) {
    const double x = static_cast<double>(p.epoch - 1) + static_cast<double>(p.batch) / static_cast<double>(p.batches);
    // A new epoch restarts the running mean: break the line there.
    if (!running_->data()->isEmpty() && std::floor(running_->data()->at(running_->data()->size() - 1)->key) < p.epoch - 1)
      running_->addData(static_cast<double>(p.epoch - 1), std::nan(""));
    running_->addData(x, p.train_loss);
  }
  rescale();
}

void LossPlot::setHistory(const std::vector<aaren::train::EpochRecord>& history, std::int64_t bestEpoch) {
  clear();
  for (const auto& e : history) {
    if (std::isfinite(e.train_loss)) train_->addData(static_cast<double>(e.epoch), e.train_loss);
    if (std::isfinite(e.val_loss)) val_->addData(static_cast<double>(e.epoch), e.val_loss);
    max_epoch_ = std::max(max_epoch_, static_cast<double>(e.epoch));
  }
  markBest(bestEpoch);
  rescale();
}

void LossPlot::markBest(std::int64_t epoch) {
  const auto it = val_->data()->findBegin(static_cast<double>(epoch), false);
  if (epoch <= 0 || it == val_->data()->constEnd() || it->key != static_cast<double>(epoch)) {
    best_->setVisible(false);
  } else {
    best_->position->setCoords(it->key, it->value);
    best_->setVisible(true);
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void LossPlot::rescale() {
  bool found = false;
  QCPRange y;
  for (QCPGraph* g : {running_, train_, val_}) {
    bool ok = false;
    const QCPRange r = g->getValueRange(ok);
    if (!ok) continue;
    y = found ? QCPRange(std::min(y.lower, r.lower), std::max(y.upper, r.upper)) : r;
    found = true;
  }
  plot_->xAxis->setRange(0, max_epoch_ + 0.1);
  if (found) {
    const double pad = std::max((y.upper - y.lower) * 0.08, 1e-3);
    plot_->yAxis->setRange(std::max(0.0, y.lower - pad), y.upper + pad);
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

int LossPlot::runningPoints() const { return running_->data()->size(); }
int LossPlot::epochPoints() const { return val_->data()->size(); }

}  // namespace aaren::ui
