#include "ui/report/PlotExport.h"

#include "core/report/AtomicWrite.h"
#include "core/report/Escape.h"
#include "ui/QCustomPlot.h"
#include "ui/report/SafeText.h"

#include <QBuffer>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QMenu>
#include <QMessageBox>
#include <QPageSize>
#include <QPdfWriter>
#include <QSvgGenerator>

namespace aaren::ui {

namespace {

constexpr int kDotsPerMeter96 = 3780;  // 96 dpi

QSize effectiveSize(const QCustomPlot& plot, QSize size) {
  if (size.isValid() && !size.isEmpty()) return size;
  if (plot.width() > 50 && plot.height() > 50 && plot.isVisible()) return plot.size();
  return {800, 450};
}

constexpr const char* kTitlePlaceholder = "aaren-svg-title";

// The SVG with its placeholder title replaced by `title`, escaped; every character XML 1.0
// forbids (a control character in a legend or axis label) left out, so the file parses.
QByteArray withTitle(const QByteArray& svg, const QString& title) {
  std::string text = aaren::report::xmlSafeText(std::string_view(svg.constData(), static_cast<std::size_t>(svg.size())));
  const std::string placeholder = std::string("<title>") + kTitlePlaceholder + "</title>";
  if (const auto at = text.find(placeholder); at != std::string::npos)
    text.replace(at, placeholder.size(), "<title>" + aaren::report::xmlEscape(title.toStdString()) + "</title>");
  return QByteArray::fromStdString(text);
}

}  // namespace

QString extensionOf(PlotFormat format) {
  switch (format) {
    case PlotFormat::Png: return QStringLiteral("png");
    case PlotFormat::Svg: return QStringLiteral("svg");
    case PlotFormat::Pdf: return QStringLiteral("pdf");
  }
  return {};
}

void paintPlot(QCustomPlot& plot, QCPPainter& painter, QSize size, bool vector) {
  painter.setMode(QCPPainter::pmVectorized, vector);
  painter.setMode(QCPPainter::pmNonCosmetic, vector);
  painter.setMode(QCPPainter::pmNoCaching, true);
  plot.toPainter(&painter, size.width(), size.height());
}

QByteArray plotToPng(QCustomPlot& plot, QSize size, double scale) {
  size = effectiveSize(plot, size);
  QImage image(QSize(qRound(size.width() * scale), qRound(size.height() * scale)), QImage::Format_ARGB32_Premultiplied);
  image.setDotsPerMeterX(kDotsPerMeter96);  // logical 96 dpi; the ratio scales
  image.setDotsPerMeterY(kDotsPerMeter96);
  image.setDevicePixelRatio(scale);
  image.fill(Qt::white);
  {
    QCPPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    paintPlot(plot, painter, size, false);
  }
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  image.save(&buffer, "PNG");
  return bytes;
}

QByteArray plotToSvg(QCustomPlot& plot, QSize size, const QString& title) {
  size = effectiveSize(plot, size);
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  QSvgGenerator svg;
  svg.setOutputDevice(&buffer);
  svg.setSize(size);
  svg.setViewBox(QRect(QPoint(0, 0), size));
  svg.setResolution(96);
  svg.setTitle(QString::fromLatin1(kTitlePlaceholder));  // QSvgGenerator writes the title unescaped
  svg.setDescription(QStringLiteral("Aaren Studio"));
  {
    QCPPainter painter(&svg);
    paintPlot(plot, painter, size, true);
  }
  return withTitle(bytes, title.isEmpty() ? QStringLiteral("Plot") : title);
}

QByteArray plotToPdf(QCustomPlot& plot, QSize size, const QString& title) {
  size = effectiveSize(plot, size);
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  {
    QPdfWriter pdf(&buffer);
    pdf.setResolution(96);
    pdf.setPageSize(QPageSize(QSizeF(size.width() * 0.75, size.height() * 0.75), QPageSize::Point,
                              QString(), QPageSize::ExactMatch));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setCreator(QStringLiteral("Aaren Studio"));
    pdf.setTitle(safeText(title));
    QCPPainter painter(&pdf);
    paintPlot(plot, painter, size, true);
  }
  return bytes;
}

QByteArray plotToBytes(QCustomPlot& plot, PlotFormat format, QSize size, const QString& title) {
  switch (format) {
    case PlotFormat::Png: return plotToPng(plot, size);
    case PlotFormat::Svg: return plotToSvg(plot, size, title);
    case PlotFormat::Pdf: return plotToPdf(plot, size, title);
  }
  return {};
}

void exportPlot(QCustomPlot& plot, const QString& path, PlotFormat format, QSize size) {
  aaren::report::checkWritable(path.toStdString());
  const QByteArray bytes = plotToBytes(plot, format, size, QFileInfo(path).completeBaseName());
  aaren::report::writeFileAtomically(path.toStdString(), std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

void addPlotExportActions(QMenu& menu, QCustomPlot& plot, const QString& suggestedName) {
  static QString lastDir;
  const QString base = suggestedName.isEmpty() ? QStringLiteral("plot") : suggestedName;
  const struct {
    PlotFormat format;
    QString label, filter;
  } entries[] = {
      {PlotFormat::Png, QObject::tr("Export as PNG…"), QObject::tr("PNG image (*.png)")},
      {PlotFormat::Svg, QObject::tr("Export as SVG…"), QObject::tr("SVG image (*.svg)")},
      {PlotFormat::Pdf, QObject::tr("Export as PDF…"), QObject::tr("PDF document (*.pdf)")},
  };
  QCustomPlot* target = &plot;
  for (const auto& e : entries) {
    const PlotFormat format = e.format;
    const QString filter = e.filter;
    menu.addAction(e.label, target, [target, format, filter, base] {
      const QString ext = extensionOf(format);
      const QString start = (lastDir.isEmpty() ? QString() : lastDir + QLatin1Char('/')) + base + QLatin1Char('.') + ext;
      QString path = QFileDialog::getSaveFileName(target, QObject::tr("Export plot"), start, filter);
      if (path.isEmpty()) return;
      if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + ext;
      lastDir = QFileInfo(path).absolutePath();
      try {
        exportPlot(*target, path, format);
      } catch (const std::exception& ex) {
        QMessageBox box(QMessageBox::Warning, QObject::tr("Export plot"), QString::fromStdString(ex.what()), QMessageBox::Ok, target);
        box.setTextFormat(Qt::PlainText);  // the message names the file: never HTML
        box.exec();
      }
    });
  }
}

void installPlotExportMenu(QCustomPlot& plot, const QString& suggestedName, std::function<void()> beforeMenu) {
  plot.setContextMenuPolicy(Qt::CustomContextMenu);
  QCustomPlot* target = &plot;
  QObject::connect(target, &QWidget::customContextMenuRequested, target, [target, suggestedName, beforeMenu](const QPoint& pos) {
    if (beforeMenu) beforeMenu();
    QMenu menu(target);
    addPlotExportActions(menu, *target, suggestedName);
    menu.exec(target->mapToGlobal(pos));
  });
}

}  // namespace aaren::ui
