#include "ui/explore/PlotSupport.h"

#include "ui/QCustomPlot.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

#include <cmath>

namespace aaren::ui {

void setKeyAxis(QCustomPlot* plot, bool timed, const QString& rowLabel) {
  if (timed) {
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeFormat(QStringLiteral("yyyy-MM-dd\nhh:mm"));
    ticker->setDateTimeSpec(Qt::UTC);
    ticker->setTickCount(6);
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setLabel(QString());
  } else {
    auto ticker = QSharedPointer<QCPAxisTicker>::create();
    ticker->setTickCount(6);
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setLabel(rowLabel);
  }
}

void putLegendAbove(QCustomPlot* plot, int columns) {
  QCPLegend* legend = plot->legend;
  legend->setVisible(true);
  if (legend->layout() != plot->plotLayout()) {
    if (auto* inset = qobject_cast<QCPLayoutInset*>(legend->layout())) inset->take(legend);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, legend);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    plot->plotLayout()->setRowSpacing(0);
  }
  legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
  legend->setWrap(columns);
  legend->setRowSpacing(0);
  legend->setColumnSpacing(12);
  legend->setMargins(QMargins(6, 2, 6, 2));
  legend->setBorderPen(Qt::NoPen);
  legend->setBrush(Qt::NoBrush);
  legend->setIconSize(18, 8);
  legend->setMaximumSize(QWIDGETSIZE_MAX, 60);
}

QString formatKey(double key, bool timed) {
  if (timed) {
    const QDateTime t = QDateTime::fromSecsSinceEpoch(static_cast<qint64>(std::llround(key)), QTimeZone::utc());
    const bool seconds = t.time().second() != 0;
    return t.toString(seconds ? QStringLiteral("yyyy-MM-dd HH:mm:ss") : QStringLiteral("yyyy-MM-dd HH:mm"));
  }
  return QLocale(QLocale::English).toString(static_cast<qlonglong>(std::llround(key)));
}

QString formatValue(double value) {
  if (std::isnan(value)) return QStringLiteral("—");
  const double a = std::fabs(value);
  if (a != 0 && (a >= 1e7 || a < 1e-3)) return QString::number(value, 'g', 4);
  return QString::number(value, 'f', a >= 1000 ? 1 : a >= 100 ? 2 : 3);
}

}  // namespace aaren::ui
