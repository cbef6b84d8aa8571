#include "ui/report/HtmlReport.h"

#include "core/report/AtomicWrite.h"
#include "ui/report/PlotRender.h"
#include "ui/report/ReportDocument.h"
#include "ui/report/SafeText.h"

#include <QRegularExpression>

namespace aaren::ui {

using aaren::report::Report;

namespace {

const char* kCss = R"(
  body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #f4f5f7; }
  main { max-width: 860px; margin: 24px auto; background: #fff; padding: 36px 48px 48px; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
  h1 { color: #1f4e79; font-size: 26px; margin: 0 0 4px; }
  .subtitle { font-size: 15px; margin: 0 0 2px; }
  .meta { color: #666; font-size: 12px; margin: 0 0 10px; padding-bottom: 10px; border-bottom: 2px solid #1f4e79; }
  h2 { color: #1f4e79; font-size: 17px; margin: 26px 0 8px; }
  p { font-size: 13px; line-height: 1.45; }
  table { border-collapse: collapse; width: 100%; font-size: 12px; margin: 4px 0; }
  th { background: #ecf0f5; text-align: left; border-top: 1px solid #c8cdd4; border-bottom: 1px solid #c8cdd4; padding: 4px 6px; }
  td { border-bottom: 1px solid #e4e6ea; padding: 3px 6px; vertical-align: top; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  tr.model td { background: #fff1e0; }
  td.key { font-weight: bold; color: #444c56; width: 28%; white-space: nowrap; }
  table.kv { border-top: 1px solid #c8cdd4; }
  td.mono { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 11.5px; word-break: break-all; }
  .caption { color: #666; font-size: 11px; font-style: italic; margin: 3px 0 10px; }
  figure { margin: 6px 0 14px; }
  figure svg { width: 100%; height: auto; display: block; }
  footer { color: #888; font-size: 11px; margin-top: 28px; border-top: 1px solid #c8cdd4; padding-top: 6px; }
  @page { size: A4; margin: 16mm; }
  @media print {
    body { background: #fff; }
    main { box-shadow: none; margin: 0; padding: 0; max-width: none; }
    thead { display: table-header-group; }
    tr, figure { break-inside: avoid; }
    h2 { break-after: avoid; }
  }
)";

QString esc(const QString& s) { return xmlEscaped(s); }

QString tableHtml(const DocTable& t) {
  QString h = t.key_value ? QStringLiteral("<table class=\"kv\">\n") : QStringLiteral("<table>\n");
  const auto numeric = [&](std::size_t c) { return c < t.numeric.size() && t.numeric[c]; };
  if (!t.header.isEmpty()) {
    h += QStringLiteral("<thead><tr>");
    for (qsizetype c = 0; c < t.header.size(); ++c)
      h += (numeric(static_cast<std::size_t>(c)) ? QStringLiteral("<th class=\"num\">") : QStringLiteral("<th>")) + esc(t.header[c]) + QStringLiteral("</th>");
    h += QStringLiteral("</tr></thead>\n");
  }
  h += QStringLiteral("<tbody>\n");
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const bool model = r < t.highlight.size() && t.highlight[r];
    h += model ? QStringLiteral("<tr class=\"model\">") : QStringLiteral("<tr>");
    for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
      const DocCell& cell = t.rows[r][c];
      QStringList classes;
      if (t.key_value && c == 0) classes << QStringLiteral("key");
      if (numeric(c)) classes << QStringLiteral("num");
      if (cell.mono) classes << QStringLiteral("mono");
      QString open = QStringLiteral("<td");
      if (!classes.isEmpty()) open += QStringLiteral(" class=\"") + classes.join(QLatin1Char(' ')) + QLatin1Char('"');
      if (cell.background.isValid()) open += QStringLiteral(" style=\"background:") + cell.background.name() + QLatin1Char('"');
      open += QLatin1Char('>');
      QString text = esc(cell.text);
      if (cell.bold && !(t.key_value && c == 0)) text = QStringLiteral("<b>") + text + QStringLiteral("</b>");
      h += open + text + QStringLiteral("</td>");
    }
    h += QStringLiteral("</tr>\n");
  }
  h += QStringLiteral("</tbody></table>\n");
  if (!t.caption.isEmpty()) h += QStringLiteral("<p class=\"caption\">") + esc(t.caption) + QStringLiteral("</p>\n");
  return h;
}

}  // namespace

QByteArray inlineSvg(QByteArray svg) {
  QString s = QString::fromUtf8(svg);
  s.remove(QRegularExpression(QStringLiteral("<\\?xml[^>]*\\?>\\s*")));
  s.remove(QRegularExpression(QStringLiteral("<!DOCTYPE[^>]*>\\s*")));
  s.remove(QRegularExpression(QStringLiteral("\\s+xmlns(:\\w+)?=\"[^\"]*\"")));
  s.remove(QRegularExpression(QStringLiteral("\\s+baseProfile=\"[^\"]*\"")));
  // Fixed width/height in mm become a scalable figure (the viewBox keeps the proportions).
  s.replace(QRegularExpression(QStringLiteral("<svg\\s+width=\"[^\"]*\"\\s+height=\"[^\"]*\"")), QStringLiteral("<svg role=\"img\""));
  return s.trimmed().toUtf8();
}

QByteArray reportHtml(const Report& report) {
  const std::vector<DocBlock> blocks = composeReport(report);
  QString h;
  h += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
  h += QStringLiteral("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  h += QStringLiteral("<meta name=\"generator\" content=\"Aaren Studio %1\">\n").arg(esc(QString::fromStdString(report.manifest.app_version)));
  h += QStringLiteral("<title>") + esc(QString::fromStdString(report.title)) + QStringLiteral("</title>\n<style>");
  h += QString::fromUtf8(kCss);
  h += QStringLiteral("</style>\n</head>\n<body>\n<main>\n");
  for (const DocBlock& b : blocks) {
    switch (b.kind) {
      case DocBlock::Kind::Title:
        h += QStringLiteral("<h1>") + esc(b.text) + QStringLiteral("</h1>\n");
        if (!b.subtitle.isEmpty()) h += QStringLiteral("<p class=\"subtitle\">") + esc(b.subtitle) + QStringLiteral("</p>\n");
        h += QStringLiteral("<p class=\"meta\">") + esc(b.meta) + QStringLiteral("</p>\n");
        break;
      case DocBlock::Kind::Heading: h += QStringLiteral("<h2>") + esc(b.text) + QStringLiteral("</h2>\n"); break;
      case DocBlock::Kind::Paragraph: h += QStringLiteral("<p>") + esc(b.text) + QStringLiteral("</p>\n"); break;
      case DocBlock::Kind::Table: h += tableHtml(b.table); break;
      case DocBlock::Kind::Plot: {
        const auto& plot = report.plots[static_cast<std::size_t>(b.plot)];
        h += QStringLiteral("<figure id=\"") + esc(QString::fromStdString(plot.id)) + QStringLiteral("\">\n");
        h += QString::fromUtf8(inlineSvg(reportPlotSvg(plot, QSize(kReportPlotWidth, b.plot_height))));
        if (!b.subtitle.isEmpty()) h += QStringLiteral("\n<figcaption class=\"caption\">") + esc(b.subtitle) + QStringLiteral("</figcaption>");
        h += QStringLiteral("\n</figure>\n");
        break;
      }
    }
  }
  h += QStringLiteral("<footer>Aaren Studio %1 · %2</footer>\n")
           .arg(esc(QString::fromStdString(report.manifest.app_version)), esc(QString::fromStdString(report.date)));
  h += QStringLiteral("</main>\n</body>\n</html>\n");
  return h.toUtf8();
}

void writeReportHtml(const QString& path, const Report& report) {
  aaren::report::checkWritable(path.toStdString());
  const QByteArray bytes = reportHtml(report);
  aaren::report::writeFileAtomically(path.toStdString(), std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

}  // namespace aaren::ui
