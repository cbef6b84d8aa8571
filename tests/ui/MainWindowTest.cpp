// The main window loads a CSV, plots every channel, and survives a malformed file.
#include "ui/MainWindow.h"
#include "ui/SeriesPlot.h"

#include <QFile>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

class MainWindowTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void plotsEveryChannelOfEtth1() {
    aaren::ui::MainWindow window;
    QVERIFY(window.openFile(QStringLiteral(AAREN_DATA_DIR "/forecasting/ETTh1.csv"), false));
    auto* plot = window.seriesPlot();
    QCOMPARE(plot->graphCount(), 7);
    const QStringList names{QStringLiteral("HUFL"), QStringLiteral("HULL"), QStringLiteral("MUFL"),
                            QStringLiteral("MULL"), QStringLiteral("LUFL"), QStringLiteral("LULL"),
                            QStringLiteral("OT")};
    for (int g = 0; g < 7; ++g) {
      QCOMPARE(plot->graphName(g), names[g]);
      QCOMPARE(plot->pointCount(g), 17420);
    }
    QCOMPARE(window.windowTitle(), QStringLiteral("ETTh1.csv — Aaren Studio"));
    QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("ETTh1.csv: 17420 rows × 7 columns"));
  }

  void malformedFileShowsErrorAndKeepsThePlot() {
    aaren::ui::MainWindow window;
    QVERIFY(window.openFile(QStringLiteral(AAREN_DATA_DIR "/forecasting/Airline.csv"), false));
    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("bad.csv"));
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("time,a\n");
    for (int day = 1; day <= 20; ++day) file.write(QByteArray("2020-01-") + QByteArray::number(day).rightJustified(2, '0') + ",1.5\n");
    file.write("2020-01-21,abc\n");
    file.close();
    QVERIFY(!window.openFile(bad, false));
    QVERIFY(window.lastError().contains(QStringLiteral("bad.csv")));
    QVERIFY(window.lastError().contains(QStringLiteral("abc")));
    QCOMPARE(window.statusBar()->currentMessage(), window.lastError());
    // The previous data is still there and the window still works.
    QCOMPARE(window.seriesPlot()->graphCount(), 1);
    QCOMPARE(window.seriesPlot()->pointCount(0), 144);
    QCOMPARE(window.currentFile(), QStringLiteral(AAREN_DATA_DIR "/forecasting/Airline.csv"));
  }
};

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
