#pragma once
// Any QCustomPlot as a file: PNG (raster, 2x for sharpness), SVG and PDF (vectors), written
// atomically; and the "Export as PNG/SVG/PDF…" entries for a plot's context menu.
//
// Threading: GUI thread only (QCustomPlot is a widget).
#include <QByteArray>
#include <QSize>
#include <QString>

#include <functional>

class QCustomPlot;
class QCPPainter;
class QMenu;
class QWidget;

namespace aaren::ui {

enum class PlotFormat { Png, Svg, Pdf };
QString extensionOf(PlotFormat format);  // "png", "svg", "pdf"

// `size` is the plot's logical size in pixels at 96 dpi (CSS px); an empty size takes the
// widget's current size (or 800×450 when it has none). The plot is laid out at that size,
// so fonts and lines keep their proportions whatever the output resolution.
QByteArray plotToPng(QCustomPlot& plot, QSize size = {}, double scale = 2.0);
QByteArray plotToSvg(QCustomPlot& plot, QSize size = {}, const QString& title = {});
QByteArray plotToPdf(QCustomPlot& plot, QSize size = {}, const QString& title = {});
QByteArray plotToBytes(QCustomPlot& plot, PlotFormat format, QSize size = {}, const QString& title = {});

// Paints the plot with its top-left corner at the painter's origin, laid out at `size`
// (logical px in the painter's coordinates). `vector` for PDF/SVG devices.
void paintPlot(QCustomPlot& plot, QCPPainter& painter, QSize size, bool vector);

// Writes the plot atomically; throws aaren::report::ReportWriteError naming the file.
void exportPlot(QCustomPlot& plot, const QString& path, PlotFormat format, QSize size = {});

// Adds "Export as PNG…", "Export as SVG…", "Export as PDF…" to `menu`; each asks for a
// file name (remembered per session) and shows a message box on failure.
void addPlotExportActions(QMenu& menu, QCustomPlot& plot, const QString& suggestedName = {});

// Gives `plot` a right-click menu holding the export actions (sets Qt::CustomContextMenu).
// `beforeMenu` runs first (e.g. to hide a crosshair that should not be exported). A plot
// that already has its own context menu calls addPlotExportActions on it instead.
void installPlotExportMenu(QCustomPlot& plot, const QString& suggestedName = {}, std::function<void()> beforeMenu = {});

}  // namespace aaren::ui
