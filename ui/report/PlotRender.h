#pragma once
// Draws a report plot (aaren::report::Plot, a plain description) with QCustomPlot: title,
// lines in their styles, shaded bands with their labels, vertical markers, a date axis for
// timed data, and the legend in its own row under the axes so it never hides a line.
// Fonts are sized in pixels of a 96-dpi page, so a plot keeps its proportions in the PDF,
// the HTML's SVG and the PNG files alike.
//
// Threading: GUI thread only (QCustomPlot is a widget; a QApplication must exist — the
// offscreen platform will do).
#include "core/report/Report.h"

#include <QByteArray>
#include <QColor>
#include <QSize>

class QCustomPlot;
class QCPPainter;

namespace aaren::ui {

// The report's palette: colour `index` of a line whose colour is 0.
QColor reportColor(std::size_t index);

// Clears `plot` and sets it up to show `spec`.
void setupReportPlot(QCustomPlot& plot, const aaren::report::Plot& spec);

// The default logical size of report plots (CSS px at 96 dpi).
inline constexpr int kReportPlotWidth = 680;
inline constexpr int kReportPlotHeight = 280;

// Paints `spec` at logical `size` with its top-left corner at the painter's origin.
void paintReportPlot(QCPPainter& painter, const aaren::report::Plot& spec, QSize size, bool vector);

QByteArray reportPlotPng(const aaren::report::Plot& spec, QSize size = {kReportPlotWidth, kReportPlotHeight});
QByteArray reportPlotSvg(const aaren::report::Plot& spec, QSize size = {kReportPlotWidth, kReportPlotHeight});
QByteArray reportPlotPdf(const aaren::report::Plot& spec, QSize size = {kReportPlotWidth, kReportPlotHeight});

}  // namespace aaren::ui
