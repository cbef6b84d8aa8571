// The report renderers: a multi-page A4 PDF with a text layer (checked with pdftotext and
// pdfinfo from poppler-utils), self-contained HTML, plots as PNG and SVG, exact errors.
#include "core/report/AtomicWrite.h"
#include "core/report/ReportBuilder.h"
#include "tests/report/SampleReports.h"
#include "ui/report/HtmlReport.h"
#include "ui/report/PlotRender.h"
#include "ui/report/ReportExport.h"
#include "ui/report/ReportPages.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QPainter>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>

using aaren::report::Report;

namespace {

QString run(const QString& program, const QStringList& args) {
  QProcess p;
  p.start(program, args);
  if (!p.waitForFinished(60000) || p.exitCode() != 0) return QStringLiteral("(%1 failed: %2)").arg(program, QString::fromUtf8(p.readAllStandardError()));
  return QString::fromUtf8(p.readAllStandardOutput());
}

int pdfPages(const QString& pdf) {
  const QString info = run(QStringLiteral("pdfinfo"), {pdf});
  const auto m = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(info);
  return m.hasMatch() ? m.captured(1).toInt() : -1;
}

QString pdfText(const QString& pdf, int first = 0, int last = 0) {
  QStringList args{QStringLiteral("-layout")};
  if (first > 0) args << QStringLiteral("-f") << QString::number(first) << QStringLiteral("-l") << QString::number(last);
  args << pdf << QStringLiteral("-");
  return run(QStringLiteral("pdftotext"), args);
}

// Pixels close to `color` in an image: a plot whose lines were drawn has many.
int pixelsNear(const QImage& image, QColor color) {
  int n = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const QColor c = image.pixelColor(x, y);
      if (std::abs(c.red() - color.red()) < 40 && std::abs(c.green() - color.green()) < 40 && std::abs(c.blue() - color.blue()) < 40) ++n;
    }
  return n;
}

QStringList files(const QString& dir) { return QDir(dir).entryList(QDir::Files | QDir::NoDotAndDotDot, QDir::Name); }

// AAREN_KEEP_REPORTS=DIR keeps a copy of the rendered files, to look at them.
void keep(const QString& file) {
  const QString dir = qEnvironmentVariable("AAREN_KEEP_REPORTS");
  if (dir.isEmpty()) return;
  const QString target = QDir(dir).filePath(QFileInfo(file).fileName());
  QFile::remove(target);
  QFile::copy(file, target);
}

}  // namespace

class ReportRenderTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void pdfHasPagesAndATextLayerWithTheMetrics() {
    QTemporaryDir dir;
    const Report report = aaren::testing::sampleForecastReport();
    const QString pdf = dir.filePath(QStringLiteral("report.pdf"));
    aaren::ui::writeReport(report, pdf, aaren::ui::ReportFormat::Pdf);
    keep(pdf);
    QCOMPARE(files(dir.path()), QStringList{QStringLiteral("report.pdf")});  // no temporary left

    const aaren::ui::ReportPages pages(report);
    const int count = pdfPages(pdf);
    QCOMPARE(count, pages.pageCount());
    QCOMPARE(count, 4);
    const QString text = pdfText(pdf);
    for (const char* expected : {"Forecast report: sines.csv", "Metrics against the baselines", "seasonal naive (24)", "0.1234",
                                 "0.0987", "12.50", "0.8123", "Reproducibility",
                                 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "35,736", "Page 1 of 4",
                                 "Page 4 of 4", "2026-01-05 10:30 UTC"})
      QVERIFY2(text.contains(QString::fromUtf8(expected)), expected);
    // The summary compares the model with the best baseline.
    QVERIFY2(text.simplified().contains(QStringLiteral("On the test range (97 windows, scaled values) its MSE is 0.1234, against 0.0987 for the best "
                                                      "baseline, seasonal naive (24): 25.0 % higher.")),
             qPrintable(text));
    // Plot tick labels and legends are text too (vector plots, not images).
    QVERIFY(text.contains(QStringLiteral("Aaren forecast")));
    QVERIFY(text.contains(QStringLiteral("steps ahead")));
  }

  void longTablesContinueWithTheirHeaderRepeated() {
    Report report = aaren::testing::sampleForecastReport();
    auto& f = report.forecast;
    f.steps.clear();
    f.timestamps.clear();
    f.values.clear();
    for (int s = 1; s <= 150; ++s) {
      f.steps.push_back(s);
      f.timestamps.push_back(report.dataset.last_time + s * 3600);
      for (int c = 0; c < 3; ++c) f.values.push_back(s + c / 10.0);
    }
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("long.pdf"));
    aaren::ui::writeReport(report, pdf, aaren::ui::ReportFormat::Pdf);
    keep(pdf);
    const int pages = pdfPages(pdf);
    QVERIFY(pages >= 5);
    // Find the pages holding forecast rows: each starts with the table header.
    int continued = 0;
    for (int p = 1; p <= pages; ++p) {
      const QString text = pdfText(pdf, p, p);
      if (!text.contains(QRegularExpression(QStringLiteral("2023-1\\d-\\d\\d \\d\\d:00\\s+\\d+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+")))) continue;
      QVERIFY2(text.contains(QRegularExpression(QStringLiteral("Time\\s+Step\\s+load\\s+temp, °C\\s+price"))), qPrintable(text));
      ++continued;
    }
    QVERIFY(continued >= 2);
    // Every row is there exactly once.
    const QString all = pdfText(pdf);
    for (int s : {1, 75, 150}) QCOMPARE(all.count(QStringLiteral(" %1.1 ").arg(s)), 1);
  }

  void streamSectionShowsMemoryAndStepTime() {
    Report report = aaren::testing::sampleForecastReport();
    std::vector<aaren::report::StreamTrace> traces(2);
    traces[0].model = "Aaren";
    traces[1].model = "Transformer";
    for (std::uint64_t n = 1000; n <= 64000; n += 1000) {
      const double k = static_cast<double>(n) / 1000;
      traces[0].points.push_back({n, 576, 5.5 + 0.01 * (n % 3000 == 0), 9.0, 0.0055 * k, 100 << 20});
      traces[1].points.push_back({n, static_cast<std::int64_t>(n) * 1024, 90 * k, 120 * k, 0.045 * k * k, (100 << 20) + static_cast<std::int64_t>(n) * 1024});
    }
    aaren::report::addStreamSection(report, traces);
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("stream.pdf"));
    aaren::ui::writeReport(report, pdf, aaren::ui::ReportFormat::Pdf);
    keep(pdf);
    const QString text = pdfText(pdf).simplified();
    QVERIFY(text.contains(QStringLiteral("Live stream: memory and step time")));
    QVERIFY2(text.contains(QStringLiteral("Aaren 64,000 576 B 5.5 µs 9.0 µs 352 ms")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Transformer 64,000 62.5 MiB 5.76 ms 7.68 ms 3 min 4 s")));
    QVERIFY(text.contains(QStringLiteral("State held by each model")));
    // Log axes labelled in units: bytes in powers of two, times in µs / ms.
    for (const char* label : {"64 MiB", "16 MiB", "1 KiB", "10 ms", "1 ms", "100 µs", "10 µs"})
      QVERIFY2(text.contains(QString::fromUtf8(label)), label);
  }

  void htmlIsSelfContained() {
    const Report report = aaren::testing::sampleForecastReport();
    const QString html = QString::fromUtf8(aaren::ui::reportHtml(report));
    if (qEnvironmentVariableIsSet("AAREN_KEEP_REPORTS")) {
      QFile out(QDir(qEnvironmentVariable("AAREN_KEEP_REPORTS")).filePath(QStringLiteral("report.html")));
      if (out.open(QIODevice::WriteOnly)) out.write(html.toUtf8());
    }
    for (const char* banned : {"http://", "https://", "src=", "<link", "<script", "url(", "@import", "xlink:href"})
      QVERIFY2(!html.contains(QString::fromLatin1(banned), Qt::CaseInsensitive), banned);
    QCOMPARE(html.count(QStringLiteral("<svg")), static_cast<int>(report.plots.size()));
    QCOMPARE(html.count(QStringLiteral("</svg>")), static_cast<int>(report.plots.size()));
    QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
    QVERIFY(html.contains(QStringLiteral("<td class=\"num\"><b>0.0987</b></td>")));
    QVERIFY(html.contains(QStringLiteral("<th class=\"num\">temp, °C</th>")));
    QVERIFY(html.contains(QStringLiteral("Aaren forecast")));  // the SVG legend is text
    QCOMPARE(html.count(QStringLiteral("<tr class=\"model\">")), 1);
    // Each inline SVG is a real drawing: render the first with Qt's SVG renderer.
    const qsizetype from = html.indexOf(QStringLiteral("<svg")), to = html.indexOf(QStringLiteral("</svg>")) + 6;
    QString svg = html.mid(from, to - from);
    svg.replace(QStringLiteral("<svg role=\"img\""), QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    QSvgRenderer renderer(svg.toUtf8());
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBox(), QRect(0, 0, aaren::ui::kReportPlotWidth, aaren::ui::kReportPlotHeight));
    QImage image(renderer.viewBox().size(), QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    renderer.render(&painter);
    painter.end();
    QVERIFY(pixelsNear(image, QColor(0xd9, 0x5f, 0x02)) > 300);
  }

  void plotsAsPngAndSvgShowTheirLines() {
    QTemporaryDir dir;
    const Report report = aaren::testing::sampleForecastReport();
    const QString plots = dir.filePath(QStringLiteral("plots"));
    const QStringList written = aaren::ui::writeReportPlots(report, plots);
    QCOMPARE(written.size(), 8);
    QCOMPARE(files(plots), (QStringList{QStringLiteral("error-by-step.png"), QStringLiteral("error-by-step.svg"), QStringLiteral("forecast-0.png"),
                                        QStringLiteral("forecast-0.svg"), QStringLiteral("forecast-1.png"), QStringLiteral("forecast-1.svg"),
                                        QStringLiteral("forecast-2.png"), QStringLiteral("forecast-2.svg")}));
    const QImage png(plots + QStringLiteral("/forecast-0.png"));
    QCOMPARE(png.size(), QSize(2 * aaren::ui::kReportPlotWidth, 2 * aaren::ui::kReportPlotHeight));
    QVERIFY(pixelsNear(png, QColor(0xd9, 0x5f, 0x02)) > 500);  // the forecast line
    QVERIFY(pixelsNear(png, QColor(0x1f, 0x4e, 0x79)) > 500);  // the actual line
    QFile svg(plots + QStringLiteral("/error-by-step.svg"));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray s = svg.readAll();
    QVERIFY(s.contains("<svg"));
    QVERIFY(s.contains("seasonal naive (24)"));
    QVERIFY(s.contains("polyline") || s.contains("<path"));
  }

  void classificationReportShowsTheConfusionMatrix() {
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("c.pdf"));
    aaren::ui::writeReport(aaren::testing::sampleClassifyReport(), pdf, aaren::ui::ReportFormat::Pdf);
    keep(pdf);
    QCOMPARE(pdfPages(pdf), 2);
    const QString text = pdfText(pdf);
    QVERIFY(text.contains(QStringLiteral("Confusion matrix")));
    QVERIFY(text.contains(QRegularExpression(QStringLiteral("Running\\s+0\\s+9\\s+0\\s+1\\s+90.0 %"))));
    QVERIFY(text.contains(QStringLiteral("97.50")));
    QVERIFY(text.simplified().contains(QStringLiteral("its accuracy is 97.5 %, against 25.0 % for the best baseline, majority class.")));
    // CSV holds forecasts: a classification report has none, and says so.
    try {
      aaren::ui::writeReport(aaren::testing::sampleClassifyReport(), dir.filePath(QStringLiteral("c.csv")), aaren::ui::ReportFormat::Csv);
      QFAIL("no error");
    } catch (const aaren::report::ReportWriteError& e) {
      QCOMPARE(QString::fromStdString(e.what()),
               dir.filePath(QStringLiteral("c.csv")) +
                   QStringLiteral(": cannot write: the report has no forecast table (CSV holds forecasts; use --format json for a classification report)"));
    }
  }

  void unwritablePathGivesAnExactError() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("no/such/report.pdf"));
    try {
      aaren::ui::writeReport(aaren::testing::sampleForecastReport(), path, aaren::ui::ReportFormat::Pdf);
      QFAIL("no error");
    } catch (const aaren::report::ReportWriteError& e) {
      QCOMPARE(QString::fromStdString(e.what()), path + QStringLiteral(": cannot write: directory ") + dir.filePath(QStringLiteral("no/such")) +
                                                     QStringLiteral(" does not exist"));
    }
    QVERIFY(files(dir.path()).isEmpty());
  }

  void previewImagesMatchThePages() {
    const aaren::ui::ReportPages pages(aaren::testing::sampleForecastReport());
    const QImage first = pages.pageImage(0, 600);
    QCOMPARE(first.width(), 600);
    QCOMPARE(first.height(), 849);
    QVERIFY(pixelsNear(first, QColor(0x1f, 0x4e, 0x79)) > 300);  // title and headings in the accent colour
    // The whole page is drawn at the image's scale: the footer's page number sits near the
    // bottom right, inside the image (64 px margins of a 794 px page, scaled to 600).
    bool inkBottomRight = false;
    for (int y = 849 - 60; y < 849 - 30 && !inkBottomRight; ++y)
      for (int x = 600 - 90; x < 600 - 46; ++x) inkBottomRight = inkBottomRight || first.pixelColor(x, y).lightness() < 200;
    QVERIFY(inkBottomRight);
    bool inkInRightMargin = false;
    for (int y = 0; y < 849; ++y)
      for (int x = 600 - 40; x < 600; ++x) inkInRightMargin = inkInRightMargin || first.pixelColor(x, y) != QColor(Qt::white);
    QVERIFY(!inkInRightMargin);
  }
};

QTEST_MAIN(ReportRenderTest)
#include "ReportRenderTest.moc"
