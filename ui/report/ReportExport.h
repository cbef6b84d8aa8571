#pragma once
// One entry point for every report output, shared by `aaren report` and the Export
// report dialog: PDF, HTML, CSV (the forecast table) or JSON (everything), chosen by name
// or by the file's extension; and the plots as PNG and SVG files into a directory.
//
// Threading: GUI thread only (plots are drawn with QCustomPlot widgets; a QApplication must
// exist, the offscreen platform will do).
#include "core/report/Report.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace aaren::ui {

enum class ReportFormat { Pdf, Html, Csv, Json };

QString formatName(ReportFormat format);  // "pdf", "html", "csv", "json"
std::optional<ReportFormat> reportFormatFromName(const QString& name);  // case-insensitive; "htm" too
std::optional<ReportFormat> reportFormatFromPath(const QString& path);  // by extension

// Writes atomically; throws aaren::report::ReportWriteError naming the file.
void writeReport(const aaren::report::Report& report, const QString& path, ReportFormat format);

// Writes "<id>.png" and "<id>.svg" for every plot into `dir` (created when missing) and
// returns the files written. Throws aaren::report::ReportWriteError naming what failed.
QStringList writeReportPlots(const aaren::report::Report& report, const QString& dir);

}  // namespace aaren::ui
