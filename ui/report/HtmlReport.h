#pragma once
// The report as one self-contained HTML file: inline CSS, every plot an inline SVG, no
// script, no link to anything outside the file (no http(s) reference, no external font,
// stylesheet or image), so it opens the same offline, in a mail client or years later.
// Prints on A4 with table headers repeated on each page.
//
// Threading: GUI thread only (the plots are drawn with QCustomPlot widgets).
#include "core/report/Report.h"

#include <QByteArray>
#include <QString>

namespace aaren::ui {

QByteArray reportHtml(const aaren::report::Report& report);  // UTF-8

// Atomic; throws aaren::report::ReportWriteError naming the file.
void writeReportHtml(const QString& path, const aaren::report::Report& report);

// An SVG document made fit to sit inside HTML: no XML prolog or DOCTYPE, no namespace
// URLs (HTML parsers put <svg> in the SVG namespace), scaling with the page width.
QByteArray inlineSvg(QByteArray svg);

}  // namespace aaren::ui
