#include "ui/evaluate/MetricsTable.h"

#include <QHeaderView>

#include <algorithm>
#include <cmath>
#include <limits>

namespace aaren::ui {

namespace {

const QStringList kClassify = {QStringLiteral("accuracy"), QStringLiteral("macro_f1"), QStringLiteral("loss")};

QString header(const QString& key) {
  if (key == QLatin1String("mape")) return QStringLiteral("MAPE %");
  if (key == QLatin1String("smape")) return QStringLiteral("sMAPE %");
  if (key == QLatin1String("macro_f1")) return QStringLiteral("macro-F1");
  if (key == QLatin1String("accuracy")) return QStringLiteral("accuracy");
  if (key == QLatin1String("loss")) return QStringLiteral("loss");
  return key.toUpper();
}

QString tip(const QString& key) {
  if (key == QLatin1String("mse")) return QObject::tr("Mean squared error (scaled values)");
  if (key == QLatin1String("mae")) return QObject::tr("Mean absolute error (scaled values)");
  if (key == QLatin1String("rmse")) return QObject::tr("Root mean squared error (scaled values)");
  if (key == QLatin1String("mape")) return QObject::tr("Mean absolute percentage error, over actual values that are not 0");
  if (key == QLatin1String("smape")) return QObject::tr("Symmetric mean absolute percentage error");
  if (key == QLatin1String("mase")) return QObject::tr("MAE divided by the in-sample MAE of the naive forecast on the training part (< 1 beats naive)");
  if (key == QLatin1String("accuracy")) return QObject::tr("Share of test cases classified correctly");
  if (key == QLatin1String("macro_f1")) return QObject::tr("F1 averaged over the classes, each class counting the same");
  if (key == QLatin1String("loss")) return QObject::tr("Mean cross-entropy on the test cases");
  return {};
}

}  // namespace

const QStringList& MetricsTable::forecastMetrics() {
  static const QStringList keys = {QStringLiteral("mse"), QStringLiteral("mae"), QStringLiteral("rmse"),
                                   QStringLiteral("mape"), QStringLiteral("smape"), QStringLiteral("mase")};
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
      const bool has = it != m.end() && std::isfinite(it->second) && !(key == "mase" && it->second == 0);
      auto* item = new QTableWidgetItem(has ? QString::number(it->second, 'f', key == "mape" || key == "smape" ? 2 : 4) : QStringLiteral("—"));
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
  for (int c = 1; c < columnCount(); ++c)
    if (horizontalHeaderItem(c)->text() == header(metric)) return item(row, c) ? item(row, c)->text() : QString();
  return {};
}

}  // namespace aaren::ui
