// Importing without widgets (Importer, CsvPreview, ImportRequest) and through the
// DataController's worker thread: exact shapes, messages, cancellation.
#include "core/data/SqliteReader.h"
#include "ui/data/CsvPreview.h"
#include "ui/data/DataController.h"
#include "ui/data/Importer.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace aaren::ui;
namespace dd = aaren::data;

namespace {

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text) {
  const QString path = dir.filePath(name);
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
  f.write(text);
  return path;
}

QString etth1() { return QStringLiteral(AAREN_DATA_DIR "/forecasting/ETTh1.csv"); }

}  // namespace

class ImportTest : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private Q_SLOTS:
  void etth1ThroughTheImporter() {
    const DatasetPtr d = importDataset(defaultRequest(etth1()));
    QVERIFY(d);
    QVERIFY(d->kind == Dataset::Kind::Forecast);
    QCOMPARE(d->series.rows, std::size_t{17420});
    QCOMPARE(d->series.cols(), std::size_t{7});
    QCOMPARE(d->series.names.back(), std::string("OT"));
    QCOMPARE(d->series.at(0, 6), 30.531000137329102);
    QCOMPARE(d->series.timestamps.front(), std::int64_t{1467331200});  // 2016-07-01 00:00 UTC
    QCOMPARE(d->sha256, QStringLiteral("f18de3ad269cef59bb07b5438d79bb3042d3be49bdeecf01c1cd6d29695ee066"));
    QCOMPARE(d->summary(), QStringLiteral("17,420 rows × 7 channels, hourly, 2016-07-01 00:00 – 2018-06-26 19:00"));
    QVERIFY(d->warnings.empty());
  }

  void pollutionListsItsWarnings() {
    const DatasetPtr d = importDataset(defaultRequest(QStringLiteral(AAREN_DATA_DIR "/forecasting/pollution.csv")));
    QVERIFY(d);
    QCOMPARE(d->series.rows, std::size_t{43824});
    QVERIFY(d->series.hasTime());
    QCOMPARE(d->series.time.frequency.seconds, std::int64_t{3600});
    QStringList kinds;
    for (const auto& w : d->warnings) kinds << QString::fromUtf8(dd::toString(w.kind).data());
    QCOMPARE(kinds, (QStringList{QStringLiteral("index-column"), QStringLiteral("categorical-column"), QStringLiteral("missing-values")}));
    bool text = false;
    for (const auto& w : d->warnings) text = text || w.message == "column 'cbwd' holds text (4 levels): excluded from the values";
    QVERIFY(text);
    QCOMPARE(d->series.missing[0], std::size_t{2067});  // pm2.5
  }

  void tsSetFindsItsTestFile() {
    const QString train = QStringLiteral(AAREN_DATA_DIR "/classification/BasicMotions/BasicMotions_TRAIN.ts");
    const ImportRequest r = defaultRequest(train);
    QVERIFY(r.kind == ImportKind::Ts);
    QCOMPARE(r.testPath, QStringLiteral(AAREN_DATA_DIR "/classification/BasicMotions/BasicMotions_TEST.ts"));
    const DatasetPtr d = importDataset(r);
    QVERIFY(d->kind == Dataset::Kind::Classify);
    QCOMPARE(d->train.size(), std::size_t{40});
    QCOMPARE(d->test.size(), std::size_t{40});
    QCOMPARE(d->train.channels, std::size_t{6});
    QCOMPARE(d->summary(), QStringLiteral("40 training + 40 test cases, 6 channels, 4 classes, length 100"));
  }

  void timePatternAndColumnPick() {
    const QString path = writeFile(dir_, QStringLiteral("dotted.csv"),
                                   "when;a;b;c\n01.02.2021 10:00;1;2;3\n01.02.2021 11:00;4;5;6\n01.02.2021 13:00;7;8;9\n");
    ImportRequest r = defaultRequest(path);
    r.csv.timeColumn = "when";
    r.time = {TimeFormat::Mode::Pattern, QStringLiteral("dd.MM.yyyy HH:mm")};
    r.valueColumns = {QStringLiteral("c"), QStringLiteral("a")};
    const DatasetPtr d = importDataset(r);
    QCOMPARE(d->series.names, (std::vector<std::string>{"a", "c"}));  // file order
    QCOMPARE(d->series.timestamps, (std::vector<std::int64_t>{1612173600, 1612177200, 1612184400}));
    QCOMPARE(d->series.at(2, 1), 9.0);
    QCOMPARE(d->series.time.gaps, std::uint64_t{1});
    QCOMPARE(d->warnings.size(), std::size_t{1});
    QCOMPARE(d->warnings[0].message, std::string("1 gaps (1 missing hourly steps)"));
  }

  void timePatternMismatchNamesTheRow() {
    const QString path = writeFile(dir_, QStringLiteral("slash.csv"), "day,v\n30/01/2020,1\n31/01/2020,2\n31/02/2020,3\n");
    ImportRequest r = defaultRequest(path);
    r.csv.timeColumn = "day";
    r.time = {TimeFormat::Mode::Pattern, QStringLiteral("dd/MM/yyyy")};
    try {
      importDataset(r);
      QFAIL("no error");
    } catch (const dd::DataError& e) {
      QCOMPARE(QString::fromUtf8(e.what()), QStringLiteral("slash.csv: data row 3: \"31/02/2020\" does not match the time format 'dd/MM/yyyy'"));
    }
  }

  void epochMillisAndUnknownColumn() {
    const QString path = writeFile(dir_, QStringLiteral("ms.csv"), "t_ms,v\n1600000000000,1\n1600000060000,2\n");
    ImportRequest r = defaultRequest(path);
    r.csv.timeColumn = "t_ms";
    r.time.mode = TimeFormat::Mode::EpochMillis;
    const DatasetPtr d = importDataset(r);
    QCOMPARE(d->series.timestamps, (std::vector<std::int64_t>{1600000000, 1600000060}));
    QCOMPARE(d->series.names, (std::vector<std::string>{"v"}));
    r.valueColumns = {QStringLiteral("w")};
    try {
      importDataset(r);
      QFAIL("no error");
    } catch (const dd::DataError& e) {
      QCOMPARE(QString::fromUtf8(e.what()), QStringLiteral("ms.csv: no value column named 'w' (columns: v)"));
    }
  }

  void sqliteTable() {
    const QString path = dir_.filePath(QStringLiteral("readings.sqlite"));
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
    const char* sql =
        "CREATE TABLE readings(time TEXT, temp REAL, hum REAL);"
        "INSERT INTO readings VALUES('2024-01-01 00:00:00', 1.5, 40), ('2024-01-01 01:00:00', 2.5, NULL),"
        "('2024-01-01 02:00:00', 3.5, 42);";
    QCOMPARE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    ImportRequest r = defaultRequest(path);
    QVERIFY(r.kind == ImportKind::Sqlite);
    QCOMPARE(r.table, QStringLiteral("readings"));
    DatasetPtr d = importDataset(r);
    QCOMPARE(d->series.rows, std::size_t{3});
    QCOMPARE(d->series.names, (std::vector<std::string>{"temp", "hum"}));
    QCOMPARE(d->series.missing[1], std::size_t{1});
    r.table.clear();
    r.sql = QStringLiteral("SELECT time, temp * 2 AS twice FROM readings WHERE temp > 2");
    d = importDataset(r);
    QCOMPARE(d->series.names, (std::vector<std::string>{"twice"}));
    QCOMPARE(d->series.at(1, 0), 7.0);
    r.sql = QStringLiteral("DELETE FROM readings");
    try {
      importDataset(r);
      QFAIL("no error");
    } catch (const dd::DataError& e) {
      QCOMPARE(QString::fromUtf8(e.what()),
               QStringLiteral("readings.sqlite: the statement would modify the database: only read-only queries are allowed"));
    }
  }

  void requestSurvivesSettings() {
    ImportRequest r;
    r.kind = ImportKind::Csv;
    r.path = QStringLiteral("/data/x.csv");
    r.csv.delimiter = ';';
    r.csv.header = dd::HeaderMode::Absent;
    r.csv.timeColumn = "column1";
    r.csv.nonFinite = dd::NonFinitePolicy::Missing;
    r.time = {TimeFormat::Mode::Pattern, QStringLiteral("yyyyMMdd")};
    r.valueColumns = {QStringLiteral("column3")};
    const ImportRequest back = ImportRequest::fromVariant(r.toVariant());
    QCOMPARE(back.path, r.path);
    QCOMPARE(back.csv.delimiter, ';');
    QVERIFY(back.csv.header == dd::HeaderMode::Absent);
    QCOMPARE(back.csv.timeColumn, std::string("column1"));
    QVERIFY(back.csv.nonFinite == dd::NonFinitePolicy::Missing);
    QVERIFY(back.time == r.time);
    QCOMPARE(back.valueColumns, r.valueColumns);
  }

  void liveCheckCountsBadRows() {
    QByteArray text = "time,a\n";
    for (int h = 0; h < 24; ++h) {
      const QByteArray hh = QByteArray::number(h).rightJustified(2, '0');
      text += "2020-01-01 " + hh + ":00:00," + (h == 5 || h == 17 ? QByteArray("oops") : QByteArray::number(h)) + "\n";
    }
    const QString path = writeFile(dir_, QStringLiteral("two-bad.csv"), text);
    const CsvHead head = readCsvHead(path);
    QVERIFY(!head.truncated);
    const CsvCheck check = checkCsv(head, defaultRequest(path));
    QVERIFY2(check.fatal.empty(), check.fatal.c_str());
    QCOMPARE(check.rowsParsed, std::size_t{22});
    QCOMPARE(check.rowsFailed, std::size_t{2});
    QCOMPARE(check.errors, (std::vector<std::string>{"two-bad.csv:7:2: expected a number in column 'a', found \"oops\"",
                                                     "two-bad.csv:19:2: expected a number in column 'a', found \"oops\""}));
    QCOMPARE(check.valueColumns, (std::vector<std::string>{"a"}));
  }

  void liveCheckOfAWrongDelimiter() {
    const QString path = writeFile(dir_, QStringLiteral("semi.csv"), "x;y\n1;2\n3;4\n");
    ImportRequest r = defaultRequest(path);
    QCOMPARE(checkCsv(readCsvHead(path), r).rowsParsed, std::size_t{2});
    r.csv.delimiter = '|';
    const CsvCheck check = checkCsv(readCsvHead(path), r);
    // One text column and no numbers: nothing to import.
    QCOMPARE(check.valueColumns.size(), std::size_t{0});
    QCOMPARE(check.result.series.categoricals.size(), std::size_t{1});
  }

  void previewSplitsQuotedFields() {
    const auto rows = splitRecords("# comment\nname,value\n\"a, b\",1\n\n\"say \"\"hi\"\"\",2\n", 0, 10);
    QCOMPARE(rows.size(), std::size_t{3});
    QCOMPARE(rows[1], (std::vector<std::string>{"a, b", "1"}));
    QCOMPARE(rows[2], (std::vector<std::string>{"say \"hi\"", "2"}));
  }

  void controllerImportsInItsThread() {
    DataController c;
    QSignalSpy changed(&c, &DataController::datasetChanged);
    QSignalSpy busy(&c, &DataController::busyChanged);
    c.open(defaultRequest(etth1()));
    QVERIFY(c.isBusy());
    QVERIFY(c.waitForIdle());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(busy.count(), 2);
    QCOMPARE(c.current()->series.rows, std::size_t{17420});
  }

  void controllerFailsWithTheReadersMessage() {
    DataController c;
    QSignalSpy failed(&c, &DataController::importFailed);
    const QString path = writeFile(dir_, QStringLiteral("ragged.csv"), "a,b\n1,2\n3\n");
    c.open(defaultRequest(path));
    QVERIFY(c.waitForIdle());
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("ragged.csv:3:2: expected 2 fields, found 1"));
    QVERIFY(!c.current());
  }

  void cancelStopsALargeImport() {
    // 40 MB: long enough that the cancel lands while it reads.
    const QString path = dir_.filePath(QStringLiteral("large.csv"));
    {
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("t,a,b,c,d,e\n");
      QByteArray block;
      for (int i = 0; i < 1000000; ++i) block += QByteArray::number(i) + ",1.25,2.5,3.75,4.125,5.0625\n";
      f.write(block);
    }
    DataController c;
    QSignalSpy cancelled(&c, &DataController::importCancelled);
    QSignalSpy changed(&c, &DataController::datasetChanged);
    QSignalSpy failed(&c, &DataController::importFailed);
    ImportRequest r = defaultRequest(path);
    r.time.mode = TimeFormat::Mode::None;
    r.csv.header = dd::HeaderMode::Present;
    // Cancel as soon as the first progress report arrives (the read is well under way then).
    connect(&c, &DataController::importProgress, &c, &DataController::cancelImport);
    c.open(r);
    QVERIFY(c.waitForIdle());
    QCOMPARE(failed.count(), 0);
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(changed.count(), 0);
  }

  void progressCallbackCancels() {
    int calls = 0;
    const DatasetPtr d = importDataset(defaultRequest(QStringLiteral(AAREN_DATA_DIR "/forecasting/pollution.csv")), [&](double f) {
      ++calls;
      return f < 0.001;  // stop at the first report past the start
    });
    QVERIFY(!d);
    QVERIFY(calls >= 1);
  }

  void aNewImportSupersedesTheRunningOne() {
    DataController c;
    QSignalSpy changed(&c, &DataController::datasetChanged);
    c.open(defaultRequest(QStringLiteral(AAREN_DATA_DIR "/forecasting/pollution.csv")));
    c.open(defaultRequest(QStringLiteral(AAREN_DATA_DIR "/forecasting/Airline.csv")));
    QVERIFY(c.waitForIdle());
    QTest::qWait(50);  // a late result of the first import must not arrive
    QCOMPARE(changed.count(), 1);
    QCOMPARE(c.current()->fileName(), QStringLiteral("Airline.csv"));
  }
};

QTEST_MAIN(ImportTest)
#include "ImportTest.moc"
