#include "ui/evaluate/StepErrorPlot.h"

#include "ui/QCustomPlot.h"
#include "ui/Theme.h"
#include "ui/explore/PlotSupport.h"

#include <QVBoxLayout>

namespace aaren::ui {

StepErrorPlot::StepErrorPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  plot_->setPlottingHints(QCP::phFastPolylines | QCP::phCacheLabels);
  setMinimumSize(260, 150);
  plot_->xAxis->setLabel(tr("horizon step"));
  plot_->yAxis->setLabel(tr("MSE"));
  putLegendAbove(plot_, 2);
  connect(&Theme::instance(), &Theme::changed, this, &StepErrorPlot::restyle);
  restyle();
}

void StepErrorPlot::restyle() {
  Theme::stylePlot(plot_);
  static constexpr int kModel[] = {3, 4, 7}, kBaseline[] = {0, 1, 2, 5, 6};
  int models = 0, baselines = 0;
  for (int g = 0; g < plot_->graphCount(); ++g) {
    const bool model = plot_->graph(g)->property("model").toBool();
    // The (first) model in vermillion as in the forecast plot; baselines dashed.
    const int colour = model ? kModel[models++ % 3] : kBaseline[baselines++ % 5];
    plot_->graph(g)->setPen(QPen(seriesColor(colour), model ? 2.0 : 1.2, model ? Qt::SolidLine : Qt::DashLine));
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void StepErrorPlot::setRows(const std::vector<ScoreRow>& rows) {
  plot_->clearGraphs();
  for (const auto& row : rows) {
    if (row.mseByStep.empty()) continue;
    QCPGraph* g = plot_->addGraph();
    g->setName(QString::fromStdString(row.name));
    g->setProperty("model", row.isModel);
    for (std::size_t k = 0; k < row.mseByStep.size(); ++k) g->addData(static_cast<double>(k + 1), row.mseByStep[k]);
  }
  restyle();
  plot_->rescaleAxes();
  const QCPRange y = plot_->yAxis->range();
  plot_->yAxis->setRange(0, y.upper * 1.08);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace aaren::ui
