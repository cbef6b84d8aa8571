#pragma once
// What to import and how: the file, its kind and the reader options the import dialogs
// collect. A plain value: built on the GUI thread, copied to the import worker, stored with
// a recent file so reopening reads the file the same way.
#include "core/data/CsvReader.h"
#include "core/data/LongCsvReader.h"
#include "core/data/SqliteReader.h"

#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace aaren::ui {

enum class ImportKind {
  Csv,      // a time series: one column per channel
  LongCsv,  // labelled series in long format (series_id, [time], channels..., label)
  Sqlite,   // a table, view or read-only SELECT
  Ts,       // a UEA/UCR .ts classification set (with its _TEST file when there is one)
};

QString toString(ImportKind kind);  // "csv", "long-csv", "sqlite", "ts"

// How the time axis is read from the chosen column.
struct TimeFormat {
  enum class Mode {
    Auto,         // the reader's detection (ISO 8601 and friends, epoch by column name, year/month/... parts)
    None,         // no time axis: rows are numbered
    EpochSeconds, // numbers: seconds since 1970-01-01 UTC
    EpochMillis,  // numbers: milliseconds since 1970-01-01 UTC
    Pattern,      // text read with a QDateTime format such as "dd.MM.yyyy HH:mm" (UTC)
  };
  Mode mode = Mode::Auto;
  QString pattern;  // Mode::Pattern
  friend bool operator==(const TimeFormat&, const TimeFormat&) = default;
};

struct ImportRequest {
  ImportKind kind = ImportKind::Csv;
  QString path;

  // CSV (ImportKind::Csv). csv.timeColumn names the time column ("" = detect).
  aaren::data::CsvOptions csv;
  TimeFormat time;
  QStringList valueColumns;  // CSV and SQLite: the channels to keep, in file order; empty = all

  // SQLite: either a table/view or a SELECT.
  QString table;
  QString sql;
  QString sqliteTimeColumn;  // "" = detect

  // .ts: the test file ("" = none); found next to a _TRAIN file by defaultRequest().
  QString testPath;
  // Long-format CSV.
  aaren::data::LongCsvOptions longCsv;

  // For QSettings (recent files remember how each file was read).
  QVariantMap toVariant() const;
  static ImportRequest fromVariant(const QVariantMap& map);
};

// The request File → Open would start from for `path`: the kind from the extension and
// content (SQLite header, .ts, a long-format CSV header), the first table of a database,
// the _TEST file next to a _TRAIN file. Reads at most a few KB of the file.
ImportRequest defaultRequest(const QString& path);

}  // namespace aaren::ui
