// The Export report dialog (preview, format choice, export with errors shown) and the
// plots' Export as PNG/SVG/PDF actions.
#include "core/report/AtomicWrite.h"
#include "tests/report/SampleReports.h"
#include "ui/QCustomPlot.h"
#include "ui/report/ExportReportDialog.h"
#include "ui/report/PlotExport.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QTemporaryDir>
#include <QtTest>

using aaren::ui::ExportReportDialog;
using aaren::ui::ReportFormat;

class ExportReportDialogTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void previewsPagesAndText() {
    ExportReportDialog dialog(aaren::testing::sampleForecastReport());
    QCOMPARE(dialog.pageCount(), 4);
    QCOMPARE(dialog.format(), ReportFormat::Pdf);
    const QImage first = dialog.previewImage();
    QVERIFY(!first.isNull());
    QCOMPARE(qRound(first.width() / first.devicePixelRatio()), 620);
    dialog.showPage(1);
    QCOMPARE(dialog.currentPage(), 1);
    QVERIFY(dialog.previewImage() != first);
    dialog.showPage(99);
    QCOMPARE(dialog.currentPage(), 3);
    auto* label = dialog.findChild<QLabel*>();
    QVERIFY(label);
    bool found = false;
    for (auto* l : dialog.findChildren<QLabel*>()) found = found || l->text() == QStringLiteral("Page 4 of 4");
    QVERIFY(found);

    if (qEnvironmentVariableIsSet("AAREN_KEEP_REPORTS")) {  // a screenshot to look at
      dialog.resize(900, 760);
      dialog.showPage(0);
      dialog.grab().save(QDir(qEnvironmentVariable("AAREN_KEEP_REPORTS")).filePath(QStringLiteral("export-dialog.png")));
      dialog.showPage(3);
    }
    dialog.setFormat(ReportFormat::Csv);
    QVERIFY(dialog.previewImage().isNull());
    QVERIFY2(dialog.previewText().startsWith(QStringLiteral("timestamp,step,load,\"temp, °C\",price\n2023-12-09 22:00:00,1,10.100000099999999,20.100000100000003,")),
             qPrintable(dialog.previewText().left(120)));
    dialog.setFormat(ReportFormat::Json);
    QVERIFY(dialog.previewText().contains(QStringLiteral("\"report_format_version\": 1")));
  }

  void exportsWithPlotsAndShowsErrors() {
    QTemporaryDir dir;
    ExportReportDialog dialog(aaren::testing::sampleForecastReport());
    dialog.setFormat(ReportFormat::Html);
    dialog.setExportPlots(true);
    const QString path = dir.filePath(QStringLiteral("r.html"));
    QString error;
    QVERIFY(dialog.exportTo(path, &error));
    QVERIFY(error.isEmpty());
    QVERIFY(QFile::exists(path));
    QCOMPARE(QDir(dir.filePath(QStringLiteral("r-plots"))).entryList(QDir::Files).size(), 8);
    QCOMPARE(dialog.statusText(), QStringLiteral("Saved %1 and 8 plot files in %2").arg(path, dir.filePath(QStringLiteral("r-plots"))));

    const QString bad = dir.filePath(QStringLiteral("missing/r.pdf"));
    dialog.setFormat(ReportFormat::Pdf);
    QVERIFY(!dialog.exportTo(bad, &error));
    QCOMPARE(error, bad + QStringLiteral(": cannot write: directory ") + dir.filePath(QStringLiteral("missing")) + QStringLiteral(" does not exist"));
    QCOMPARE(dialog.statusText(), error);
  }

  void classificationReportOffersNoCsv() {
    ExportReportDialog dialog(aaren::testing::sampleClassifyReport());
    QCOMPARE(dialog.pageCount(), 2);
    auto* group = dialog.findChild<QButtonGroup*>();
    QVERIFY(group);
    QVERIFY(!group->button(static_cast<int>(ReportFormat::Csv))->isEnabled());
    QVERIFY(group->button(static_cast<int>(ReportFormat::Json))->isEnabled());
  }

  void plotsExportFromTheirMenu() {
    QCustomPlot plot;
    plot.addGraph()->setData(QVector<double>{0, 1, 2, 3}, QVector<double>{1, 3, 2, 4});
    plot.graph(0)->setPen(QPen(QColor(0xd9, 0x5f, 0x02), 3));
    plot.rescaleAxes();
    QMenu menu;
    aaren::ui::addPlotExportActions(menu, plot, QStringLiteral("loss"));
    QStringList texts;
    for (auto* a : menu.actions()) texts << a->text();
    QCOMPARE(texts, (QStringList{QStringLiteral("Export as PNG…"), QStringLiteral("Export as SVG…"), QStringLiteral("Export as PDF…")}));
    aaren::ui::installPlotExportMenu(plot);
    QCOMPARE(plot.contextMenuPolicy(), Qt::CustomContextMenu);

    QTemporaryDir dir;
    const QSize size(400, 300);
    aaren::ui::exportPlot(plot, dir.filePath(QStringLiteral("p.png")), aaren::ui::PlotFormat::Png, size);
    aaren::ui::exportPlot(plot, dir.filePath(QStringLiteral("p.svg")), aaren::ui::PlotFormat::Svg, size);
    aaren::ui::exportPlot(plot, dir.filePath(QStringLiteral("p.pdf")), aaren::ui::PlotFormat::Pdf, size);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), (QStringList{QStringLiteral("p.pdf"), QStringLiteral("p.png"), QStringLiteral("p.svg")}));
    const QImage png(dir.filePath(QStringLiteral("p.png")));
    QCOMPARE(png.size(), QSize(800, 600));
    int orange = 0;
    for (int y = 0; y < png.height(); ++y)
      for (int x = 0; x < png.width(); ++x) orange += png.pixelColor(x, y) == QColor(0xd9, 0x5f, 0x02) ? 1 : 0;
    QVERIFY(orange > 300);
    QFile pdf(dir.filePath(QStringLiteral("p.pdf")));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    const QByteArray bytes = pdf.readAll();
    QVERIFY(bytes.startsWith("%PDF-"));
    QVERIFY(bytes.contains("/MediaBox [0 0 300.000000 225.000000]"));  // 400 × 300 px at 96 dpi in points
    QFile svg(dir.filePath(QStringLiteral("p.svg")));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QVERIFY(svg.readAll().contains("viewBox=\"0 0 400 300\""));

    try {
      aaren::ui::exportPlot(plot, dir.filePath(QStringLiteral("p.png/x.svg")), aaren::ui::PlotFormat::Svg, size);
      QFAIL("no error");
    } catch (const aaren::report::ReportWriteError& e) {
      QCOMPARE(QString::fromStdString(e.what()), dir.filePath(QStringLiteral("p.png/x.svg")) + QStringLiteral(": cannot write: ") +
                                                     dir.filePath(QStringLiteral("p.png")) + QStringLiteral(" is not a directory"));
    }
  }
};

QTEST_MAIN(ExportReportDialogTest)
#include "ExportReportDialogTest.moc"
