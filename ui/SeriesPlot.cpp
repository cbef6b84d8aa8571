#include "ui/SeriesPlot.h"

#include "core/data/Series.h"

#include <QVBoxLayout>
#include "ui/QCustomPlot.h"

#include <array>
#include <cmath>

namespace aaren::ui {
namespace {

// Okabe–Ito palette: distinguishable for colour-blind readers.
constexpr std::array<QRgb, 8> kPalette = {0xff0072b2, 0xffe69f00, 0xff009e73, 0xffd55e00,
                                          0xffcc79a7, 0xff56b4e9, 0xfff0e442, 0xff000000};

}  // namespace

SeriesPlot::SeriesPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectLegend);
  plot_->axisRect()->setRangeZoom(Qt::Horizontal);
  plot_->axisRect()->setRangeDrag(Qt::Horizontal);
  plot_->legend->setVisible(true);
  plot_->legend->setFont(QFont(font().family(), 8));
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  plot_->setNoAntialiasingOnDrag(true);
}

void SeriesPlot::clear() {
  plot_->clearGraphs();
  plot_->replot();
}

void SeriesPlot::setSeries(const aaren::data::Series& series) {
  plot_->clearGraphs();
  const bool timed = series.hasTime();
  if (timed) {
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeFormat(QStringLiteral("yyyy-MM-dd\nhh:mm"));
    ticker->setDateTimeSpec(Qt::UTC);
    plot_->xAxis->setTicker(ticker);
    plot_->xAxis->setLabel(QStringLiteral("time (UTC)"));
  } else {
    plot_->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    plot_->xAxis->setLabel(QStringLiteral("row"));
  }
  plot_->yAxis->setLabel(QStringLiteral("value"));

  QVector<double> keys(static_cast<qsizetype>(series.rows));
  for (std::size_t r = 0; r < series.rows; ++r)
    keys[static_cast<qsizetype>(r)] = timed ? static_cast<double>(series.timestamps[r]) : static_cast<double>(r);
  for (std::size_t c = 0; c < series.cols(); ++c) {
    auto column = series.column(c);
    QVector<double> values(column.begin(), column.end());
    auto* graph = plot_->addGraph();
    graph->setName(QString::fromStdString(series.names[c]));
    graph->setPen(QPen(QColor::fromRgba(kPalette[c % kPalette.size()]), 1.0));
    graph->setAdaptiveSampling(true);
    graph->setData(keys, values, /*alreadySorted=*/true);
  }
  plot_->rescaleAxes();
  plot_->replot();
}

int SeriesPlot::graphCount() const { return plot_->graphCount(); }

int SeriesPlot::pointCount(int graph) const { return plot_->graph(graph)->data()->size(); }

QString SeriesPlot::graphName(int graph) const { return plot_->graph(graph)->name(); }

}  // namespace aaren::ui
