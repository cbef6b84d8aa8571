// File → Export report… in the main window: the report is built in the worker thread on
// the open dataset and a model file, and errors come back as messages.
#include "tests/report/TinyRun.h"
#include "ui/MainWindow.h"
#include "ui/report/ReportController.h"

#include <QAction>
#include <QFile>
#include <QMenu>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using aaren::ui::MainWindow;
using aaren::ui::ReportController;

class ReportControllerTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void exportsAReportOnTheOpenDataset() {
    const auto& run = aaren::testing::tinyForecastRun();
    QTemporaryDir workspace;
    MainWindow window(MainWindow::Options{workspace.filePath(QStringLiteral("w.sqlite")), false});
    ReportController* reports = window.reports();
    QVERIFY(reports);
    QVERIFY(window.fileMenu()->actions().contains(reports->exportAction()));
    QCOMPARE(reports->exportAction()->text(), QStringLiteral("Export &report…"));
    QVERIFY(!reports->exportAction()->isEnabled());  // no dataset yet

    QVERIFY(window.openFile(QString::fromStdString(run.csv.string())));
    QVERIFY(reports->exportAction()->isEnabled());
    QSignalSpy ready(reports, &ReportController::reportReady);
    QSignalSpy busy(reports, &ReportController::busyChanged);
    reports->buildReport(QString::fromStdString(run.model.string()), false);
    QVERIFY(reports->busy());
    QVERIFY(!reports->exportAction()->isEnabled());
    QVERIFY(ready.wait(30000));
    QCOMPARE(busy.count(), 2);
    QVERIFY(!reports->busy());
    const auto& r = reports->lastReport();
    QCOMPARE(QString::fromStdString(r.title), QStringLiteral("Forecast report: tiny.csv"));
    QCOMPARE(r.metrics.at(0).rows.size(), std::size_t{6});  // the model and five baselines
    QCOMPARE(r.forecast.rows(), std::size_t{6});
    QCOMPARE(QString::fromStdString(r.manifest.model_file), QString::fromStdString(run.model.string()));
    QVERIFY(r.stream.empty());

    // With a live stream's samples, the report has its stream section.
    std::vector<aaren::report::StreamTrace> traces(1);
    traces[0].model = "Aaren";
    traces[0].points = {{1000, 576, 5.0, 8.0, 0.005, 1 << 20}, {2000, 576, 5.1, 8.2, 0.010, 1 << 20}};
    reports->setStreamTraces(traces);
    reports->buildReport(QString::fromStdString(run.model.string()), false);
    QVERIFY(ready.wait(30000));
    QCOMPARE(reports->lastReport().stream.size(), std::size_t{1});
    QCOMPARE(QString::fromStdString(reports->lastReport().plots.back().id), QStringLiteral("stream-latency"));
  }

  void aBadModelFileComesBackAsAMessage() {
    const auto& run = aaren::testing::tinyForecastRun();
    QTemporaryDir dir;
    MainWindow window(MainWindow::Options{dir.filePath(QStringLiteral("w.sqlite")), false});
    QSignalSpy failed(window.reports(), &ReportController::failed);
    window.reports()->buildReport(QString::fromStdString(run.model.string()), false);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("Open a dataset first: the report scores the model on it."));

    QVERIFY(window.openFile(QString::fromStdString(run.csv.string())));
    const QString bad = dir.filePath(QStringLiteral("bad.aaren"));
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a model");
    file.close();
    window.reports()->buildReport(bad, false);
    QVERIFY(failed.wait(30000));
    QVERIFY2(failed.at(1).at(0).toString().startsWith(bad + QStringLiteral(": ")), qPrintable(failed.at(1).at(0).toString()));
    QVERIFY(!window.reports()->busy());
    QVERIFY(window.reports()->exportAction()->isEnabled());
  }
};

QTEST_MAIN(ReportControllerTest)
#include "ReportControllerTest.moc"
