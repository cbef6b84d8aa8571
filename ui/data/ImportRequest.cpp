#include "ui/data/ImportRequest.h"

#include "core/data/CsvTokenizer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace aaren::ui {

namespace dd = aaren::data;

QString toString(ImportKind kind) {
  switch (kind) {
    case ImportKind::Csv: return QStringLiteral("csv");
    case ImportKind::LongCsv: return QStringLiteral("long-csv");
    case ImportKind::Sqlite: return QStringLiteral("sqlite");
    case ImportKind::Ts: return QStringLiteral("ts");
  }
  return QStringLiteral("csv");
}

namespace {

ImportKind kindFromString(const QString& s) {
  if (s == QLatin1String("long-csv")) return ImportKind::LongCsv;
  if (s == QLatin1String("sqlite")) return ImportKind::Sqlite;
  if (s == QLatin1String("ts")) return ImportKind::Ts;
  return ImportKind::Csv;
}

int headerToInt(dd::HeaderMode h) { return h == dd::HeaderMode::Present ? 1 : h == dd::HeaderMode::Absent ? 2 : 0; }
dd::HeaderMode headerFromInt(int v) {
  return v == 1 ? dd::HeaderMode::Present : v == 2 ? dd::HeaderMode::Absent : dd::HeaderMode::Auto;
}

// The first line of a CSV file that is neither blank nor a comment, lower-cased fields.
QStringList headerFields(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  for (int i = 0; i < 50 && !f.atEnd(); ++i) {
    QByteArray line = f.readLine(64 * 1024).trimmed();
    if (line.startsWith("\xEF\xBB\xBF")) line.remove(0, 3);
    if (line.isEmpty() || line.startsWith('#')) continue;
    const char delim = dd::detectDelimiter(std::string_view(line.constData(), static_cast<std::size_t>(line.size())));
    QStringList fields;
    for (const QByteArray& field : line.split(delim)) fields << QString::fromUtf8(field).trimmed().remove(QLatin1Char('"')).toLower();
    return fields;
  }
  return {};
}

}  // namespace

QVariantMap ImportRequest::toVariant() const {
  QVariantMap m;
  m[QStringLiteral("kind")] = toString(kind);
  m[QStringLiteral("path")] = path;
  m[QStringLiteral("delimiter")] = static_cast<int>(csv.delimiter);
  m[QStringLiteral("header")] = headerToInt(csv.header);
  m[QStringLiteral("timeColumn")] = QString::fromStdString(csv.timeColumn);
  m[QStringLiteral("timeMode")] = static_cast<int>(time.mode);
  m[QStringLiteral("timePattern")] = time.pattern;
  m[QStringLiteral("nonFiniteMissing")] = csv.nonFinite == dd::NonFinitePolicy::Missing;
  m[QStringLiteral("oneHot")] = csv.categorical == dd::CategoricalPolicy::OneHot;
  m[QStringLiteral("valueColumns")] = valueColumns;
  m[QStringLiteral("table")] = table;
  m[QStringLiteral("sql")] = sql;
  m[QStringLiteral("sqliteTimeColumn")] = sqliteTimeColumn;
  m[QStringLiteral("testPath")] = testPath;
  return m;
}

ImportRequest ImportRequest::fromVariant(const QVariantMap& m) {
  ImportRequest r;
  r.kind = kindFromString(m.value(QStringLiteral("kind")).toString());
  r.path = m.value(QStringLiteral("path")).toString();
  r.csv.delimiter = static_cast<char>(m.value(QStringLiteral("delimiter"), 0).toInt());
  r.csv.header = headerFromInt(m.value(QStringLiteral("header"), 0).toInt());
  r.csv.timeColumn = m.value(QStringLiteral("timeColumn")).toString().toStdString();
  const int mode = m.value(QStringLiteral("timeMode"), 0).toInt();
  r.time.mode = mode >= 0 && mode <= static_cast<int>(TimeFormat::Mode::Pattern) ? static_cast<TimeFormat::Mode>(mode)
                                                                                 : TimeFormat::Mode::Auto;
  r.time.pattern = m.value(QStringLiteral("timePattern")).toString();
  if (m.value(QStringLiteral("nonFiniteMissing")).toBool()) r.csv.nonFinite = dd::NonFinitePolicy::Missing;
  if (m.value(QStringLiteral("oneHot")).toBool()) r.csv.categorical = dd::CategoricalPolicy::OneHot;
  r.valueColumns = m.value(QStringLiteral("valueColumns")).toStringList();
  r.table = m.value(QStringLiteral("table")).toString();
  r.sql = m.value(QStringLiteral("sql")).toString();
  r.sqliteTimeColumn = m.value(QStringLiteral("sqliteTimeColumn")).toString();
  r.testPath = m.value(QStringLiteral("testPath")).toString();
  return r;
}

ImportRequest defaultRequest(const QString& path) {
  ImportRequest r;
  r.path = path;
  const QFileInfo info(path);
  const QString suffix = info.suffix().toLower();
  if (suffix == QLatin1String("ts")) {
    r.kind = ImportKind::Ts;
    const QString name = info.fileName();
    static const QRegularExpression train(QStringLiteral("_TRAIN(?=\\.ts$)"), QRegularExpression::CaseInsensitiveOption);
    if (name.contains(train)) {
      QString testName = name;
      testName.replace(train, QStringLiteral("_TEST"));
      const QString candidate = info.dir().filePath(testName);
      if (QFileInfo::exists(candidate)) r.testPath = candidate;
    }
    return r;
  }
  if (dd::looksLikeSqlite(path.toStdString())) {
    r.kind = ImportKind::Sqlite;
    try {
      const auto tables = dd::listTables(path.toStdString(), /*countRows=*/false);
      if (!tables.empty()) r.table = QString::fromStdString(tables.front().name);
    } catch (const std::exception&) {
      // The import itself reports the problem with the file.
    }
    return r;
  }
  const QStringList fields = headerFields(path);
  static const QStringList ids{QStringLiteral("series_id"), QStringLiteral("case_id"), QStringLiteral("instance"),
                               QStringLiteral("sample_id")};
  static const QStringList labels{QStringLiteral("label"), QStringLiteral("class")};
  bool hasId = false, hasLabel = false;
  for (const QString& f : fields) {
    hasId = hasId || ids.contains(f);
    hasLabel = hasLabel || labels.contains(f);
  }
  r.kind = hasId && hasLabel ? ImportKind::LongCsv : ImportKind::Csv;
  return r;
}

}  // namespace aaren::ui
