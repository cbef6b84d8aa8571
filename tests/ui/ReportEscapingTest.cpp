// Text from data, file names and model files in every rendered report output (issue 18
// item 3): a column named <script>alert(1)</script>, a file name holding " & < > ', a
// control character and an invalid UTF-8 byte. The HTML and the SVG plots carry them
// escaped and parse as XML; the PDF's title metadata is the plain text (pdfinfo).
#include "core/report/Escape.h"
#include "tests/report/SampleReports.h"
#include "ui/report/ExportReportDialog.h"
#include "ui/report/HtmlReport.h"
#include "ui/report/PlotRender.h"
#include "ui/report/ReportExport.h"
#include "ui/report/ReportPages.h"
#include "ui/report/SafeText.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QXmlStreamReader>
#include <QtTest>

using aaren::report::Report;

namespace {

const char* kScript = "<script>alert(1)</script>";
const char* kScriptEscaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
const std::string kBadName = "bad\x01" "ctl\xFF" "byte";  // U+0001 and an invalid byte
const QString kBadNameShown = QStringLiteral("badctl\uFFFDbyte");
const std::string kTitle = "Forecast report: tiny \"&<>'(1)\\.csv\x02";  // ( ) and a backslash are special in PDF strings

Report hostileReport() {
  Report r = aaren::testing::sampleForecastReport();
  r.title = kTitle;
  r.dataset.source = "/data/tiny \"&<>'.csv";
  r.dataset.columns = {kScript, kBadName, "=1+2"};
  r.model.file = "/models/m \"&<>'.aaren";
  r.metrics[0].rows[3].name = "linear <img src=x onerror=alert(1)>";
  for (std::size_t c = 0; c < 3; ++c) {
    r.plots[c].title = r.dataset.columns[c];
    r.plots[c].y_label = r.dataset.columns[c];
    r.plots[c].lines[0].name = "<b>actual</b>";
  }
  r.forecast.channels = r.dataset.columns;
  return r;
}

// Parses `xml` to the end; returns the parser's error ("" when well-formed) and the text of
// the first <title>.
struct Parsed {
  QString error, title;
};
Parsed parseXml(const QByteArray& xml) {
  QXmlStreamReader reader(xml);
  Parsed p;
  bool inTitle = false, seenTitle = false;
  while (!reader.atEnd()) {
    reader.readNext();
    if (reader.isStartElement() && reader.name() == QStringLiteral("title") && !seenTitle) inTitle = seenTitle = true;
    else if (reader.isEndElement() && reader.name() == QStringLiteral("title")) inTitle = false;
    else if (reader.isCharacters() && inTitle) p.title += reader.text();
  }
  if (reader.hasError()) p.error = reader.errorString() + QStringLiteral(" at line ") + QString::number(reader.lineNumber());
  return p;
}

bool isValidUtf8(const QByteArray& bytes) {
  const std::string s = bytes.toStdString();
  return aaren::report::validUtf8(s) == s;
}

QString pdfTitle(const QString& pdf) {
  QProcess p;
  p.start(QStringLiteral("pdfinfo"), {QStringLiteral("-enc"), QStringLiteral("UTF-8"), pdf});
  if (!p.waitForFinished(60000) || p.exitCode() != 0) return QStringLiteral("(pdfinfo failed)");
  const auto m = QRegularExpression(QStringLiteral("^Title:\\s+(.*)$"), QRegularExpression::MultilineOption).match(QString::fromUtf8(p.readAllStandardOutput()));
  return m.hasMatch() ? m.captured(1) : QStringLiteral("(no title)");
}

}  // namespace

class ReportEscapingTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void htmlCarriesDataAsEscapedText() {
    const QByteArray html = aaren::ui::reportHtml(hostileReport());
    QVERIFY(isValidUtf8(html));
    for (const char* banned : {"<script", "<img", "<b>actual", "\x01", "\x02"}) QVERIFY2(!html.contains(banned), banned);
    QVERIFY(html.contains(QByteArray("<title>Forecast report: tiny &quot;&amp;&lt;&gt;&#39;(1)\\.csv</title>")));
    QVERIFY(html.contains(QByteArray("<h1>Forecast report: tiny &quot;&amp;&lt;&gt;&#39;(1)\\.csv</h1>")));
    QVERIFY(html.contains(QByteArray(QByteArray("<th class=\"num\">") + kScriptEscaped + "</th>")));  // the forecast table's header
    QVERIFY(html.contains(kBadNameShown.toUtf8()));
    QVERIFY(html.contains("/models/m &quot;&amp;&lt;&gt;&#39;.aaren"));
    QVERIFY(html.contains("linear &lt;img src=x onerror=alert(1)&gt;"));
    // Every inline SVG is well-formed XML once given its namespace back, its title the name.
    int svgs = 0;
    for (qsizetype from = html.indexOf("<svg"); from >= 0; from = html.indexOf("<svg", from + 1), ++svgs) {
      QByteArray svg = html.mid(from, html.indexOf("</svg>", from) + 6 - from);
      svg.replace("<svg role=\"img\"", "<svg xmlns=\"http://www.w3.org/2000/svg\"");
      const Parsed p = parseXml(svg);
      QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
      if (svgs == 0) QCOMPARE(p.title, QString::fromUtf8(kScript));
      if (svgs == 1) QCOMPARE(p.title, kBadNameShown);
    }
    QCOMPARE(svgs, 4);
  }

  void svgPlotFilesParseAsXmlWithTheNamesEscaped() {
    QTemporaryDir dir;
    const QString plots = dir.filePath(QStringLiteral("plots"));
    aaren::ui::writeReportPlots(hostileReport(), plots);
    const QStringList svgs = QDir(plots).entryList({QStringLiteral("*.svg")}, QDir::Files, QDir::Name);
    QCOMPARE(svgs.size(), 4);
    for (const QString& name : svgs) {
      QFile file(QDir(plots).filePath(name));
      QVERIFY(file.open(QIODevice::ReadOnly));
      const QByteArray svg = file.readAll();
      QVERIFY2(isValidUtf8(svg), qPrintable(name));
      QVERIFY2(!svg.contains("<script") && !svg.contains("<b>") && !svg.contains("\x01"), qPrintable(name));
      const Parsed p = parseXml(svg);
      QVERIFY2(p.error.isEmpty(), qPrintable(name + QStringLiteral(": ") + p.error));
      if (name == QStringLiteral("forecast-0.svg")) {
        QCOMPARE(p.title, QString::fromUtf8(kScript));
        QVERIFY(svg.contains(QByteArray(QByteArray("<title>") + kScriptEscaped + "</title>")));
        QVERIFY(svg.contains("&lt;b&gt;actual&lt;/b&gt;"));  // the legend, painted as text
      }
      if (name == QStringLiteral("forecast-1.svg")) QCOMPARE(p.title, kBadNameShown);
    }
  }

  void pdfTitleMetadataIsThePlainText() {
    if (QStandardPaths::findExecutable(QStringLiteral("pdfinfo")).isEmpty()) QSKIP("pdfinfo (poppler-utils) is not installed");
    QTemporaryDir dir;
    const Report report = hostileReport();
    const QString pdf = dir.filePath(QStringLiteral("r.pdf"));
    aaren::ui::writeReportPdf(pdf, report);
    QCOMPARE(pdfTitle(pdf), QStringLiteral("Forecast report: tiny \"&<>'(1)\\.csv"));
    // A single plot as PDF: its title is the column name, as written.
    const QString plot = dir.filePath(QStringLiteral("p.pdf"));
    QFile out(plot);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(aaren::ui::reportPlotPdf(report.plots[0]));
    out.close();
    QCOMPARE(pdfTitle(plot), QString::fromUtf8(kScript));
  }

  void exportDialogShowsAPathAsPlainText() {
    QTemporaryDir dir;
    aaren::ui::ExportReportDialog dialog(hostileReport());
    const QString bad = dir.filePath(QStringLiteral("<b>missing</b>/r.pdf"));
    QVERIFY(!dialog.exportTo(bad));
    QVERIFY(dialog.statusText().startsWith(bad));
    QLabel* status = nullptr;
    for (auto* l : dialog.findChildren<QLabel*>())
      if (l->text() == dialog.statusText()) status = l;
    QVERIFY(status);
    QCOMPARE(status->textFormat(), Qt::PlainText);
  }

  void plainToolTipsShowMarkupAsWritten() {
    const QString name = QStringLiteral("<b>load</b> & <img src=x>");
    QTextDocument doc;
    doc.setHtml(aaren::ui::plainToolTip(name));
    QCOMPARE(doc.toPlainText(), name);
    QCOMPARE(aaren::ui::plainToolTip(QString()), QString());
    QCOMPARE(aaren::ui::xmlEscaped(QStringLiteral("a<\"'&>\u0001")), QStringLiteral("a&lt;&quot;&#39;&amp;&gt;"));
    QCOMPARE(aaren::ui::safeText(kBadName), kBadNameShown);
  }
};

QTEST_MAIN(ReportEscapingTest)
#include "ReportEscapingTest.moc"
