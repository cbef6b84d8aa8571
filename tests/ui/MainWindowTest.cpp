// The main window loads a CSV through the DataController, plots every channel, and survives
// a malformed file.
#include "ui/MainWindow.h"
#include "ui/MessageBar.h"
#include "ui/data/DataController.h"
#include "ui/explore/SeriesPlot.h"

#include <QFile>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

using aaren::ui::MainWindow;

class MainWindowTest : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir dir_;
  MainWindow::Options options() const {
    MainWindow::Options o;
    o.workspacePath = dir_.filePath(QStringLiteral("workspace.sqlite"));
    o.restoreGeometry = false;
    return o;
  }

 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void plotsEveryChannelOfEtth1() {
    MainWindow window(options());
    QVERIFY(window.openFile(QStringLiteral(AAREN_DATA_DIR "/forecasting/ETTh1.csv")));
    auto* plot = window.seriesPlot();
    QCOMPARE(plot->graphCount(), 7);
    const QStringList names{QStringLiteral("HUFL"), QStringLiteral("HULL"), QStringLiteral("MUFL"), QStringLiteral("MULL"),
                            QStringLiteral("LUFL"), QStringLiteral("LULL"), QStringLiteral("OT")};
    for (int g = 0; g < 7; ++g) {
      QCOMPARE(plot->graphName(g), names[g]);
      QCOMPARE(plot->pointCount(g), 17420);
    }
    QCOMPARE(window.windowTitle(), QStringLiteral("ETTh1.csv — Aaren Studio"));
    QCOMPARE(window.statusBar()->currentMessage(),
             QStringLiteral("ETTh1.csv: 17,420 rows × 7 channels, hourly, 2016-07-01 00:00 – 2018-06-26 19:00"));
  }

  void malformedFileShowsErrorAndKeepsThePlot() {
    MainWindow window(options());
    QVERIFY(window.openFile(QStringLiteral(AAREN_DATA_DIR "/forecasting/Airline.csv")));
    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("bad.csv"));
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("time,a\n");
    for (int day = 1; day <= 20; ++day) file.write(QByteArray("2020-01-") + QByteArray::number(day).rightJustified(2, '0') + ",1.5\n");
    file.write("2020-01-21,abc\n");
    file.close();
    QVERIFY(!window.openFile(bad));
    QCOMPARE(window.lastError(), QStringLiteral("bad.csv:22:2: expected a number in column 'a', found \"abc\""));
    QCOMPARE(window.statusBar()->currentMessage(), window.lastError());
    QCOMPARE(window.messageBar()->text(), window.lastError());
    // The previous data is still there and the window still works.
    QCOMPARE(window.seriesPlot()->graphCount(), 1);
    QCOMPARE(window.seriesPlot()->pointCount(0), 144);
    QCOMPARE(window.currentFile(), QStringLiteral(AAREN_DATA_DIR "/forecasting/Airline.csv"));
    QVERIFY(window.openFile(QStringLiteral(AAREN_DATA_DIR "/forecasting/ETTh1.csv")));
    QCOMPARE(window.seriesPlot()->graphCount(), 7);
    QVERIFY(window.messageBar()->text().isEmpty());
  }
};

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
