#include "ui/report/ReportExport.h"

#include "core/report/AtomicWrite.h"
#include "core/report/ForecastCsv.h"
#include "core/report/ReportJson.h"
#include "ui/report/HtmlReport.h"
#include "ui/report/PlotRender.h"
#include "ui/report/ReportPages.h"

#include <QDir>
#include <QFileInfo>

#include <filesystem>
#include <system_error>

namespace aaren::ui {

QString formatName(ReportFormat format) {
  switch (format) {
    case ReportFormat::Pdf: return QStringLiteral("pdf");
    case ReportFormat::Html: return QStringLiteral("html");
    case ReportFormat::Csv: return QStringLiteral("csv");
    case ReportFormat::Json: return QStringLiteral("json");
  }
  return {};
}

std::optional<ReportFormat> reportFormatFromName(const QString& name) {
  const QString n = name.toLower();
  if (n == QLatin1String("pdf")) return ReportFormat::Pdf;
  if (n == QLatin1String("html") || n == QLatin1String("htm")) return ReportFormat::Html;
  if (n == QLatin1String("csv")) return ReportFormat::Csv;
  if (n == QLatin1String("json")) return ReportFormat::Json;
  return std::nullopt;
}

std::optional<ReportFormat> reportFormatFromPath(const QString& path) { return reportFormatFromName(QFileInfo(path).suffix()); }

void writeReport(const aaren::report::Report& report, const QString& path, ReportFormat format) {
  const std::filesystem::path file = path.toStdString();
  switch (format) {
    case ReportFormat::Pdf: writeReportPdf(path, report); return;
    case ReportFormat::Html: writeReportHtml(path, report); return;
    case ReportFormat::Csv:
      if (report.forecast.channels.empty())
        throw aaren::report::ReportWriteError(file, "the report has no forecast table (CSV holds forecasts; use --format json for a classification report)");
      aaren::report::writeForecastCsv(file, report.forecast);
      return;
    case ReportFormat::Json: aaren::report::writeReportJson(file, report); return;
  }
}

QStringList writeReportPlots(const aaren::report::Report& report, const QString& dir) {
  const std::filesystem::path d = dir.toStdString();
  std::error_code ec;
  if (!std::filesystem::is_directory(d, ec)) {
    aaren::report::checkWritable(d);  // names a missing parent or a file in the way
    std::filesystem::create_directory(d, ec);
    if (ec) throw aaren::report::ReportWriteError(d, "cannot create the directory: " + ec.message());
  }
  QStringList written;
  for (const auto& plot : report.plots) {
    const QString base = QDir(dir).filePath(QString::fromStdString(plot.id.empty() ? std::string("plot") : plot.id));
    const QByteArray png = reportPlotPng(plot), svg = reportPlotSvg(plot);
    for (const auto& [ext, bytes] : {std::pair{QStringLiteral(".png"), png}, std::pair{QStringLiteral(".svg"), svg}}) {
      const QString path = base + ext;
      aaren::report::writeFileAtomically(path.toStdString(), std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
      written << path;
    }
  }
  return written;
}

}  // namespace aaren::ui
