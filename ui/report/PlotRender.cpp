#include "ui/report/PlotRender.h"

#include "ui/QCustomPlot.h"
#include "ui/report/PlotExport.h"
#include "ui/report/SafeText.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aaren::ui {

using aaren::report::Plot;
using aaren::report::PlotLine;

namespace {

constexpr std::uint32_t kPalette[] = {0x1f4e79, 0xd95f02, 0x1b9e77, 0x7570b3, 0xe7298a,
                                      0x66a61e, 0xe6ab02, 0xa6761d, 0x666666};

QColor rgb(std::uint32_t c) { return QColor::fromRgb((c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff); }

QFont pixelFont(int px, bool bold = false) {
  QFont font(QStringLiteral("DejaVu Sans"));
  font.setStyleHint(QFont::SansSerif);
  font.setPixelSize(px);
  font.setBold(bold);
  return font;
}

QString qs(const std::string& s) { return safeText(s); }

void styleAxis(QCPAxis* axis) {
  const QColor ink(0x33, 0x33, 0x33);
  axis->setBasePen(QPen(ink, 1));
  axis->setTickPen(QPen(ink, 1));
  axis->setSubTickPen(QPen(ink, 1));
  axis->setTickLabelColor(ink);
  axis->setLabelColor(ink);
  axis->setTickLabelFont(pixelFont(10));
  axis->setLabelFont(pixelFont(11));
  axis->setTickLengthIn(0);
  axis->setTickLengthOut(4);
  axis->setSubTickLengthIn(0);
  axis->setSubTickLengthOut(2);
  axis->grid()->setPen(QPen(QColor(0xdd, 0xdd, 0xdd), 1, Qt::SolidLine));
  axis->grid()->setSubGridVisible(false);
  axis->grid()->setZeroLinePen(Qt::NoPen);
}

// Finite min/max of a line's y values.
void extend(const std::vector<double>& v, double& lo, double& hi, bool positiveOnly) {
  for (double y : v) {
    if (!std::isfinite(y) || (positiveOnly && y <= 0)) continue;
    lo = std::min(lo, y);
    hi = std::max(hi, y);
  }
}

QString dateFormatFor(double span) {
  const double day = 86400;
  if (span > 2 * 365 * day) return QStringLiteral("yyyy-MM");
  if (span > 60 * day) return QStringLiteral("yyyy-MM-dd");
  if (span > 3 * day) return QStringLiteral("MMM d");
  return QStringLiteral("MMM d hh:mm");
}

void setValueRange(QCPAxis* axis, double lo, double hi, bool log) {
  if (!(lo <= hi)) {
    axis->setRange(log ? 0.1 : 0, 1);
    return;
  }
  if (log) {
    axis->setRange(lo / 1.5, hi * 1.5);
    return;
  }
  double pad = (hi - lo) * 0.06;
  if (pad == 0) pad = std::abs(hi) > 0 ? std::abs(hi) * 0.1 : 1;
  axis->setRange(lo - pad, hi + pad);
}

// Log-axis labels in plain words: "1 KiB", "64 MiB", "10 µs", "5 ms", "1000".
class UnitLogTicker : public QCPAxisTickerLog {
 public:
  explicit UnitLogTicker(QString unit) : unit_(std::move(unit)) {}

 protected:
  QString getTickLabel(double tick, const QLocale& locale, QChar, int) override {
    if (unit_ == QLatin1String("bytes")) {
      const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
      int u = 0;
      while (tick >= 1024 && u < 4) {
        tick /= 1024;
        ++u;
      }
      return locale.toString(tick, 'f', tick < 10 && tick != std::floor(tick) ? 1 : 0) + QLatin1Char(' ') + QLatin1String(units[u]);
    }
    if (unit_ == QLatin1String("us")) {
      if (tick < 1000) return locale.toString(tick, 'g', 3) + QStringLiteral(" µs");
      if (tick < 1e6) return locale.toString(tick / 1000, 'g', 3) + QStringLiteral(" ms");
      return locale.toString(tick / 1e6, 'g', 3) + QStringLiteral(" s");
    }
    return locale.toString(tick, 'g', 6);
  }

 private:
  QString unit_;
};

}  // namespace

QColor reportColor(std::size_t index) { return rgb(kPalette[index % std::size(kPalette)]); }

void setupReportPlot(QCustomPlot& plot, const Plot& spec) {
  plot.clearPlottables();
  plot.clearItems();
  plot.plotLayout()->clear();  // deletes the default axis rect and legend placement
  plot.setBackground(QBrush(Qt::white));
  plot.setFont(pixelFont(10));
  // Reports are in English whatever the system locale: "0.5" and "Nov 29" everywhere.
  QLocale english(QLocale::English, QLocale::UnitedStates);
  english.setNumberOptions(QLocale::OmitGroupSeparator);
  plot.setLocale(english);

  int row = 0;
  if (!spec.title.empty()) {
    auto* title = new QCPTextElement(&plot, qs(spec.title), pixelFont(13, true));
    title->setTextColor(QColor(0x22, 0x22, 0x22));
    title->setMargins(QMargins(0, 2, 0, 4));
    plot.plotLayout()->addElement(row++, 0, title);
  }
  auto* rect = new QCPAxisRect(&plot, true);
  plot.plotLayout()->addElement(row++, 0, rect);
  rect->setupFullAxesBox(false);
  QCPAxis* x = rect->axis(QCPAxis::atBottom);
  QCPAxis* y = rect->axis(QCPAxis::atLeft);
  QCPAxis* x2 = rect->axis(QCPAxis::atTop);
  QCPAxis* y2 = rect->axis(QCPAxis::atRight);
  for (QCPAxis* a : {x, y, x2, y2}) styleAxis(a);
  x2->setVisible(true);
  x2->setTickLabels(false);
  x2->setTicks(false);
  x2->grid()->setVisible(false);
  bool secondary = false;
  for (const auto& line : spec.lines) secondary = secondary || line.secondary_axis;
  y2->setVisible(true);
  y2->setTickLabels(secondary);
  y2->setTicks(secondary);
  y2->grid()->setVisible(false);
  x->setLabel(qs(spec.x_label));
  y->setLabel(qs(spec.y_label));
  if (secondary) y2->setLabel(qs(spec.y2_label));
  // Margins are computed from the tick labels; keep room for the last date label.
  rect->setMinimumMargins(QMargins(8, 4, 14, 4));

  // The axes ranges.
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo;
  double ylo = xlo, yhi = -xlo, y2lo = xlo, y2hi = -xlo;
  for (const auto& line : spec.lines) {
    extend(line.x, xlo, xhi, false);
    if (line.secondary_axis)
      extend(line.y, y2lo, y2hi, spec.log_y);
    else
      extend(line.y, ylo, yhi, spec.log_y);
  }
  for (const auto& band : spec.bands) {
    xlo = std::min(xlo, band.from);
    xhi = std::max(xhi, band.to);
  }

  if (spec.x_is_time) {
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeSpec(Qt::UTC);
    ticker->setDateTimeFormat(dateFormatFor(xhi - xlo));
    ticker->setTickCount(6);
    x->setTicker(ticker);
  } else if (spec.x_integer) {
    // Whole-number ticks: 1, 2 or 5 × 10^k, at least 1.
    const double span = xhi > xlo ? xhi - xlo : 1;
    const double raw = std::max(1.0, span / 8);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 5.0, 10.0})
      if (m * magnitude >= raw) {
        step = m * magnitude;
        break;
      }
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(step);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    x->setTicker(ticker);
    x->setSubTicks(false);
  } else {
    x->ticker()->setTickCount(8);
  }
  y->ticker()->setTickCount(6);
  if (spec.log_y) {
    for (QCPAxis* a : {y, y2}) {
      a->setScaleType(QCPAxis::stLogarithmic);
      auto log = QSharedPointer<UnitLogTicker>::create(qs(spec.y_unit));
      const bool bytes = spec.y_unit == "bytes";  // powers of two: 1 KiB, 32 KiB, 1 MiB
      log->setLogBase(bytes ? 2 : 10);
      log->setSubTickCount(bytes ? 0 : 8);
      log->setTickCount(6);
      a->setTicker(log);
    }
  }

  std::size_t paletteIndex = 0;
  for (const auto& line : spec.lines) {
    QCPAxis* valueAxis = line.secondary_axis ? y2 : y;
    auto* graph = plot.addGraph(x, valueAxis);
    graph->setName(qs(line.name));
    const QColor color = line.color != 0 ? rgb(line.color) : reportColor(paletteIndex);
    ++paletteIndex;
    QPen pen(color, 1.4);
    pen.setCapStyle(Qt::FlatCap);
    pen.setJoinStyle(Qt::RoundJoin);
    switch (line.style) {
      case PlotLine::Style::Solid: break;
      case PlotLine::Style::Dashed: pen.setStyle(Qt::DashLine); break;
      case PlotLine::Style::Dotted: pen.setStyle(Qt::DotLine); pen.setWidthF(1.6); break;
      case PlotLine::Style::Points:
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 4));
        break;
      case PlotLine::Style::Steps: graph->setLineStyle(QCPGraph::lsStepCenter); break;
    }
    graph->setPen(pen);
    graph->setAdaptiveSampling(true);
    const std::size_t n = std::min(line.x.size(), line.y.size());
    QVector<double> keys(static_cast<qsizetype>(n)), values(static_cast<qsizetype>(n));
    for (std::size_t i = 0; i < n; ++i) {
      keys[static_cast<qsizetype>(i)] = line.x[i];
      // NaN breaks the line; a non-positive value on a log axis is a gap too.
      const double v = line.y[i];
      values[static_cast<qsizetype>(i)] = (spec.log_y && !(v > 0)) ? std::numeric_limits<double>::quiet_NaN() : v;
    }
    graph->setData(keys, values, true);
  }

  if (xlo <= xhi) {
    const double pad = xlo == xhi ? std::max(1.0, std::abs(xlo) * 0.05) : 0.0;
    x->setRange(xlo - pad, xhi + pad);
  } else {
    x->setRange(0, 1);
  }
  setValueRange(y, ylo, yhi, spec.log_y);
  if (secondary)
    setValueRange(y2, y2lo, y2hi, spec.log_y);
  else
    y2->setRange(y->range());
  x2->setRange(x->range());

  // Bands: behind the data, the full height of the axis rect, labelled at the top.
  for (const auto& band : spec.bands) {
    auto* r = new QCPItemRect(&plot);
    r->setClipAxisRect(rect);
    r->setLayer(QStringLiteral("background"));
    for (auto* pos : {r->topLeft, r->bottomRight}) {
      pos->setAxisRect(rect);
      pos->setAxes(x, y);
      pos->setTypeX(QCPItemPosition::ptPlotCoords);
      pos->setTypeY(QCPItemPosition::ptAxisRectRatio);
    }
    r->topLeft->setCoords(band.from, 0);
    r->bottomRight->setCoords(band.to, 1);
    QColor fill = rgb(band.color);
    fill.setAlpha(110);
    r->setBrush(fill);
    r->setPen(Qt::NoPen);
    if (!band.label.empty()) {
      auto* label = new QCPItemText(&plot);
      label->setClipAxisRect(rect);
      label->setClipToAxisRect(true);
      label->position->setAxisRect(rect);
      label->position->setAxes(x, y);
      label->position->setTypeX(QCPItemPosition::ptPlotCoords);
      label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
      label->position->setCoords(std::max(band.from, x->range().lower), 0);
      label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
      label->setPadding(QMargins(4, 2, 4, 2));
      label->setFont(pixelFont(10));
      label->setColor(QColor(0x44, 0x55, 0x66));
      label->setText(qs(band.label));
    }
  }
  for (double m : spec.markers) {
    auto* line = new QCPItemStraightLine(&plot);
    line->setClipAxisRect(rect);
    for (auto* pos : {line->point1, line->point2}) {
      pos->setAxisRect(rect);
      pos->setAxes(x, y);
    }
    line->point1->setCoords(m, 0);
    line->point2->setCoords(m, 1);
    line->setPen(QPen(QColor(0x55, 0x55, 0x55), 1, Qt::DashLine));
  }

  // Legend in its own row under the axes, as many entries per row as fit.
  int named = 0;
  for (const auto& line : spec.lines) named += line.name.empty() ? 0 : 1;
  if (named > 0) {
    auto* legend = new QCPLegend;
    auto* legendRow = new QCPLayoutGrid;
    plot.plotLayout()->addElement(row++, 0, legendRow);
    legendRow->addElement(0, 0, legend);
    legendRow->addElement(0, 1, new QCPLayoutElement(&plot));
    legendRow->setColumnStretchFactor(0, 0.001);
    legendRow->setColumnStretchFactor(1, 1);
    // Start the legend where the axis rect starts (after the y tick labels).
    auto* group = new QCPMarginGroup(&plot);
    rect->setMarginGroup(QCP::msLeft, group);
    legendRow->setMarginGroup(QCP::msLeft, group);
    legendRow->setAutoMargins(QCP::msLeft);
    legendRow->setMinimumMargins(QMargins(0, 0, 0, 0));
    legend->setLayer(QStringLiteral("legend"));
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setFont(pixelFont(10));
    legend->setTextColor(QColor(0x33, 0x33, 0x33));
    legend->setIconSize(22, 10);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(5);
    legend->setRowSpacing(0);
    legend->setColumnSpacing(14);
    legend->setMargins(QMargins(4, 0, 4, 2));
    for (int g = 0; g < plot.graphCount(); ++g)
      if (!plot.graph(g)->name().isEmpty()) legend->addItem(new QCPPlottableLegendItem(legend, plot.graph(g)));
    plot.plotLayout()->setRowStretchFactor(row - 1, 0.001);
  }
  if (!spec.title.empty()) plot.plotLayout()->setRowStretchFactor(0, 0.001);
}

void paintReportPlot(QCPPainter& painter, const Plot& spec, QSize size, bool vector) {
  QCustomPlot plot;
  setupReportPlot(plot, spec);
  paintPlot(plot, painter, size, vector);
}

QByteArray reportPlotPng(const Plot& spec, QSize size) {
  QCustomPlot plot;
  setupReportPlot(plot, spec);
  return plotToPng(plot, size);
}

QByteArray reportPlotSvg(const Plot& spec, QSize size) {
  QCustomPlot plot;
  setupReportPlot(plot, spec);
  return plotToSvg(plot, size, qs(spec.title));
}

QByteArray reportPlotPdf(const Plot& spec, QSize size) {
  QCustomPlot plot;
  setupReportPlot(plot, spec);
  return plotToPdf(plot, size, qs(spec.title));
}

}  // namespace aaren::ui
