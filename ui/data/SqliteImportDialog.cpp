#include "ui/data/SqliteImportDialog.h"

#include "ui/Plural.h"
#include "core/data/Timestamp.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace aaren::ui {

namespace dd = aaren::data;

namespace {

constexpr int kPreviewRows = 100;

std::string quoteIdent(const QString& name) {
  std::string s = "\"";
  for (char c : name.toStdString()) {
    if (c == '"') s += '"';
    s += c;
  }
  return s + "\"";
}

QString stripSemicolons(QString sql) {
  sql = sql.trimmed();
  while (sql.endsWith(QLatin1Char(';'))) sql = sql.chopped(1).trimmed();
  return sql;
}

}  // namespace

SqliteImportDialog::SqliteImportDialog(const ImportRequest& initial, QWidget* parent)
    : QDialog(parent),
      base_(initial),
      use_table_(new QRadioButton(tr("&Table or view:"), this)),
      use_sql_(new QRadioButton(tr("&SELECT:"), this)),
      table_(new QComboBox(this)),
      sql_(new QPlainTextEdit(this)),
      time_column_(new QComboBox(this)),
      values_(new QListWidget(this)),
      preview_(new QTableWidget(this)),
      status_(new QLabel(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
  setWindowTitle(tr("Import from %1").arg(QFileInfo(initial.path).fileName()));
  resize(960, 640);

  auto* source = new QGroupBox(tr("What to read (the database is opened read-only)"), this);
  auto* form = new QFormLayout(source);
  form->addRow(use_table_, table_);
  sql_->setPlaceholderText(QStringLiteral("SELECT time, value FROM readings WHERE sensor = 3 ORDER BY time"));
  sql_->setToolTip(tr("One read-only statement; anything that would modify the database is refused."));
  sql_->setMaximumHeight(80);
  form->addRow(use_sql_, sql_);
  time_column_->setToolTip(tr("Detect: a text column whose values are all timestamps, or an integer column named "
                              "time/timestamp/epoch/date (epoch seconds or milliseconds)."));
  form->addRow(tr("Time &column:"), time_column_);

  auto* columnsBox = new QGroupBox(tr("Value columns"), this);
  auto* cl = new QVBoxLayout(columnsBox);
  cl->addWidget(values_);
  values_->setToolTip(tr("The numeric columns to import as channels."));

  auto* top = new QHBoxLayout;
  top->addWidget(source, 3);
  top->addWidget(columnsBox, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(new QLabel(tr("Preview (first %1 rows):").arg(kPreviewRows), this));
  preview_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  preview_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
  layout->addWidget(preview_, 1);
  status_->setWordWrap(true);
  status_->setTextFormat(Qt::PlainText);
  layout->addWidget(status_);
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("&Import"));
  layout->addWidget(buttons_);
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

  filling_ = true;
  try {
    tables_ = dd::listTables(initial.path.toStdString(), /*countRows=*/false);
  } catch (const std::exception& e) {
    status_->setText(QString::fromUtf8(e.what()));
  }
  for (const auto& t : tables_)
    table_->addItem(QString::fromStdString(t.name) + (t.view ? tr(" (view)") : QString()), QString::fromStdString(t.name));
  const int ti = table_->findData(initial.table);
  if (ti >= 0) table_->setCurrentIndex(ti);
  sql_->setPlainText(initial.sql);
  (initial.sql.trimmed().isEmpty() && !tables_.empty() ? use_table_ : use_sql_)->setChecked(true);
  time_column_->addItem(tr("Detect"));
  filling_ = false;

  debounce_.setSingleShot(true);
  debounce_.setInterval(300);
  connect(&debounce_, &QTimer::timeout, this, &SqliteImportDialog::recheck);
  connect(table_, &QComboBox::currentIndexChanged, this, [this] {
    if (!filling_) use_table_->setChecked(true);
    scheduleCheck();
  });
  connect(sql_, &QPlainTextEdit::textChanged, this, [this] {
    if (!filling_) use_sql_->setChecked(true);
    scheduleCheck();
  });
  connect(use_table_, &QRadioButton::toggled, this, &SqliteImportDialog::scheduleCheck);
  connect(time_column_, &QComboBox::currentIndexChanged, this, &SqliteImportDialog::scheduleCheck);
  connect(values_, &QListWidget::itemChanged, this, &SqliteImportDialog::scheduleCheck);
  recheck();
  if (!initial.sqliteTimeColumn.isEmpty()) {
    const int i = time_column_->findText(initial.sqliteTimeColumn);
    if (i >= 0) time_column_->setCurrentIndex(i);
  }
  if (!initial.valueColumns.isEmpty()) {
    filling_ = true;
    for (int i = 0; i < values_->count(); ++i)
      values_->item(i)->setCheckState(initial.valueColumns.contains(values_->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
    filling_ = false;
  }
  recheck();
}

ImportRequest SqliteImportDialog::request() const {
  ImportRequest r = base_;
  r.kind = ImportKind::Sqlite;
  if (use_sql_->isChecked()) {
    r.sql = sql_->toPlainText().trimmed();
    r.table.clear();
  } else {
    r.sql.clear();
    r.table = table_->currentData().toString();
  }
  r.sqliteTimeColumn = time_column_->currentIndex() > 0 ? time_column_->currentText() : QString();
  r.valueColumns.clear();
  QStringList checked;
  bool all = true;
  for (int i = 0; i < values_->count(); ++i) {
    if (values_->item(i)->checkState() == Qt::Checked) checked << values_->item(i)->text();
    else all = false;
  }
  if (!all) r.valueColumns = checked;
  return r;
}

void SqliteImportDialog::scheduleCheck() {
  if (!filling_) debounce_.start();
}

void SqliteImportDialog::recheck() {
  debounce_.stop();
  const ImportRequest r = request();
  auto* ok = buttons_->button(QDialogButtonBox::Ok);
  preview_ok_ = false;
  std::string sql;
  if (!r.sql.isEmpty()) sql = "SELECT * FROM (" + stripSemicolons(r.sql).toStdString() + ") LIMIT " + std::to_string(kPreviewRows);
  else if (!r.table.isEmpty()) sql = "SELECT * FROM " + quoteIdent(r.table) + " LIMIT " + std::to_string(kPreviewRows);
  if (sql.empty()) {
    status_->setText(tables_.empty() ? tr("The database has no tables or views: write a SELECT.") : tr("Choose a table or write a SELECT."));
    ok->setEnabled(false);
    return;
  }
  dd::SqliteOptions o;
  o.sourceName = QFileInfo(r.path).fileName().toStdString();
  o.timeColumn = r.sqliteTimeColumn.toStdString();
  o.maxSeconds = 2;  // the preview runs on the GUI thread: a query that never ends must not freeze it
  dd::SqliteResult res;
  try {
    res = dd::readSqliteQuery(r.path.toStdString(), sql, o);
  } catch (const std::exception& e) {
    status_->setText(QStringLiteral("✗ ") + QString::fromUtf8(e.what()));
    preview_->clear();
    preview_->setRowCount(0);
    preview_->setColumnCount(0);
    ok->setEnabled(false);
    return;
  }
  const auto& s = res.series;
  // Time column choices and value columns from what the query returns.
  filling_ = true;
  const QString currentTime = time_column_->currentIndex() > 0 ? time_column_->currentText() : QString();
  QStringList all;
  for (const auto& c : s.columns) all << QString::fromStdString(c.name);
  QStringList existing;
  for (int i = 1; i < time_column_->count(); ++i) existing << time_column_->itemText(i);
  if (all != existing) {
    time_column_->clear();
    time_column_->addItem(tr("Detect"));
    time_column_->addItems(all);
    const int i = currentTime.isEmpty() ? 0 : time_column_->findText(currentTime);
    time_column_->setCurrentIndex(std::max(i, 0));
  }
  QStringList names;
  for (const auto& n : s.names) names << QString::fromStdString(n);
  if (names != known_values_) {
    QSet<QString> unticked;
    for (int i = 0; i < values_->count(); ++i)
      if (values_->item(i)->checkState() != Qt::Checked) unticked.insert(values_->item(i)->text());
    values_->clear();
    for (const QString& n : names) {
      auto* item = new QListWidgetItem(n, values_);
      item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
      item->setCheckState(unticked.contains(n) ? Qt::Unchecked : Qt::Checked);
    }
    known_values_ = names;
  }
  filling_ = false;

  // Preview: time then the value columns.
  const bool timed = s.hasTime();
  preview_->clear();
  preview_->setRowCount(static_cast<int>(s.rows));
  preview_->setColumnCount(static_cast<int>(s.cols()) + (timed ? 1 : 0));
  QStringList headers;
  if (timed) headers << tr("time");
  for (const QString& n : names) headers << n;
  preview_->setHorizontalHeaderLabels(headers);
  for (std::size_t row = 0; row < s.rows; ++row) {
    int col = 0;
    if (timed)
      preview_->setItem(static_cast<int>(row), col++, new QTableWidgetItem(QString::fromStdString(dd::formatTimestamp(s.timestamps[row]))));
    for (std::size_t c = 0; c < s.cols(); ++c) {
      const double v = s.at(row, c);
      preview_->setItem(static_cast<int>(row), col++, new QTableWidgetItem(std::isnan(v) ? QStringLiteral("NULL") : QString::number(v, 'g', 8)));
    }
  }
  const int picked = static_cast<int>(request().valueColumns.isEmpty() ? names.size() : request().valueColumns.size());
  QString text = tr("✓ The first %1 read").arg(plural(static_cast<long long>(s.rows), tr("row"), tr("rows")));
  text += QStringLiteral(" — ") + plural(picked, tr("value column"), tr("value columns"));
  text += timed ? tr(", time from “%1”").arg(QString::fromStdString([&] {
                    for (const auto& c : s.columns)
                      if (c.kind == dd::ColumnKind::Time) return c.name;
                    return std::string();
                  }()))
                : tr(", no time column (rows numbered)");
  for (const auto& w : res.warnings)
    if (w.kind == dd::WarningKind::CategoricalColumn) text += QStringLiteral("; ") + QString::fromStdString(w.message);
  if (s.cols() == 0) text = tr("✗ The query returns no numeric column to import.");
  if (picked == 0 && s.cols() > 0) text += tr(" — tick at least one value column");
  status_->setText(text);
  preview_ok_ = s.cols() > 0 && picked > 0;
  ok->setEnabled(preview_ok_);
}

}  // namespace aaren::ui
