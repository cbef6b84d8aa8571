#include "ui/data/CsvImportDialog.h"

#include "ui/Plural.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace aaren::ui {

namespace dd = aaren::data;

namespace {

constexpr char kDelimiters[] = {0, ',', ';', '\t', '|'};
constexpr int kPreviewRows = 100;
const QStringList kPatterns = {QStringLiteral("yyyy-MM-dd HH:mm:ss"), QStringLiteral("dd.MM.yyyy HH:mm"),
                               QStringLiteral("dd/MM/yyyy"),          QStringLiteral("dd/MM/yyyy HH:mm"),
                               QStringLiteral("MM/dd/yyyy"),          QStringLiteral("MM/dd/yyyy HH:mm"),
                               QStringLiteral("yyyyMMdd"),            QStringLiteral("yyyyMMddHHmm")};

QString kindName(dd::ColumnKind k) {
  switch (k) {
    case dd::ColumnKind::Time: return QObject::tr("time");
    case dd::ColumnKind::TimePart: return QObject::tr("time part");
    case dd::ColumnKind::Numeric: return QObject::tr("value");
    case dd::ColumnKind::Categorical: return QObject::tr("text");
    case dd::ColumnKind::Index: return QObject::tr("row index");
  }
  return {};
}

}  // namespace

CsvImportDialog::CsvImportDialog(const ImportRequest& initial, QWidget* parent)
    : QDialog(parent),
      base_(initial),
      as_series_(new QRadioButton(tr("Time series (one column per channel)"), this)),
      as_long_(new QRadioButton(tr("Labelled series, long format (series_id, channels…, label)"), this)),
      delimiter_(new QComboBox(this)),
      header_(new QComboBox(this)),
      time_column_(new QComboBox(this)),
      time_format_(new QComboBox(this)),
      non_finite_(new QCheckBox(tr("Read inf, nan and out-of-range numbers as missing"), this)),
      one_hot_(new QCheckBox(tr("One-hot encode text columns"), this)),
      values_(new QListWidget(this)),
      preview_(new QTableWidget(this)),
      status_(new QLabel(this)),
      errors_(new QPlainTextEdit(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
  setWindowTitle(tr("Import %1").arg(QFileInfo(initial.path).fileName()));
  resize(1000, 680);
  head_ = readCsvHead(initial.path);

  auto* options = new QGroupBox(tr("How to read the file"), this);
  auto* form = new QFormLayout(options);
  auto* kindRow = new QVBoxLayout;
  kindRow->addWidget(as_series_);
  kindRow->addWidget(as_long_);
  form->addRow(tr("Data:"), kindRow);
  delimiter_->addItems({tr("Detect"), tr("Comma ,"), tr("Semicolon ;"), tr("Tab"), tr("Pipe |")});
  delimiter_->setToolTip(tr("The character between fields. Detect picks the one that splits every line into the same number of fields."));
  form->addRow(tr("&Delimiter:"), delimiter_);
  header_->addItems({tr("Detect"), tr("First row holds the column names"), tr("No header: columns are numbered")});
  header_->setToolTip(tr("Detect: the first row is a header when it holds text where the rows below hold numbers."));
  form->addRow(tr("&Header:"), header_);
  time_column_->setToolTip(tr("The column holding the time of each row. Detect finds ISO 8601 text, epoch numbers in a "
                              "column named time/timestamp/date, or year/month/day/hour columns."));
  form->addRow(tr("&Time column:"), time_column_);
  time_format_->setEditable(true);
  time_format_->addItems({tr("Detect"), tr("Epoch seconds"), tr("Epoch milliseconds")});
  time_format_->addItems(kPatterns);
  time_format_->setToolTip(tr("How the time column is written. Detect reads ISO 8601 (2016-07-01 00:00:00, with T or a zone), "
                              "YYYY/M/D H:MM and YYYY-MM. Or type a pattern: yyyy year, MM month, dd day, HH hour, mm minute, "
                              "ss second (times are taken as UTC)."));
  form->addRow(tr("Time &format:"), time_format_);
  non_finite_->setToolTip(tr("Otherwise such a number stops the import with an error naming its line."));
  form->addRow(QString(), non_finite_);
  one_hot_->setToolTip(tr("Otherwise text columns are listed in the warnings and left out."));
  form->addRow(QString(), one_hot_);

  auto* columnsBox = new QGroupBox(tr("Value columns"), this);
  auto* cl = new QVBoxLayout(columnsBox);
  values_->setToolTip(tr("The channels to import; unticked columns are left out."));
  cl->addWidget(values_);
  auto* allNone = new QHBoxLayout;
  auto* all = new QPushButton(tr("All"), columnsBox);
  auto* none = new QPushButton(tr("None"), columnsBox);
  allNone->addWidget(all);
  allNone->addWidget(none);
  allNone->addStretch(1);
  cl->addLayout(allNone);

  auto* top = new QHBoxLayout;
  top->addWidget(options, 3);
  top->addWidget(columnsBox, 1);

  preview_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  preview_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
  preview_->horizontalHeader()->setDefaultSectionSize(110);
  status_->setWordWrap(true);
  status_->setTextFormat(Qt::PlainText);
  errors_->setReadOnly(true);
  errors_->setMaximumHeight(90);
  errors_->setVisible(false);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  auto* previewLabel = new QLabel(this);
  const QLocale l(QLocale::English);
  previewLabel->setText(head_.truncated ? tr("Preview (first rows of %1 bytes; the check reads the first %2 KB):")
                                              .arg(l.toString(static_cast<qulonglong>(head_.fileBytes)))
                                              .arg(kPreviewBytes / 1024)
                                        : tr("Preview (the whole file is checked):"));
  layout->addWidget(previewLabel);
  layout->addWidget(preview_, 1);
  layout->addWidget(status_);
  layout->addWidget(errors_);
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("&Import"));
  layout->addWidget(buttons_);
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

  // Initial values from the request.
  filling_ = true;
  (initial.kind == ImportKind::LongCsv ? as_long_ : as_series_)->setChecked(true);
  for (int i = 0; i < 5; ++i)
    if (kDelimiters[i] == initial.csv.delimiter) delimiter_->setCurrentIndex(i);
  header_->setCurrentIndex(initial.csv.header == dd::HeaderMode::Present ? 1 : initial.csv.header == dd::HeaderMode::Absent ? 2 : 0);
  switch (initial.time.mode) {
    case TimeFormat::Mode::EpochSeconds: time_format_->setCurrentIndex(1); break;
    case TimeFormat::Mode::EpochMillis: time_format_->setCurrentIndex(2); break;
    case TimeFormat::Mode::Pattern: time_format_->setCurrentText(initial.time.pattern); break;
    default: time_format_->setCurrentIndex(0); break;
  }
  non_finite_->setChecked(initial.csv.nonFinite == dd::NonFinitePolicy::Missing);
  one_hot_->setChecked(initial.csv.categorical == dd::CategoricalPolicy::OneHot);
  filling_ = false;

  debounce_.setSingleShot(true);
  debounce_.setInterval(150);
  connect(&debounce_, &QTimer::timeout, this, &CsvImportDialog::recheck);
  for (QComboBox* box : {delimiter_, header_, time_column_})
    connect(box, &QComboBox::currentIndexChanged, this, &CsvImportDialog::scheduleCheck);
  connect(time_format_, &QComboBox::currentTextChanged, this, &CsvImportDialog::scheduleCheck);
  for (QAbstractButton* b : std::initializer_list<QAbstractButton*>{as_series_, as_long_, non_finite_, one_hot_})
    connect(b, &QAbstractButton::toggled, this, &CsvImportDialog::scheduleCheck);
  connect(values_, &QListWidget::itemChanged, this, &CsvImportDialog::scheduleCheck);
  connect(all, &QPushButton::clicked, this, [this] {
    for (int i = 0; i < values_->count(); ++i) values_->item(i)->setCheckState(Qt::Checked);
  });
  connect(none, &QPushButton::clicked, this, [this] {
    for (int i = 0; i < values_->count(); ++i) values_->item(i)->setCheckState(Qt::Unchecked);
  });

  // First pass: detect with the given options to learn the columns.
  recheck();
  if (!initial.csv.timeColumn.empty()) {
    const int i = time_column_->findText(QString::fromStdString(initial.csv.timeColumn));
    if (i >= 0) time_column_->setCurrentIndex(i);
  } else if (initial.time.mode == TimeFormat::Mode::None) {
    time_column_->setCurrentIndex(1);
  }
  if (!initial.valueColumns.isEmpty()) {
    filling_ = true;
    for (int i = 0; i < values_->count(); ++i)
      values_->item(i)->setCheckState(initial.valueColumns.contains(values_->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
    filling_ = false;
  }
  recheck();
}

ImportRequest CsvImportDialog::request() const {
  ImportRequest r = base_;
  r.kind = as_long_->isChecked() ? ImportKind::LongCsv : ImportKind::Csv;
  r.csv.delimiter = kDelimiters[std::max(0, delimiter_->currentIndex())];
  r.csv.header = header_->currentIndex() == 1 ? dd::HeaderMode::Present
                 : header_->currentIndex() == 2 ? dd::HeaderMode::Absent
                                                 : dd::HeaderMode::Auto;
  r.csv.nonFinite = non_finite_->isChecked() ? dd::NonFinitePolicy::Missing : dd::NonFinitePolicy::Error;
  r.csv.categorical = one_hot_->isChecked() ? dd::CategoricalPolicy::OneHot : dd::CategoricalPolicy::Exclude;
  r.longCsv.delimiter = r.csv.delimiter;
  r.csv.timeColumn.clear();
  r.time = {};
  const int tc = time_column_->currentIndex();
  if (tc == 1) {
    r.time.mode = TimeFormat::Mode::None;
  } else {
    if (tc >= 2) r.csv.timeColumn = time_column_->currentText().toStdString();
    const QString f = time_format_->currentText().trimmed();
    if (f == time_format_->itemText(0) || f.isEmpty()) r.time.mode = TimeFormat::Mode::Auto;
    else if (f == time_format_->itemText(1)) r.time.mode = TimeFormat::Mode::EpochSeconds;
    else if (f == time_format_->itemText(2)) r.time.mode = TimeFormat::Mode::EpochMillis;
    else r.time = {TimeFormat::Mode::Pattern, f};
  }
  r.valueColumns.clear();
  bool all = true;
  QStringList checked;
  for (int i = 0; i < values_->count(); ++i) {
    if (values_->item(i)->checkState() == Qt::Checked) checked << values_->item(i)->text();
    else all = false;
  }
  if (!all) r.valueColumns = checked;
  return r;
}

void CsvImportDialog::scheduleCheck() {
  if (!filling_) debounce_.start();
}

void CsvImportDialog::recheck() {
  debounce_.stop();
  const ImportRequest r = request();
  const bool longFormat = r.kind == ImportKind::LongCsv;
  for (QWidget* w : std::initializer_list<QWidget*>{header_, time_column_, time_format_, non_finite_, one_hot_, values_})
    w->setEnabled(!longFormat);
  if (longFormat) {
    check_ = {};
    fillPreview();
    status_->setText(tr("Long format: rows are grouped by their series id; the last column named label/class/target (or the "
                        "last column) is the label. The file is checked when it is imported."));
    errors_->setVisible(false);
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(head_.error.empty());
    return;
  }
  // A format other than Detect needs a column to apply to.
  ImportRequest checked = r;
  if (r.time.mode != TimeFormat::Mode::Auto && r.time.mode != TimeFormat::Mode::None && r.csv.timeColumn.empty()) {
    check_ = {};
    check_.fatal = tr("Choose the time column that the format “%1” applies to.").arg(time_format_->currentText()).toStdString();
  } else {
    check_ = checkCsv(head_, checked);
    // When the pick no longer matches the columns (e.g. the delimiter changed), check all.
    if (!check_.fatal.empty() && !checked.valueColumns.isEmpty() && check_.fatal.find("no value column named") != std::string::npos) {
      checked.valueColumns.clear();
      check_ = checkCsv(head_, checked);
    }
  }
  fillColumns();
  fillPreview();
  updateStatus();
}

void CsvImportDialog::fillColumns() {
  filling_ = true;
  // Time column choices: keep the current choice when it still exists.
  const QString current = time_column_->currentIndex() >= 2 ? time_column_->currentText() : QString();
  const int special = std::min(time_column_->currentIndex(), 1);
  QStringList names;
  for (const auto& c : check_.columns) names << QString::fromStdString(c);
  QStringList existing;
  for (int i = 2; i < time_column_->count(); ++i) existing << time_column_->itemText(i);
  if (names != existing && !names.isEmpty()) {
    time_column_->clear();
    time_column_->addItem(tr("Detect"));
    time_column_->addItem(tr("None: number the rows"));
    time_column_->addItems(names);
    const int i = current.isEmpty() ? -1 : time_column_->findText(current);
    time_column_->setCurrentIndex(i >= 0 ? i : std::max(special, 0));
  } else if (time_column_->count() == 0) {
    time_column_->addItem(tr("Detect"));
    time_column_->addItem(tr("None: number the rows"));
  }
  // Value columns: tick new ones, keep the user's ticks on known ones.
  QStringList values;
  for (const auto& c : check_.valueColumns) values << QString::fromStdString(c);
  if (!values.isEmpty() && values != known_value_columns_) {
    QSet<QString> unticked;
    for (int i = 0; i < values_->count(); ++i)
      if (values_->item(i)->checkState() != Qt::Checked) unticked.insert(values_->item(i)->text());
    values_->clear();
    for (const QString& v : values) {
      auto* item = new QListWidgetItem(v, values_);
      item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
      item->setCheckState(unticked.contains(v) ? Qt::Unchecked : Qt::Checked);
    }
    known_value_columns_ = values;
  }
  filling_ = false;
}

void CsvImportDialog::fillPreview() {
  const char delim = check_.fatal.empty() && check_.rowsParsed > 0 ? check_.result.delimiter : kDelimiters[std::max(0, delimiter_->currentIndex())];
  const auto records = splitRecords(head_.text, delim, kPreviewRows + 1);
  const bool header = check_.fatal.empty() && check_.rowsParsed > 0 ? check_.result.header : header_->currentIndex() != 2;
  std::size_t columns = 0;
  for (const auto& r : records) columns = std::max(columns, r.size());
  preview_->clear();
  preview_->setColumnCount(static_cast<int>(columns));
  const std::size_t first = header && !records.empty() ? 1 : 0;
  preview_->setRowCount(static_cast<int>(records.size() > first ? records.size() - first : 0));
  const auto& infos = check_.result.series.columns;
  const ImportRequest r = request();
  QStringList labels;
  for (std::size_t c = 0; c < columns; ++c) {
    QString name = header && !records.empty() && c < records[0].size() ? QString::fromStdString(records[0][c])
                                                                        : tr("column%1").arg(c + 1);
    if (c < infos.size() && check_.fatal.empty()) {
      dd::ColumnKind kind = infos[c].kind;
      if (check_.result.series.hasTime() && infos[c].name == r.csv.timeColumn) kind = dd::ColumnKind::Time;
      const bool excluded = kind == dd::ColumnKind::Numeric &&
                            !check_.result.series.find(infos[c].name).has_value();
      name += QStringLiteral("\n(") + (excluded ? tr("left out") : kindName(kind)) + QLatin1Char(')');
    }
    labels << name;
  }
  preview_->setHorizontalHeaderLabels(labels);
  for (std::size_t r = first; r < records.size(); ++r)
    for (std::size_t c = 0; c < records[r].size(); ++c)
      preview_->setItem(static_cast<int>(r - first), static_cast<int>(c), new QTableWidgetItem(QString::fromStdString(records[r][c])));
}

void CsvImportDialog::updateStatus() {
  const QLocale l(QLocale::English);
  auto* ok = buttons_->button(QDialogButtonBox::Ok);
  QPalette pal = status_->palette();
  pal.setColor(QPalette::WindowText, palette().color(QPalette::WindowText));
  if (!check_.fatal.empty()) {
    status_->setText(QStringLiteral("✗ ") + QString::fromStdString(check_.fatal));
    pal.setColor(QPalette::WindowText, QColor(0xd5, 0x5e, 0x00));
    status_->setPalette(pal);
    errors_->setVisible(false);
    ok->setEnabled(false);
    return;
  }
  const auto& s = check_.result.series;
  const std::size_t total = check_.rowsParsed + check_.rowsFailed;
  QString text;
  if (check_.rowsFailed == 0) {
    text = tr("✓ All %1 rows of the %2 parse").arg(l.toString(static_cast<qulonglong>(total)), head_.truncated ? tr("preview") : tr("file"));
  } else {
    text = tr("✗ %1 of %2 rows of the %3 parse; %4 %5 (the import would stop at the first):")
               .arg(l.toString(static_cast<qulonglong>(check_.rowsParsed)), l.toString(static_cast<qulonglong>(total)),
                    head_.truncated ? tr("preview") : tr("file"), l.toString(static_cast<qulonglong>(check_.rowsFailed)),
                    check_.moreErrors ? tr("fail, checking stopped") : tr("fail"));
    pal.setColor(QPalette::WindowText, QColor(0xd5, 0x5e, 0x00));
  }
  text += QStringLiteral(" — ") + plural(static_cast<long long>(s.cols()), tr("value column"), tr("value columns"));
  if (s.hasTime())
    text += tr(", time %1").arg(QString::fromStdString(s.time.frequency.label()));
  else
    text += tr(", no time axis (rows numbered)");
  if (s.totalMissing() > 0) text += tr(", %1 missing values").arg(l.toString(static_cast<qulonglong>(s.totalMissing())));
  if (!check_.result.warnings.empty()) text += QStringLiteral(", ") + plural(static_cast<long long>(check_.result.warnings.size()), tr("warning"), tr("warnings"));
  status_->setText(text);
  status_->setPalette(pal);
  QStringList errs;
  for (const auto& e : check_.errors) errs << QString::fromStdString(e);
  errors_->setPlainText(errs.join(QLatin1Char('\n')));
  errors_->setVisible(!errs.isEmpty());
  ok->setEnabled(check_.rowsFailed == 0 && s.cols() > 0);
  if (s.cols() == 0) status_->setText(text + tr(" — tick at least one value column"));
}

}  // namespace aaren::ui
