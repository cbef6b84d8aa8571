#include "ui/data/Importer.h"

#include "core/data/Frequency.h"
#include "core/data/TsReader.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace aaren::ui {

namespace dd = aaren::data;

namespace {

std::string sourceName(const QString& path) { return QFileInfo(path).fileName().toStdString(); }

// SHA-256 of the file, streamed in 1 MiB blocks; "" when it cannot be read (the reader
// reports that), or when cancelled.
QString fileSha256(const QString& path, const ImportProgressFn& progress, double from, double to) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  QCryptographicHash hash(QCryptographicHash::Sha256);
  const double total = static_cast<double>(std::max<qint64>(f.size(), 1));
  QByteArray block;
  qint64 done = 0;
  while (!f.atEnd()) {
    block = f.read(1 << 20);
    if (block.isEmpty()) break;
    hash.addData(block);
    done += block.size();
    if (progress && !progress(from + (to - from) * static_cast<double>(done) / total)) return {};
  }
  return QString::fromLatin1(hash.result().toHex());
}

dd::ProgressFn readerProgress(const ImportProgressFn& progress, double from, double to) {
  if (!progress) return {};
  return [progress, from, to](std::uint64_t done, std::uint64_t total) {
    const double f = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
    return progress(from + (to - from) * std::clamp(f, 0.0, 1.0));
  };
}

void addTimeWarnings(const dd::Series& s, std::vector<dd::Warning>& warnings) {
  if (s.time.duplicates > 0)
    warnings.push_back({dd::WarningKind::DuplicateTimestamp, 0, 0, std::to_string(s.time.duplicates) + " duplicate timestamps"});
  if (s.time.outOfOrder > 0)
    warnings.push_back({dd::WarningKind::OutOfOrderTimestamp, 0, 0,
                        std::to_string(s.time.outOfOrder) + " timestamps earlier than the row before"});
  if (s.time.gaps > 0)
    warnings.push_back({dd::WarningKind::Gap, 0, 0,
                        std::to_string(s.time.gaps) + " gaps (" + std::to_string(s.time.missingSteps) + " missing " +
                            s.time.frequency.label() + " steps)"});
}

// Text read with a QDateTime pattern as UTC wall-clock time (no daylight-saving shifts).
std::optional<std::int64_t> parseWithPattern(const QString& text, const QString& pattern) {
  // Parsing in local time would skip or shift wall-clock times that fall in a DST change, so
  // the pattern is read as a date-time in UTC by appending an explicit zone.
  const QDateTime dt = QDateTime::fromString(text.trimmed() + QStringLiteral(" +00:00"), pattern + QStringLiteral(" t"));
  if (!dt.isValid()) return std::nullopt;
  return dt.toSecsSinceEpoch();
}

QString describeFormat(const TimeFormat& f) {
  switch (f.mode) {
    case TimeFormat::Mode::EpochSeconds: return QStringLiteral("epoch seconds");
    case TimeFormat::Mode::EpochMillis: return QStringLiteral("epoch milliseconds");
    default: return QStringLiteral("the time format '") + f.pattern + QLatin1Char('\'');
  }
}

}  // namespace

dd::CsvOptions readerOptions(const ImportRequest& request) {
  dd::CsvOptions o = request.csv;
  o.sourceName = sourceName(request.path);
  switch (request.time.mode) {
    case TimeFormat::Mode::Auto:
      o.detectTime = true;
      break;
    case TimeFormat::Mode::None:
    case TimeFormat::Mode::EpochSeconds:
    case TimeFormat::Mode::EpochMillis:
    case TimeFormat::Mode::Pattern:
      o.detectTime = false;
      o.timeColumn.clear();
      break;
  }
  return o;
}

void applyTimeFormat(dd::Series& s, const std::string& column, const TimeFormat& format, const std::string& source,
                     std::vector<dd::Warning>& warnings) {
  if (format.mode == TimeFormat::Mode::Auto || format.mode == TimeFormat::Mode::None) return;
  if (column.empty()) throw dd::DataError(source, 0, 0, "choose the column that holds the time");
  if (format.mode == TimeFormat::Mode::Pattern && format.pattern.trimmed().isEmpty())
    throw dd::DataError(source, 0, 0, "the time format is empty");
  std::vector<std::int64_t> ts(s.rows);
  auto fail = [&](std::size_t row, const std::string& text) {
    throw dd::DataError(source, 0, 0,
                        "data row " + std::to_string(row + 1) + ": " + dd::quoteForMessage(text) + " does not match " +
                            describeFormat(format).toStdString());
  };
  if (const auto c = s.find(column)) {
    const auto values = s.column(*c);
    for (std::size_t r = 0; r < s.rows; ++r) {
      const double v = values[r];
      if (!std::isfinite(v)) fail(r, std::isnan(v) ? std::string("(missing)") : std::to_string(v));
      if (format.mode == TimeFormat::Mode::EpochSeconds) {
        ts[r] = static_cast<std::int64_t>(std::floor(v));
      } else if (format.mode == TimeFormat::Mode::EpochMillis) {
        ts[r] = static_cast<std::int64_t>(std::floor(v / 1000.0));
      } else {
        char text[32];
        std::snprintf(text, sizeof text, "%.0f", v);
        const auto t = parseWithPattern(QString::fromLatin1(text), format.pattern);
        if (!t) fail(r, text);
        ts[r] = *t;
      }
    }
    s.values.erase(s.values.begin() + static_cast<long>(*c * s.rows), s.values.begin() + static_cast<long>((*c + 1) * s.rows));
    s.names.erase(s.names.begin() + static_cast<long>(*c));
  } else {
    const auto cat = std::find_if(s.categoricals.begin(), s.categoricals.end(), [&](const auto& k) { return k.name == column; });
    if (cat == s.categoricals.end()) throw dd::DataError(source, 0, 0, "no column named '" + column + "'");
    if (format.mode != TimeFormat::Mode::Pattern)
      throw dd::DataError(source, 0, 0, "column '" + column + "' holds text, not " + describeFormat(format).toStdString());
    std::vector<std::int64_t> levelTimes(cat->levels.size());
    std::vector<bool> levelOk(cat->levels.size());
    for (std::size_t l = 0; l < cat->levels.size(); ++l) {
      const auto t = parseWithPattern(QString::fromStdString(cat->levels[l]), format.pattern);
      levelOk[l] = t.has_value();
      levelTimes[l] = t.value_or(0);
    }
    for (std::size_t r = 0; r < s.rows; ++r) {
      const auto code = cat->codes[r];
      if (code < 0) fail(r, "(missing)");
      if (!levelOk[static_cast<std::size_t>(code)]) fail(r, cat->levels[static_cast<std::size_t>(code)]);
      ts[r] = levelTimes[static_cast<std::size_t>(code)];
    }
    s.categoricals.erase(cat);
    // The reader warned that this column holds text; it is the time axis now.
    std::erase_if(warnings, [&](const dd::Warning& w) {
      return w.kind == dd::WarningKind::CategoricalColumn && w.message.rfind("column '" + column + "'", 0) == 0;
    });
  }
  for (auto& info : s.columns)
    if (info.name == column) info.kind = dd::ColumnKind::Time;
  s.timestamps = std::move(ts);
  s.refreshStats();
  addTimeWarnings(s, warnings);
}

void keepValueColumns(dd::Series& s, const QStringList& columns, const std::string& source) {
  if (columns.isEmpty()) return;
  std::vector<std::size_t> keep;
  for (const QString& name : columns) {
    const auto c = s.find(name.toStdString());
    if (!c) {
      std::string all;
      for (const auto& n : s.names) all += (all.empty() ? "" : ", ") + n;
      throw dd::DataError(source, 0, 0, "no value column named '" + name.toStdString() + "' (columns: " + all + ")");
    }
    keep.push_back(*c);
  }
  std::sort(keep.begin(), keep.end());
  keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
  std::vector<double> values;
  values.reserve(keep.size() * s.rows);
  std::vector<std::string> names;
  for (std::size_t c : keep) {
    const auto col = s.column(c);
    values.insert(values.end(), col.begin(), col.end());
    names.push_back(s.names[c]);
  }
  s.values = std::move(values);
  s.names = std::move(names);
  s.refreshStats();
}

DatasetPtr importDataset(const ImportRequest& request, const ImportProgressFn& progress) {
  QElapsedTimer clock;
  clock.start();
  auto d = std::make_shared<Dataset>();
  d->request = request;
  const std::string src = sourceName(request.path);
  const std::filesystem::path path = request.path.toStdString();
  if (!QFileInfo::exists(request.path)) throw dd::DataError(src, 0, 0, "no such file");
  d->bytes = static_cast<quint64>(QFileInfo(request.path).size());
  constexpr double kRead = 0.92;  // share of the progress bar for reading; the rest hashes

  switch (request.kind) {
    case ImportKind::Csv: {
      auto r = dd::readCsvFile(path, readerOptions(request), readerProgress(progress, 0, kRead));
      if (r.status == dd::LoadStatus::Cancelled) return nullptr;
      d->series = std::move(r.series);
      d->warnings = std::move(r.warnings);
      applyTimeFormat(d->series, request.csv.timeColumn, request.time, src, d->warnings);
      keepValueColumns(d->series, request.valueColumns, src);
      break;
    }
    case ImportKind::Sqlite: {
      dd::SqliteOptions o;
      o.sourceName = src;
      o.timeColumn = request.sqliteTimeColumn.toStdString();
      for (const QString& c : request.valueColumns) o.valueColumns.push_back(c.toStdString());
      dd::SqliteResult r;
      if (!request.sql.trimmed().isEmpty())
        r = dd::readSqliteQuery(path, request.sql.toStdString(), o, readerProgress(progress, 0, kRead));
      else if (!request.table.isEmpty())
        r = dd::readSqliteTable(path, request.table.toStdString(), o, readerProgress(progress, 0, kRead));
      else
        throw dd::DataError(src, 0, 0, "choose a table or view, or write a SELECT");
      if (r.status == dd::LoadStatus::Cancelled) return nullptr;
      d->series = std::move(r.series);
      d->warnings = std::move(r.warnings);
      break;
    }
    case ImportKind::Ts:
    case ImportKind::LongCsv: {
      d->kind = Dataset::Kind::Classify;
      const bool hasTest = !request.testPath.isEmpty();
      const double split = hasTest ? kRead * 0.6 : kRead;
      auto read = [&](const QString& p, double from, double to) {
        if (request.kind == ImportKind::Ts) {
          dd::TsOptions o;
          o.sourceName = sourceName(p);
          return dd::readTsFile(p.toStdString(), o, readerProgress(progress, from, to));
        }
        dd::LongCsvOptions o = request.longCsv;
        o.sourceName = sourceName(p);
        return dd::readLongCsvFile(p.toStdString(), o, readerProgress(progress, from, to));
      };
      auto train = read(request.path, 0, split);
      if (train.status == dd::LoadStatus::Cancelled) return nullptr;
      d->train = std::move(train.set);
      d->warnings = std::move(train.warnings);
      if (hasTest) {
        auto test = read(request.testPath, split, kRead);
        if (test.status == dd::LoadStatus::Cancelled) return nullptr;
        d->test = std::move(test.set);
        for (auto& w : test.warnings) {
          w.message = sourceName(request.testPath) + ": " + w.message;
          d->warnings.push_back(std::move(w));
        }
        if (d->test.channels != d->train.channels)
          throw dd::DataError(sourceName(request.testPath), 0, 0,
                              "has " + std::to_string(d->test.channels) + " channels but " + src + " has " +
                                  std::to_string(d->train.channels));
      }
      if (d->train.size() == 0) throw dd::DataError(src, 0, 0, "no cases");
      break;
    }
  }
  if (d->kind == Dataset::Kind::Forecast && d->series.rows == 0) throw dd::DataError(src, 0, 0, "no data rows");
  if (d->kind == Dataset::Kind::Forecast && d->series.cols() == 0)
    throw dd::DataError(src, 0, 0, "no numeric value column to plot or forecast");
  d->sha256 = fileSha256(request.path, progress, kRead, 1.0);
  if (progress && !progress(1.0)) return nullptr;
  d->loadSeconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
  return d;
}

}  // namespace aaren::ui
