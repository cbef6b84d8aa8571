#include "ui/evaluate/MetricsTable.h"

#include <QHeaderView>

#include <algorithm>
#include <cmath>
#include <limits>

namespace aaren::ui {

namespace {

const QStringList kClassify = {QStringLiteral("accuracy"), QStringLiteral("macro_f1"), QStringLiteral("loss")};

// "mae@load" is channel load's MAE in its own units.
QString baseKey(const QString& key) { return key.section(QLatin1Char('@'), 0, 0); }
bool perChannel(const QString& key) { return key.contains(QLatin1Char('@')); }

QString header(const QString& key) {
  const QString k = baseKey(key);
  if (k == QLatin1String("mse")) return QStringLiteral("MSE (scaled)");
  if (k == QLatin1String("mae")) return perChannel(key) ? QStringLiteral("MAE") : QStringLiteral("MAE (scaled)");
  if (k == QLatin1String("mae_original")) return QStringLiteral("MAE");
  if (k == QLatin1String("rmse_original") || (k == QLatin1String("rmse") && perChannel(key))) return QStringLiteral("RMSE");
  if (k == QLatin1String("rmse")) return QStringLiteral("RMSE (scaled)");
  if (k == QLatin1String("mape")) return QStringLiteral("MAPE %");
  if (k == QLatin1String("smape")) return QStringLiteral("sMAPE %");
  if (k == QLatin1String("macro_f1")) return QStringLiteral("macro-F1");
  if (k == QLatin1String("accuracy")) return QStringLiteral("accuracy");
  if (k == QLatin1String("loss")) return QStringLiteral("loss");
  return k.toUpper();
}

QString tip(const QString& key) {
  const QString k = baseKey(key);
  if (k == QLatin1String("mse")) return QObject::tr("Mean squared error on scaled values (standardised with the training part's statistics), as published records report it");
  if (k == QLatin1String("mae") && !perChannel(key)) return QObject::tr("Mean absolute error on scaled values, as published records report it");
  if (k == QLatin1String("mae") || k == QLatin1String("mae_original")) return QObject::tr("Mean absolute error in the data's own units");
  if (k == QLatin1String("rmse") && !perChannel(key)) return QObject::tr("Root mean squared error on scaled values");
  if (k == QLatin1String("rmse") || k == QLatin1String("rmse_original")) return QObject::tr("Root mean squared error in the data's own units");
  if (k == QLatin1String("mape"))
    return QObject::tr("Mean absolute percentage error on the data's own values; \u2014 for a channel whose actual values come near zero "
                       "(below 1 % of its spread more than 1 % of the time)");
  if (k == QLatin1String("smape")) return QObject::tr("Symmetric mean absolute percentage error on the data's own values (0\u2013200 %)");
  if (k == QLatin1String("mase"))
    return QObject::tr("MAE divided by the in-sample MAE of the seasonal naive forecast on the training part (< 1 beats it); the mean over channels");
  if (k == QLatin1String("accuracy")) return QObject::tr("Share of test cases classified correctly");
  if (k == QLatin1String("macro_f1")) return QObject::tr("F1 averaged over the classes, each class counting the same");
  if (k == QLatin1String("loss")) return QObject::tr("Mean cross-entropy on the test cases");
  return {};
}

}  // namespace

const QStringList& MetricsTable::forecastMetrics() {
  static const QStringList keys = {QStringLiteral("mse"),  QStringLiteral("mae"),   QStringLiteral("mae_original"),
                                   QStringLiteral("rmse_original"), QStringLiteral("mape"), QStringLiteral("smape"),
                                   QStringLiteral("mase")};
  return keys;
}

MetricsTable::MetricsTable(QWidget* parent) : QTableWidget(parent) {
  setEditTriggers(NoEditTriggers);
  setSelectionBehavior(SelectRows);
  setAlternatingRowColors(true);
  verticalHeader()->setVisible(false);
  horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  horizontalHeader()->setStretchLastSection(false);
}

namespace {

void fill(QTableWidget* t, const QStringList& keys, const std::vector<std::pair<QString, std::map<std::string, double>>>& rows,
          const std::vector<bool>& models, bool higherIsBetter(const QString&)) {
  t->clear();
  t->setColumnCount(static_cast<int>(keys.size()) + 1);
  t->setRowCount(static_cast<int>(rows.size()));
  QStringList headers{QObject::tr("Model")};
  for (const QString& k : keys) headers << header(k);
  t->setHorizontalHeaderLabels(headers);
  for (int c = 0; c < keys.size(); ++c) t->horizontalHeaderItem(c + 1)->setToolTip(tip(keys[c]));
  for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
    auto* name = new QTableWidgetItem(rows[static_cast<std::size_t>(r)].first);
    if (models[static_cast<std::size_t>(r)]) {
      QFont f = name->font();
      f.setBold(true);
      name->setFont(f);
    }
    t->setItem(r, 0, name);
  }
  for (int c = 0; c < keys.size(); ++c) {
    const std::string key = keys[c].toStdString();
    double best = higherIsBetter(keys[c]) ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    for (const auto& row : rows) {
      auto it = row.second.find(key);
      if (it == row.second.end() || !std::isfinite(it->second)) continue;
      best = higherIsBetter(keys[c]) ? std::max(best, it->second) : std::min(best, it->second);
    }
    for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
      const auto& m = rows[static_cast<std::size_t>(r)].second;
      auto it = m.find(key);
      const QString base = baseKey(keys[c]);
      const bool has = it != m.end() && std::isfinite(it->second) && !(base == QLatin1String("mase") && it->second == 0);
      const bool percent = base == QLatin1String("mape") || base == QLatin1String("smape");
      auto* item = new QTableWidgetItem(has ? QString::number(it->second, 'f', percent ? 2 : 4) : QStringLiteral("—"));
      item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      if (has && it->second == best && rows.size() > 1) {
        QFont f = item->font();
        f.setBold(true);
        item->setFont(f);
        item->setToolTip(QObject::tr("best in this column"));
      }
      t->setItem(r, c + 1, item);
    }
  }
}

}  // namespace

void MetricsTable::setRows(const std::vector<ScoreRow>& rows) {
  std::vector<std::pair<QString, std::map<std::string, double>>> r;
  std::vector<bool> models;
  for (const auto& row : rows) {
    r.emplace_back(QString::fromStdString(row.name), row.metrics);
    models.push_back(row.isModel);
  }
  fill(this, forecastMetrics(), r, models, [](const QString&) { return false; });
  fitHeight();
}

void MetricsTable::setChannelRows(const std::vector<ScoreRow>& rows, const QString& channel) {
  std::vector<std::pair<QString, std::map<std::string, double>>> r;
  std::vector<bool> models;
  for (const auto& row : rows) {
    r.emplace_back(QString::fromStdString(row.name), row.metrics);
    models.push_back(row.isModel);
  }
  QStringList keys;
  for (const char* k : {"mae", "rmse", "mape", "smape", "mase"}) keys << QLatin1String(k) + QLatin1Char('@') + channel;
  fill(this, keys, r, models, [](const QString&) { return false; });
  fitHeight();
}

QStringList MetricsTable::channels(const std::vector<ScoreRow>& rows, const std::vector<std::string>& order) {
  QStringList found;
  for (const auto& row : rows)
    for (const auto& [key, value] : row.metrics)
      if (key.rfind("mae@", 0) == 0 && !found.contains(QString::fromStdString(key.substr(4)))) found << QString::fromStdString(key.substr(4));
  QStringList out;
  for (const auto& name : order)
    if (found.contains(QString::fromStdString(name))) out << QString::fromStdString(name);
  for (const auto& name : found)
    if (!out.contains(name)) out << name;
  return out;
}

void MetricsTable::fitHeight() {
  horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  int h = horizontalHeader()->sizeHint().height() + 2 * frameWidth() + 2;
  for (int r = 0; r < rowCount(); ++r) h += rowHeight(r);
  setMaximumHeight(std::max(h, 80));
}

void MetricsTable::setClassificationRows(const std::vector<std::pair<std::string, std::map<std::string, double>>>& rows) {
  std::vector<std::pair<QString, std::map<std::string, double>>> r;
  std::vector<bool> models;
  for (const auto& [name, m] : rows) {
    r.emplace_back(QString::fromStdString(name), m);
    models.push_back(true);
  }
  fill(this, kClassify, r, models, [](const QString& k) { return k != QLatin1String("loss"); });
  fitHeight();
}

QString MetricsTable::cell(int row, const QString& metric) const {
  const QString wanted = header(metric);
  for (int c = 1; c < columnCount(); ++c)
    if (horizontalHeaderItem(c)->text() == wanted) return item(row, c) ? item(row, c)->text() : QString();
  return {};
}

}  // namespace aaren::ui
