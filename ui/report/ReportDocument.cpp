#include "ui/report/ReportDocument.h"

#include "core/data/Timestamp.h"
#include "ui/report/PlotRender.h"
#include "ui/report/SafeText.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace aaren::ui {

using namespace aaren::report;

namespace {

QString qs(const std::string& s) { return safeText(s); }

DocBlock heading(const QString& text) {
  DocBlock b;
  b.kind = DocBlock::Kind::Heading;
  b.text = text;
  return b;
}

DocBlock paragraph(const QString& text) {
  DocBlock b;
  b.kind = DocBlock::Kind::Paragraph;
  b.text = text;
  return b;
}

DocCell cell(const QString& text, bool bold = false) {
  DocCell c;
  c.text = text;
  c.bold = bold;
  return c;
}

DocCell monoCell(const QString& text) {
  DocCell c;
  c.text = text.isEmpty() ? QStringLiteral("—") : text;
  c.mono = !text.isEmpty();
  return c;
}

DocBlock keyValues(const std::vector<std::pair<QString, DocCell>>& rows, const QString& caption = {}) {
  DocBlock b;
  b.kind = DocBlock::Kind::Table;
  b.table.key_value = true;
  b.table.numeric = {false, false};
  for (const auto& [k, v] : rows) {
    DocCell value = v;
    if (value.text.isEmpty()) value.text = QStringLiteral("—");
    b.table.rows.push_back({cell(k, true), value});
    b.table.highlight.push_back(false);
  }
  b.table.caption = caption;
  return b;
}

// Up to 6 significant digits, never an exponent for ordinary magnitudes: "1.05132",
// "4273.61", "1,455,460".
QString formatValue(double v) {
  if (!std::isfinite(v)) return QStringLiteral("—");
  const double a = std::abs(v);
  if (a >= 1e5 && a < 1e15) return QLocale(QLocale::English).toString(v, 'f', 0);
  if (a != 0 && a < 1e-4) return QString::number(v, 'e', 3);
  return QString::number(v, 'g', 6);
}

QString joinNames(const std::vector<std::string>& names, std::size_t max = 12) {
  QStringList list;
  for (std::size_t i = 0; i < names.size() && i < max; ++i) list << qs(names[i]);
  QString text = list.join(QStringLiteral(", "));
  if (names.size() > max) text += QStringLiteral(" and %1 more").arg(names.size() - max);
  return text;
}

QString plural(std::int64_t n, const QString& one, const QString& many) {
  return formatCount(n) + QLatin1Char(' ') + (n == 1 ? one : many);
}

// The summary sentence(s) under the title: what the model does and how it scored.
QString summary(const Report& r) {
  const ModelCard& m = r.model;
  QString text;
  const QString name = qs(m.name.empty() ? std::string("The model") : m.name);
  if (r.task == "classify") {
    text = QStringLiteral("%1 classifies sequences of %2 into %3 (%4).")
               .arg(name, plural(static_cast<std::int64_t>(r.dataset.columns.size()), QStringLiteral("channel"), QStringLiteral("channels")),
                    plural(static_cast<std::int64_t>(r.dataset.classes.size()), QStringLiteral("class"), QStringLiteral("classes")),
                    joinNames(r.dataset.classes, 8));
  } else {
    text = QStringLiteral("%1 forecasts %2 (%3) %4 ahead from the previous %5.")
               .arg(name, plural(static_cast<std::int64_t>(r.dataset.columns.size()), QStringLiteral("channel"), QStringLiteral("channels")),
                    joinNames(r.dataset.columns, 8), plural(m.horizon, QStringLiteral("step"), QStringLiteral("steps")),
                    plural(m.lookback, QStringLiteral("step"), QStringLiteral("steps")));
  }
  if (r.metrics.empty() || r.metrics[0].metrics.empty()) return text;
  const MetricsTable& t = r.metrics[0];
  int model = -1, best = -1;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    if (t.rows[i].is_model) {
      if (model < 0) model = static_cast<int>(i);
      continue;
    }
    const double v = t.rows[i].values.empty() ? NAN : t.rows[i].values[0];
    if (!std::isfinite(v)) continue;
    const double b = best < 0 ? NAN : t.rows[static_cast<std::size_t>(best)].values[0];
    if (best < 0 || (t.lower_is_better ? v < b : v > b)) best = static_cast<int>(i);
  }
  if (model < 0) return text;
  // "MSE" stays, "Accuracy %" reads "accuracy" and its values "97.5 %".
  QString metric = qs(t.metrics[0]);
  const bool percent = metric.endsWith(QStringLiteral(" %"));
  if (percent) metric.chop(2);
  if (metric.endsWith(QStringLiteral(" (scaled)"))) metric.chop(9);  // the note says which values
  if (metric != metric.toUpper()) metric = metric.left(1).toLower() + metric.mid(1);
  const auto show = [&](double v) { return percent ? QString::number(v, 'f', 1) + QStringLiteral(" %") : formatMetric(v); };
  const double mv = t.rows[static_cast<std::size_t>(model)].values[0];
  text += QStringLiteral(" On %1 its %2 is %3").arg(t.note.empty() ? QStringLiteral("the test data") : qs(t.note), metric, show(mv));
  if (best >= 0 && std::isfinite(mv)) {
    const auto& row = t.rows[static_cast<std::size_t>(best)];
    const double bv = row.values[0];
    text += QStringLiteral(", against %1 for the best baseline, %2").arg(show(bv), qs(row.name));
    if (!percent && bv != 0 && std::isfinite(bv)) {
      const double rel = (mv - bv) / std::abs(bv) * 100;
      if (std::abs(rel) >= 0.05)
        text += QStringLiteral(": %1 % %2").arg(QString::number(std::abs(rel), 'f', 1), rel < 0 ? QStringLiteral("lower") : QStringLiteral("higher"));
      else
        text += QStringLiteral(": the same");
    }
  }
  text += QLatin1Char('.');
  if (!m.network_note.empty()) text += QLatin1Char(' ') + qs(m.network_note);
  return text;
}

DocBlock metricsBlock(const MetricsTable& t) {
  DocBlock b;
  b.kind = DocBlock::Kind::Table;
  b.table.header << QStringLiteral("Model");
  b.table.numeric.push_back(false);
  for (const auto& m : t.metrics) {
    b.table.header << qs(m);
    b.table.numeric.push_back(true);
  }
  std::vector<int> best(t.metrics.size());
  for (std::size_t m = 0; m < t.metrics.size(); ++m) best[m] = t.bestRow(m);
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    std::vector<DocCell> cells{cell(qs(row.name), row.is_model)};
    for (std::size_t m = 0; m < t.metrics.size(); ++m) {
      const double v = m < row.values.size() ? row.values[m] : NAN;
      cells.push_back(cell(formatMetric(v), best[m] == static_cast<int>(r)));
    }
    b.table.rows.push_back(std::move(cells));
    b.table.highlight.push_back(row.is_model);
  }
  b.table.caption = qs(t.note).isEmpty() ? QString() : QStringLiteral("Measured on %1. The best value of each column is in bold.").arg(qs(t.note));
  return b;
}

std::vector<DocBlock> forecastTables(const Report& r) {
  std::vector<DocBlock> blocks;
  const ForecastTable& f = r.forecast;
  const std::size_t channels = f.channels.size();
  constexpr std::size_t kPerTable = 7;
  for (std::size_t first = 0; first < channels; first += kPerTable) {
    const std::size_t last = std::min(channels, first + kPerTable);
    DocBlock b;
    b.kind = DocBlock::Kind::Table;
    if (f.has_time) {
      b.table.header << QStringLiteral("Time");
      b.table.numeric.push_back(false);
    }
    b.table.header << QStringLiteral("Step");
    b.table.numeric.push_back(true);
    for (std::size_t c = first; c < last; ++c) {
      b.table.header << qs(f.channels[c]);
      b.table.numeric.push_back(true);
    }
    for (std::size_t s = 0; s < f.rows(); ++s) {
      std::vector<DocCell> row;
      if (f.has_time) row.push_back(cell(formatTime(f.timestamps[s], r.dataset.frequency_seconds)));
      row.push_back(cell(QString::number(f.steps[s])));
      for (std::size_t c = first; c < last; ++c) row.push_back(cell(formatValue(f.value(s, c))));
      b.table.rows.push_back(std::move(row));
      b.table.highlight.push_back(false);
    }
    if (channels > kPerTable)
      b.table.caption = QStringLiteral("Channels %1–%2 of %3.").arg(first + 1).arg(last).arg(channels);
    blocks.push_back(std::move(b));
  }
  return blocks;
}

DocBlock confusionBlock(const ConfusionMatrix& cm) {
  DocBlock b;
  b.kind = DocBlock::Kind::Table;
  const std::size_t k = cm.classes.size();
  b.table.header << QStringLiteral("actual \\ predicted");
  b.table.numeric.push_back(false);
  for (const auto& c : cm.classes) {
    b.table.header << qs(c);
    b.table.numeric.push_back(true);
  }
  b.table.header << QStringLiteral("Accuracy");
  b.table.numeric.push_back(true);
  for (std::size_t a = 0; a < k; ++a) {
    std::int64_t total = 0;
    for (std::size_t p = 0; p < k && a < cm.counts.size() && p < cm.counts[a].size(); ++p) total += cm.counts[a][p];
    std::vector<DocCell> row{cell(qs(cm.classes[a]), true)};
    for (std::size_t p = 0; p < k; ++p) {
      const std::int64_t n = a < cm.counts.size() && p < cm.counts[a].size() ? cm.counts[a][p] : 0;
      DocCell c = cell(QString::number(n), a == p);
      if (n > 0 && total > 0) {
        const double share = static_cast<double>(n) / static_cast<double>(total);
        // Blue for the diagonal, red for confusions; lighter for smaller shares.
        const QColor full = a == p ? QColor(0x4a, 0x7f, 0xb5) : QColor(0xd9, 0x5f, 0x5f);
        const double t = 0.12 + 0.55 * share;
        c.background = QColor::fromRgbF(static_cast<float>(1 - t + t * full.redF()), static_cast<float>(1 - t + t * full.greenF()),
                                        static_cast<float>(1 - t + t * full.blueF()));
      }
      row.push_back(c);
    }
    const double acc = a < cm.per_class_accuracy.size() ? cm.per_class_accuracy[a] : NAN;
    row.push_back(cell(std::isfinite(acc) ? QString::number(acc * 100, 'f', 1) + QStringLiteral(" %") : QStringLiteral("—")));
    b.table.rows.push_back(std::move(row));
    b.table.highlight.push_back(false);
  }
  b.table.caption = QStringLiteral("Rows: the true class; columns: the predicted class. Accuracy is the share of each true class predicted correctly (recall).");
  return b;
}

// "5.5 µs", "5.76 ms"
QString formatMicros(double us) {
  if (!std::isfinite(us)) return QStringLiteral("—");
  return us < 1000 ? QString::number(us, 'f', 1) + QStringLiteral(" µs") : QString::number(us / 1000, 'f', 2) + QStringLiteral(" ms");
}

DocBlock streamBlock(const std::vector<StreamTrace>& traces) {
  DocBlock b;
  b.kind = DocBlock::Kind::Table;
  b.table.header << QStringLiteral("Model") << QStringLiteral("Samples") << QStringLiteral("State") << QStringLiteral("Step median")
                 << QStringLiteral("Step p99") << QStringLiteral("Compute time");
  b.table.numeric = {false, true, true, true, true, true};
  for (const auto& t : traces) {
    if (t.points.empty()) continue;
    const auto& p = t.points.back();
    b.table.rows.push_back({cell(qs(t.model), true), cell(formatCount(static_cast<std::int64_t>(p.samples))), cell(formatBytes(static_cast<double>(p.state_bytes))),
                            cell(formatMicros(p.step_median_us)), cell(formatMicros(p.step_p99_us)), cell(formatDuration(p.cumulative_seconds))});
    b.table.highlight.push_back(false);
  }
  b.table.caption = QStringLiteral("At the end of the stream: the state each model holds, and its per-sample step time.");
  return b;
}

QString missingText(const DatasetSummary& d) {
  if (d.missing_values == 0 && d.dropped_rows == 0) return QStringLiteral("none");
  QString text = plural(static_cast<std::int64_t>(d.missing_values), QStringLiteral("missing value"), QStringLiteral("missing values"));
  if (d.filled_values > 0)
    text += QStringLiteral("; %1 filled by %2").arg(formatCount(static_cast<std::int64_t>(d.filled_values)), qs(d.missing_policy));
  if (d.dropped_rows > 0)
    text += QStringLiteral("; %1 dropped (%2)").arg(plural(static_cast<std::int64_t>(d.dropped_rows), QStringLiteral("row"), QStringLiteral("rows")), qs(d.missing_policy));
  return text;
}

QString rangeText(std::int64_t begin, std::int64_t end) {
  return QStringLiteral("%1–%2").arg(formatCount(begin), formatCount(end - 1));
}

DocBlock datasetBlock(const Report& r) {
  const DatasetSummary& d = r.dataset;
  std::vector<std::pair<QString, DocCell>> rows;
  rows.push_back({QStringLiteral("Source"), monoCell(qs(d.source))});
  if (!d.format.empty()) rows.push_back({QStringLiteral("Format"), cell(qs(d.format))});
  if (r.task == "classify") {
    rows.push_back({QStringLiteral("Cases"), cell(QStringLiteral("%1 training, %2 test").arg(formatCount(d.train_cases), formatCount(d.test_cases)))});
    rows.push_back({QStringLiteral("Channels"), cell(QStringLiteral("%1 (%2)").arg(d.columns.size()).arg(joinNames(d.columns, 30)))});
    rows.push_back({QStringLiteral("Classes"), cell(QStringLiteral("%1 (%2)").arg(d.classes.size()).arg(joinNames(d.classes, 30)))});
    if (d.max_length > 0) rows.push_back({QStringLiteral("Longest sequence"), cell(plural(d.max_length, QStringLiteral("step"), QStringLiteral("steps")))});
  } else {
    rows.push_back({QStringLiteral("Rows"), cell(formatCount(d.rows))});
    rows.push_back({QStringLiteral("Columns"), cell(QStringLiteral("%1 (%2)").arg(d.columns.size()).arg(joinNames(d.columns, 40)))});
    if (d.has_time) {
      const double days = static_cast<double>(d.last_time - d.first_time) / 86400.0;
      rows.push_back({QStringLiteral("Span"), cell(QStringLiteral("%1 to %2 (%3 days)")
                                                         .arg(formatTime(d.first_time, d.frequency_seconds), formatTime(d.last_time, d.frequency_seconds),
                                                              QString::number(days, 'f', days < 10 ? 1 : 0)))});
    } else {
      rows.push_back({QStringLiteral("Span"), cell(QStringLiteral("no time column: rows are the time axis"))});
    }
    rows.push_back({QStringLiteral("Frequency"), cell(d.frequency.empty() ? QStringLiteral("unknown") : qs(d.frequency))});
  }
  rows.push_back({QStringLiteral("Missing values"), cell(missingText(d))});
  if (!d.split.empty()) {
    QString split = qs(d.split);
    if (d.train_end > 0)
      split += QStringLiteral(": training rows %1, validation %2, test %3").arg(rangeText(d.train_begin, d.train_end), rangeText(d.val_begin, d.val_end), rangeText(d.test_begin, d.test_end));
    rows.push_back({QStringLiteral("Split"), cell(split)});
  }
  return keyValues(rows, r.task == "classify" ? QString() : QStringLiteral("The validation and test ranges begin one lookback early: their first window needs that much history."));
}

std::vector<DocBlock> modelBlocks(const Report& r) {
  const ModelCard& m = r.model;
  std::vector<std::pair<QString, DocCell>> rows;
  rows.push_back({QStringLiteral("Model"), cell(qs(m.name), true)});
  rows.push_back({QStringLiteral("Task"), cell(m.task == "classify" ? QStringLiteral("classification") : QStringLiteral("forecasting"))});
  rows.push_back({QStringLiteral("Parameters"), cell(formatCount(m.parameters))});
  if (!m.file.empty()) rows.push_back({QStringLiteral("File"), monoCell(qs(m.file) + (m.file_bytes > 0 ? QStringLiteral(" (") + formatBytes(static_cast<double>(m.file_bytes)) + QLatin1Char(')') : QString()))});
  for (const auto& kv : m.architecture) rows.push_back({qs(kv.key), cell(qs(kv.value))});
  std::vector<DocBlock> blocks{keyValues(rows)};
  std::vector<std::pair<QString, DocCell>> training;
  for (const auto& kv : m.training) training.push_back({qs(kv.key), cell(qs(kv.value))});
  training.push_back({QStringLiteral("Seed"), cell(QString::number(m.seed))});
  if (m.train_seconds > 0) training.push_back({QStringLiteral("Training time"), cell(formatDuration(m.train_seconds))});
  if (!m.trained_at_utc.empty()) training.push_back({QStringLiteral("Trained at"), cell(qs(m.trained_at_utc))});
  if (!m.outcome.empty()) training.push_back({QStringLiteral("Outcome"), cell(qs(m.outcome))});
  blocks.push_back(keyValues(training));
  return blocks;
}

DocBlock manifestBlock(const Manifest& m) {
  std::vector<std::pair<QString, DocCell>> rows;
  rows.push_back({QStringLiteral("App version"), cell(QStringLiteral("Aaren Studio ") + qs(m.app_version))});
  rows.push_back({QStringLiteral("Generated"), cell(qs(m.generated_at_utc))});
  rows.push_back({QStringLiteral("Data file"), monoCell(qs(m.data_file))});
  rows.push_back({QStringLiteral("Data SHA-256"), monoCell(qs(m.data_sha256))});
  rows.push_back({QStringLiteral("Model file"), monoCell(qs(m.model_file))});
  rows.push_back({QStringLiteral("Model SHA-256"), monoCell(qs(m.model_sha256))});
  rows.push_back({QStringLiteral("Trained with"), monoCell(qs(m.training_command))});
  rows.push_back({QStringLiteral("This report"), monoCell(qs(m.report_command))});
  return keyValues(rows, QStringLiteral("Check a file against its hash with `sha256sum FILE`; run the commands from the directory they name files relative to."));
}

}  // namespace

QString formatMetric(double v) {
  if (!std::isfinite(v)) return QStringLiteral("—");
  const double a = std::abs(v);
  if (a >= 1e6 || (a > 0 && a < 1e-4)) return QString::number(v, 'e', 3);
  if (a >= 1000) return QLocale(QLocale::English).toString(v, 'f', 0);
  if (a >= 100) return QString::number(v, 'f', 1);
  if (a >= 10) return QString::number(v, 'f', 2);
  return QString::number(v, 'f', 4);
}

QString formatTime(std::int64_t t, std::int64_t frequencySeconds) {
  const auto c = data::civilFromEpoch(t);
  QString text = QString::asprintf("%04lld-%02u-%02u", static_cast<long long>(c.year), c.month, c.day);
  const bool midnight = c.hour == 0 && c.minute == 0 && c.second == 0;
  if (midnight && frequencySeconds >= 86400) return text;
  text += QString::asprintf(" %02u:%02u", c.hour, c.minute);
  if (c.second != 0) text += QString::asprintf(":%02u", c.second);
  return text;
}

QString formatCount(std::int64_t value) { return QLocale(QLocale::English).toString(static_cast<qlonglong>(value)); }

QString formatBytes(double bytes) {
  if (!std::isfinite(bytes)) return QStringLiteral("—");
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (std::abs(bytes) >= 1024 && u < 4) {
    bytes /= 1024;
    ++u;
  }
  return (u == 0 ? QString::number(bytes, 'f', 0) : QString::number(bytes, 'f', std::abs(bytes) < 10 ? 2 : 1)) + QLatin1Char(' ') +
         QLatin1String(units[u]);
}

QString formatDuration(double s) {
  if (!std::isfinite(s) || s < 0) return QStringLiteral("—");
  if (s < 1) return QString::number(s * 1000, 'f', 0) + QStringLiteral(" ms");
  if (s < 60) return QString::number(s, 'f', 1) + QStringLiteral(" s");
  const auto total = static_cast<std::int64_t>(std::llround(s));
  if (total < 3600) return QStringLiteral("%1 min %2 s").arg(total / 60).arg(total % 60);
  return QStringLiteral("%1 h %2 min").arg(total / 3600).arg(total % 3600 / 60, 2, 10, QLatin1Char('0'));
}

std::vector<DocBlock> composeReport(const Report& r) {
  std::vector<DocBlock> blocks;
  DocBlock title;
  title.kind = DocBlock::Kind::Title;
  title.text = qs(r.title);
  title.subtitle = qs(r.subtitle);
  title.meta = qs(r.date);
  blocks.push_back(title);
  blocks.push_back(paragraph(summary(r)));

  for (std::size_t i = 0; i < r.metrics.size(); ++i) {
    const auto& t = r.metrics[i];
    if (t.rows.empty()) continue;
    blocks.push_back(heading(i == 0 ? QStringLiteral("Metrics against the baselines") : QStringLiteral("Metrics (%1)").arg(qs(t.note))));
    blocks.push_back(metricsBlock(t));
  }

  if (!r.confusion.classes.empty()) {
    blocks.push_back(heading(QStringLiteral("Confusion matrix")));
    if (r.confusion.classes.size() <= 24)
      blocks.push_back(confusionBlock(r.confusion));
    else
      blocks.push_back(paragraph(QStringLiteral("%1 classes: too many to show as a matrix; see the JSON export.").arg(r.confusion.classes.size())));
  }

  std::string group;
  bool streamShown = false;
  for (std::size_t i = 0; i < r.plots.size(); ++i) {
    const Plot& p = r.plots[i];
    if (p.group != group || i == 0) {
      group = p.group;
      blocks.push_back(heading(qs(group.empty() ? std::string("Plots") : group)));
      // The stream's figures open the section of its plots.
      if (!streamShown && !r.stream.empty() && p.id.rfind("stream-", 0) == 0) {
        blocks.push_back(streamBlock(r.stream));
        streamShown = true;
      }
    }
    DocBlock b;
    b.kind = DocBlock::Kind::Plot;
    b.plot = static_cast<int>(i);
    b.plot_height = kReportPlotHeight;
    b.subtitle = qs(p.caption);
    blocks.push_back(b);
  }

  if (!r.stream.empty() && !streamShown) {
    blocks.push_back(heading(QStringLiteral("Live stream: memory and step time")));
    blocks.push_back(streamBlock(r.stream));
  }

  if (!r.forecast.channels.empty() && r.forecast.rows() > 0) {
    blocks.push_back(heading(QStringLiteral("Forecast")));
    const ForecastTable& f = r.forecast;
    blocks.push_back(paragraph(f.has_time ? QStringLiteral("The next %1 after the last row of the data (%2), in the data's units.")
                                                .arg(plural(static_cast<std::int64_t>(f.rows()), QStringLiteral("step"), QStringLiteral("steps")),
                                                     formatTime(f.origin_time, r.dataset.frequency_seconds))
                                          : QStringLiteral("The next %1 after the last row of the data (row %2), in the data's units.")
                                                .arg(plural(static_cast<std::int64_t>(f.rows()), QStringLiteral("step"), QStringLiteral("steps")),
                                                     formatCount(f.origin_row))));
    for (auto& b : forecastTables(r)) blocks.push_back(std::move(b));
  }

  blocks.push_back(heading(QStringLiteral("Dataset")));
  blocks.push_back(datasetBlock(r));
  std::vector<DocBlock> model = modelBlocks(r);
  blocks.push_back(heading(QStringLiteral("Model")));
  blocks.push_back(std::move(model[0]));
  blocks.push_back(heading(QStringLiteral("Training")));
  blocks.push_back(std::move(model[1]));

  if (!r.notes.empty()) {
    blocks.push_back(heading(QStringLiteral("Notes")));
    for (const auto& n : r.notes) blocks.push_back(paragraph(qs(n)));
  }

  blocks.push_back(heading(QStringLiteral("Reproducibility")));
  blocks.push_back(manifestBlock(r.manifest));
  return blocks;
}

}  // namespace aaren::ui
