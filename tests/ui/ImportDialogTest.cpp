// The CSV and SQLite import dialogs: what they detect, the live parse check, and the
// request they hand back.
#include "ui/data/CsvImportDialog.h"
#include "ui/data/SqliteImportDialog.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace aaren::ui;

class ImportDialogTest : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

  QString write(const QString& name, const QByteArray& text) {
    const QString path = dir_.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write");
    f.write(text);
    return path;
  }

 private Q_SLOTS:
  void csvDialogDetectsAndChecks() {
    const QString path = write(QStringLiteral("semi.csv"), "stamp;load;temp;site\n01.03.2022 00:00;1,5;3;north\n"
                                                           "01.03.2022 01:00;2;4;north\n01.03.2022 02:00;2.5;5;south\n");
    CsvImportDialog dialog(defaultRequest(path));
    // Detected: ';' delimiter, a header; "1,5" is not a number, "stamp" is text (not a format the reader knows).
    QCOMPARE(dialog.previewTable()->columnCount(), 4);
    QCOMPARE(dialog.previewTable()->rowCount(), 3);
    QCOMPARE(dialog.previewTable()->horizontalHeaderItem(0)->text(), QStringLiteral("stamp\n(text)"));
    QCOMPARE(dialog.statusLabel()->text(),
             QStringLiteral("✗ 2 of 3 rows of the file parse; 1 fail (the import would stop at the first): — 2 value columns, "
                            "no time axis (rows numbered), 2 warnings"));
    // Tell it how the time is written.
    dialog.timeColumnBox()->setCurrentText(QStringLiteral("stamp"));
    dialog.timeFormatBox()->setCurrentText(QStringLiteral("dd.MM.yyyy HH:mm"));
    dialog.recheck();
    const ImportRequest r = dialog.request();
    QCOMPARE(r.csv.timeColumn, std::string("stamp"));
    QVERIFY(r.time == (TimeFormat{TimeFormat::Mode::Pattern, QStringLiteral("dd.MM.yyyy HH:mm")}));
    QCOMPARE(dialog.check().rowsFailed, std::size_t{1});
    QCOMPARE(dialog.check().errors.front(), std::string("semi.csv:2:2: expected a number in column 'load', found \"1,5\""));
    QCOMPARE(dialog.previewTable()->horizontalHeaderItem(0)->text(), QStringLiteral("stamp\n(time)"));
    // Untick "load": the bad cell no longer matters... it still has to parse, so the check stays red.
    QCOMPARE(dialog.valueColumnList()->count(), 2);
    QCOMPARE(dialog.valueColumnList()->item(0)->text(), QStringLiteral("load"));
  }

  void csvDialogGoodFile() {
    const QString path = write(QStringLiteral("good.csv"), "t,x,y\n2022-01-01 00:00:00,1,2\n2022-01-01 01:00:00,3,4\n2022-01-01 02:00:00,5,6\n");
    CsvImportDialog dialog(defaultRequest(path));
    QCOMPARE(dialog.statusLabel()->text(), QStringLiteral("✓ All 3 rows of the file parse — 2 value columns, time hourly"));
    dialog.valueColumnList()->item(0)->setCheckState(Qt::Unchecked);
    dialog.recheck();
    QCOMPARE(dialog.request().valueColumns, QStringList{QStringLiteral("y")});
    QCOMPARE(dialog.statusLabel()->text(), QStringLiteral("✓ All 3 rows of the file parse — 1 value column, time hourly"));
    dialog.delimiterBox()->setCurrentIndex(2);  // ';': one text column, nothing to import
    dialog.recheck();
    QVERIFY(dialog.statusLabel()->text().startsWith(QStringLiteral("✓ All 3 rows of the file parse — 0 value columns")));
    QVERIFY(dialog.statusLabel()->text().endsWith(QStringLiteral(" — tick at least one value column")));
  }

  void sqliteDialogPreviewsATableAndASelect() {
    const QString path = dir_.filePath(QStringLiteral("db.sqlite"));
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db,
                          "CREATE TABLE m(time TEXT, v REAL, w REAL); CREATE VIEW big AS SELECT time, v FROM m WHERE v > 1;"
                          "INSERT INTO m VALUES('2024-01-01 00:00:00',1,10),('2024-01-01 00:10:00',2,20),('2024-01-01 00:20:00',3,30);",
                          nullptr, nullptr, nullptr),
             SQLITE_OK);
    sqlite3_close(db);
    SqliteImportDialog dialog(defaultRequest(path));
    QCOMPARE(dialog.tableBox()->count(), 2);
    QCOMPARE(dialog.tableBox()->itemText(0), QStringLiteral("big (view)"));
    dialog.tableBox()->setCurrentIndex(1);
    dialog.recheck();
    QCOMPARE(dialog.previewTable()->rowCount(), 3);
    QCOMPARE(dialog.previewTable()->columnCount(), 3);
    QCOMPARE(dialog.statusLabel()->text(), QStringLiteral("✓ The first 3 rows read — 2 value columns, time from “time”"));
    QCOMPARE(dialog.request().table, QStringLiteral("m"));
    dialog.sqlEdit()->setPlainText(QStringLiteral("SELECT time, v * 2 AS twice FROM m;"));
    dialog.recheck();
    QVERIFY(dialog.useSqlButton()->isChecked());
    QCOMPARE(dialog.previewTable()->item(2, 1)->text(), QStringLiteral("6"));
    QCOMPARE(dialog.request().sql, QStringLiteral("SELECT time, v * 2 AS twice FROM m;"));
    QVERIFY(dialog.request().table.isEmpty());
    dialog.sqlEdit()->setPlainText(QStringLiteral("DROP TABLE m"));
    dialog.recheck();
    QVERIFY2(dialog.statusLabel()->text().startsWith(QStringLiteral("✗ db.sqlite: ")), qPrintable(dialog.statusLabel()->text()));
    QVERIFY(!dialog.previewOk());
  }

  // Issue 18 items 4 and 12: the preview runs on the GUI thread, so a SELECT that never
  // yields a row is given up after 2 s, and a query may only read.
  void sqliteDialogGivesUpOnAQueryThatNeverEnds() {
    const QString path = dir_.filePath(QStringLiteral("endless.sqlite"));
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, "CREATE TABLE m(v REAL); INSERT INTO m VALUES (1);", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    SqliteImportDialog dialog(defaultRequest(path));
    dialog.sqlEdit()->setPlainText(QStringLiteral(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c ORDER BY x DESC"));
    dialog.recheck();
    QCOMPARE(dialog.statusLabel()->text(),
             QStringLiteral("✗ endless.sqlite: the query ran longer than 2 s, the most allowed here (a view that never ends? add a LIMIT)"));
    QVERIFY(!dialog.previewOk());
    dialog.sqlEdit()->setPlainText(QStringLiteral("SELECT hex(fts3_tokenizer('simple')) AS p"));
    dialog.recheck();
    QCOMPARE(dialog.statusLabel()->text(),
             QStringLiteral("✗ endless.sqlite: the function fts3_tokenizer() is not allowed in a query on a data file"));
  }
};

QTEST_MAIN(ImportDialogTest)
#include "ImportDialogTest.moc"
