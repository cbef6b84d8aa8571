#include "ui/live/SourceForm.h"

#include "core/stream/SourceUri.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSlider>
#include <QSpinBox>
#include <QStackedWidget>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace aaren::ui {

namespace {

constexpr int kSliderSteps = 100;  // slider positions per decade

QString pathPart(const QString& path) {
  // Keep the URI readable: only the characters that would end the path are escaped.
  QString p = path;
  p.replace(QLatin1Char('%'), QStringLiteral("%25"));
  p.replace(QLatin1Char('?'), QStringLiteral("%3F"));
  return p;
}

QFormLayout* compactForm(QWidget* page) {
  auto* form = new QFormLayout(page);
  form->setContentsMargins(0, 0, 0, 0);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return form;
}

}  // namespace

SourceForm::SourceForm(QWidget* parent) : QWidget(parent), kind_(new QComboBox(this)), stack_(new QStackedWidget(this)), uri_(new QLineEdit(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  kind_->addItem(tr("Replay the loaded dataset"), static_cast<int>(Kind::Replay));
  kind_->addItem(tr("Follow a CSV file"), static_cast<int>(Kind::File));
  kind_->addItem(tr("TCP: connect to a feed"), static_cast<int>(Kind::TcpConnect));
  kind_->addItem(tr("TCP: listen for a feed"), static_cast<int>(Kind::TcpListen));
  kind_->addItem(tr("UDP: receive datagrams"), static_cast<int>(Kind::Udp));
  kind_->addItem(tr("SQLite: poll a table"), static_cast<int>(Kind::Sqlite));
  kind_->setToolTip(tr("Where the live samples come from"));
  layout->addWidget(kind_);

  stack_->addWidget(buildReplayPage());
  stack_->addWidget(buildFilePage());
  stack_->addWidget(buildNetworkPage(Kind::TcpConnect));
  stack_->addWidget(buildNetworkPage(Kind::TcpListen));
  stack_->addWidget(buildNetworkPage(Kind::Udp));
  stack_->addWidget(buildSqlitePage());
  layout->addWidget(stack_);

  // Options shared by the sources that carry text lines.
  line_options_ = new QWidget(this);
  auto* lf = compactForm(line_options_);
  auto* lineRow = new QHBoxLayout;
  format_ = new QComboBox(line_options_);
  format_->addItem(tr("detect"), QStringLiteral("auto"));
  format_->addItem(QStringLiteral("CSV"), QStringLiteral("csv"));
  format_->addItem(QStringLiteral("JSON lines"), QStringLiteral("json"));
  format_->setToolTip(tr("CSV lines (timestamp,v1,v2,…) or JSON lines ({\"timestamp\": …, \"values\": […]})"));
  epoch_ = new QCheckBox(tr("epoch time"), line_options_);
  epoch_->setToolTip(tr("The first CSV field is epoch seconds or milliseconds"));
  lineRow->addWidget(format_, 1);
  lineRow->addWidget(epoch_);
  lf->addRow(tr("Lines:"), lineRow);
  layout->addWidget(line_options_);
  connect(format_, &QComboBox::currentIndexChanged, this, &SourceForm::formChanged);
  connect(epoch_, &QCheckBox::toggled, this, &SourceForm::formChanged);

  auto* uriRow = new QHBoxLayout;
  auto* uriLabel = new QLabel(tr("URI:"), this);
  uriRow->addWidget(uriLabel);
  uri_->setToolTip(tr("The source as a URI (the same as `aaren stream --source` takes); edit it to use any option"));
  uri_->setClearButtonEnabled(true);
  QFont mono = uri_->font();
  mono.setFamily(QStringLiteral("monospace"));
  mono.setStyleHint(QFont::Monospace);
  uri_->setFont(mono);
  uriRow->addWidget(uri_, 1);
  layout->addLayout(uriRow);

  // The stack takes the height of the page shown, not of the tallest one.
  auto showPage = [this](int i) {
    for (int p = 0; p < stack_->count(); ++p)
      stack_->widget(p)->setSizePolicy(QSizePolicy::Preferred, p == i ? QSizePolicy::Preferred : QSizePolicy::Ignored);
    stack_->setCurrentIndex(i);
    stack_->adjustSize();
  };
  showPage(0);
  connect(kind_, &QComboBox::currentIndexChanged, this, [this, showPage](int i) {
    showPage(i);
    formChanged();
  });
  connect(uri_, &QLineEdit::textEdited, this, [this](const QString& text) {
    showUri(text);
    Q_EMIT changed();
  });
  connect(uri_, &QLineEdit::returnPressed, this, &SourceForm::activated);
  formChanged();
}

QWidget* SourceForm::buildReplayPage() {
  auto* page = new QWidget(stack_);
  auto* form = compactForm(page);
  dataset_ = new QLabel(tr("no dataset loaded"), page);
  dataset_->setWordWrap(true);
  form->addRow(tr("Data:"), dataset_);

  rate_slider_ = new QSlider(Qt::Horizontal, page);
  rate_slider_->setRange(0, 5 * kSliderSteps);  // 10^0 .. 10^5 samples/s
  rate_slider_->setToolTip(tr("Samples per second, on a log scale: 1 to 100,000"));
  rate_box_ = new QSpinBox(page);
  rate_box_->setRange(1, kMaxRate);
  rate_box_->setSuffix(tr(" /s"));
  rate_box_->setGroupSeparatorShown(true);
  rate_box_->setToolTip(tr("Samples per second"));
  auto* rateRow = new QHBoxLayout;
  rateRow->addWidget(rate_slider_, 1);
  rateRow->addWidget(rate_box_);
  form->addRow(tr("Rate:"), rateRow);
  fastest_ = new QCheckBox(tr("as fast as possible"), page);
  fastest_->setToolTip(tr("No pacing: the replay goes as fast as the models take the samples"));
  loop_ = new QCheckBox(tr("loop"), page);
  loop_->setToolTip(tr("Start again at the first row after the last one (timestamps go on; sub-daily rows restart at the first row's time of day)"));
  auto* flags = new QHBoxLayout;
  flags->addWidget(fastest_);
  flags->addWidget(loop_);
  flags->addStretch(1);
  form->addRow(QString(), flags);
  start_row_ = new QSpinBox(page);
  start_row_->setRange(0, 1 << 30);
  start_row_->setGroupSeparatorShown(true);
  start_row_->setToolTip(tr("First row replayed"));
  form->addRow(tr("From row:"), start_row_);

  connect(rate_slider_, &QSlider::valueChanged, this, &SourceForm::syncRateFromSlider);
  connect(rate_box_, &QSpinBox::valueChanged, this, &SourceForm::syncRateFromBox);
  connect(fastest_, &QCheckBox::toggled, this, [this](bool on) {
    rate_slider_->setEnabled(!on);
    rate_box_->setEnabled(!on);
    formChanged();
  });
  connect(loop_, &QCheckBox::toggled, this, &SourceForm::formChanged);
  connect(start_row_, &QSpinBox::valueChanged, this, &SourceForm::formChanged);
  rate_box_->setValue(1000);
  return page;
}

QString SourceForm::browse(const QString& title, const QString& filter) {
  return QFileDialog::getOpenFileName(this, title, QString(), filter);
}

QWidget* SourceForm::buildFilePage() {
  auto* page = new QWidget(stack_);
  auto* form = compactForm(page);
  file_path_ = new QLineEdit(page);
  file_path_->setPlaceholderText(tr("a CSV file another program appends to"));
  auto* pick = new QToolButton(page);
  pick->setText(QStringLiteral("…"));
  pick->setToolTip(tr("Choose the file"));
  auto* row = new QHBoxLayout;
  row->addWidget(file_path_, 1);
  row->addWidget(pick);
  form->addRow(tr("File:"), row);
  file_from_ = new QComboBox(page);
  file_from_->addItem(tr("the lines already there, then new ones"), QStringLiteral("start"));
  file_from_->addItem(tr("only lines appended from now on"), QStringLiteral("end"));
  form->addRow(tr("Read:"), file_from_);
  connect(file_path_, &QLineEdit::textChanged, this, &SourceForm::formChanged);
  connect(file_from_, &QComboBox::currentIndexChanged, this, &SourceForm::formChanged);
  connect(pick, &QToolButton::clicked, this, [this] {
    const QString p = browse(tr("Follow a file"), tr("CSV and text files (*.csv *.tsv *.txt *.jsonl *.log);;All files (*)"));
    if (!p.isEmpty()) file_path_->setText(p);
  });
  return page;
}

QWidget* SourceForm::buildNetworkPage(Kind kind) {
  auto* page = new QWidget(stack_);
  auto* form = compactForm(page);
  Network& n = kind == Kind::TcpConnect ? tcp_ : kind == Kind::TcpListen ? listen_ : udp_;
  n.host = new QLineEdit(QStringLiteral("127.0.0.1"), page);
  n.port = new QSpinBox(page);
  n.port->setRange(1, 65535);
  n.port->setValue(kind == Kind::Udp ? 9001 : 9000);
  switch (kind) {
    case Kind::TcpConnect:
      n.host->setToolTip(tr("The host serving the feed (e.g. `aaren feed DATA.csv --to tcp://127.0.0.1:9000`)"));
      form->addRow(tr("Host:"), n.host);
      break;
    case Kind::TcpListen:
      n.host->setToolTip(tr("The address to listen on: 127.0.0.1 accepts only this machine; 0.0.0.0 every interface"));
      form->addRow(tr("Listen on:"), n.host);
      break;
    default:
      n.host->setToolTip(tr("The address to bind: 127.0.0.1 receives only from this machine"));
      form->addRow(tr("Bind to:"), n.host);
      break;
  }
  form->addRow(tr("Port:"), n.port);
  auto* note = new QLabel(page);
  note->setWordWrap(true);
  note->setForegroundRole(QPalette::PlaceholderText);
  note->setText(kind == Kind::TcpConnect ? tr("Reconnects with backoff when the connection drops.")
                : kind == Kind::TcpListen ? tr("One sender at a time; the next is accepted when it leaves.")
                                          : tr("Each datagram holds one or more lines."));
  form->addRow(QString(), note);
  connect(n.host, &QLineEdit::textChanged, this, &SourceForm::formChanged);
  connect(n.port, &QSpinBox::valueChanged, this, &SourceForm::formChanged);
  return page;
}

QWidget* SourceForm::buildSqlitePage() {
  auto* page = new QWidget(stack_);
  auto* form = compactForm(page);
  db_path_ = new QLineEdit(page);
  db_path_->setPlaceholderText(tr("database file (opened read-only)"));
  auto* pick = new QToolButton(page);
  pick->setText(QStringLiteral("…"));
  auto* row = new QHBoxLayout;
  row->addWidget(db_path_, 1);
  row->addWidget(pick);
  form->addRow(tr("Database:"), row);
  db_table_ = new QLineEdit(page);
  db_table_->setPlaceholderText(tr("table or view"));
  form->addRow(tr("Table:"), db_table_);
  db_time_ = new QLineEdit(page);
  db_time_->setPlaceholderText(tr("none"));
  form->addRow(tr("Time column:"), db_time_);
  db_columns_ = new QLineEdit(page);
  db_columns_->setPlaceholderText(tr("every numeric column"));
  form->addRow(tr("Columns:"), db_columns_);
  db_key_ = new QLineEdit(page);
  db_key_->setPlaceholderText(QStringLiteral("rowid"));
  db_key_->setToolTip(tr("New rows are those whose key is greater than the last one seen"));
  form->addRow(tr("Key:"), db_key_);
  db_from_ = new QComboBox(page);
  db_from_->addItem(tr("every row, then new ones"), QStringLiteral("start"));
  db_from_->addItem(tr("only rows added from now on"), QStringLiteral("end"));
  form->addRow(tr("Read:"), db_from_);
  db_interval_ = new QSpinBox(page);
  db_interval_->setRange(10, 600000);
  db_interval_->setValue(200);
  db_interval_->setSuffix(tr(" ms"));
  db_interval_->setGroupSeparatorShown(true);
  form->addRow(tr("Poll every:"), db_interval_);
  for (QLineEdit* e : {db_path_, db_table_, db_time_, db_columns_, db_key_}) connect(e, &QLineEdit::textChanged, this, &SourceForm::formChanged);
  connect(db_from_, &QComboBox::currentIndexChanged, this, &SourceForm::formChanged);
  connect(db_interval_, &QSpinBox::valueChanged, this, &SourceForm::formChanged);
  connect(pick, &QToolButton::clicked, this, [this] {
    const QString p = browse(tr("Poll a SQLite table"), tr("SQLite databases (*.sqlite *.sqlite3 *.db);;All files (*)"));
    if (!p.isEmpty()) db_path_->setText(p);
  });
  return page;
}

void SourceForm::syncRateFromSlider(int position) {
  if (updating_) return;
  updating_ = true;
  const int rate = std::clamp(static_cast<int>(std::lround(std::pow(10.0, position / static_cast<double>(kSliderSteps)))), 1, kMaxRate);
  rate_box_->setValue(rate);
  updating_ = false;
  formChanged();
}

void SourceForm::syncRateFromBox(int rate) {
  if (updating_) return;
  updating_ = true;
  rate_slider_->setValue(static_cast<int>(std::lround(std::log10(std::max(1, rate)) * kSliderSteps)));
  updating_ = false;
  formChanged();
}

SourceForm::Kind SourceForm::kind() const { return static_cast<Kind>(kind_->currentData().toInt()); }

void SourceForm::setKind(Kind kind) { kind_->setCurrentIndex(kind_->findData(static_cast<int>(kind))); }

void SourceForm::setRate(double rate) {
  if (rate <= 0) {
    fastest_->setChecked(true);
    return;
  }
  fastest_->setChecked(false);
  rate_box_->setValue(std::clamp(static_cast<int>(std::lround(rate)), 1, kMaxRate));
}

double SourceForm::rate() const { return fastest_->isChecked() ? 0.0 : rate_box_->value(); }

void SourceForm::setLoop(bool loop) { loop_->setChecked(loop); }

void SourceForm::setDataset(const QString& description) {
  dataset_->setText(description.isEmpty() ? tr("no dataset loaded: open one (Ctrl+O)") : description);
}

QString SourceForm::uri() const { return uri_->text().trimmed(); }

void SourceForm::setUri(const QString& uri) {
  showUri(uri);
  uri_->setText(uri);
  Q_EMIT changed();
}

bool SourceForm::showUri(const QString& text) {
  aaren::stream::SourceUri u;
  try {
    u = aaren::stream::parseSourceUri(text.trimmed().toStdString());
  } catch (const std::exception&) {
    return false;
  }
  auto query = [&](const char* key) -> QString {
    const auto it = u.query.find(key);
    return it == u.query.end() ? QString() : QString::fromStdString(it->second);
  };
  updating_ = true;
  Kind kind = Kind::Replay;
  Network* net = nullptr;
  if (u.scheme == "replay") {
    kind = Kind::Replay;
    bool ok = false;
    const double r = query("rate").toDouble(&ok);
    if (ok) {
      fastest_->setChecked(r <= 0);
      rate_slider_->setEnabled(r > 0);
      rate_box_->setEnabled(r > 0);
      if (r > 0) {
        rate_box_->setValue(std::clamp(static_cast<int>(std::lround(r)), 1, kMaxRate));
        rate_slider_->setValue(static_cast<int>(std::lround(std::log10(std::max(1.0, r)) * kSliderSteps)));
      }
    }
    const QString loop = query("loop");
    loop_->setChecked(loop == QLatin1String("1") || loop == QLatin1String("true") || loop == QLatin1String("yes"));
    start_row_->setValue(query("start").toInt());
  } else if (u.scheme == "file") {
    kind = Kind::File;
    file_path_->setText(QString::fromStdString(u.path));
    file_from_->setCurrentIndex(query("from") == QLatin1String("end") ? 1 : 0);
  } else if (u.scheme == "tcp") {
    kind = Kind::TcpConnect;
    net = &tcp_;
  } else if (u.scheme == "tcp+listen") {
    kind = Kind::TcpListen;
    net = &listen_;
  } else if (u.scheme == "udp") {
    kind = Kind::Udp;
    net = &udp_;
  } else if (u.scheme == "sqlite") {
    kind = Kind::Sqlite;
    db_path_->setText(QString::fromStdString(u.path));
    db_table_->setText(query("table"));
    db_time_->setText(query("time"));
    db_columns_->setText(query("columns"));
    db_key_->setText(query("key"));
    db_from_->setCurrentIndex(query("from") == QLatin1String("end") ? 1 : 0);
    if (const int ms = query("interval").toInt(); ms > 0) db_interval_->setValue(ms);
  }
  if (net) {
    net->host->setText(QString::fromStdString(u.host.empty() ? std::string("127.0.0.1") : u.host));
    if (u.port > 0) net->port->setValue(u.port);
  }
  if (kind == Kind::File || net) {
    const int f = format_->findData(query("format"));
    format_->setCurrentIndex(f >= 0 ? f : 0);
    epoch_->setChecked(query("epoch") == QLatin1String("1"));
  }
  kind_->setCurrentIndex(kind_->findData(static_cast<int>(kind)));
  line_options_->setVisible(kind == Kind::File || net);
  updating_ = false;
  return true;
}

QString SourceForm::formUri() const {
  QStringList query;
  auto lineQuery = [&] {
    const QString f = format_->currentData().toString();
    if (f != QLatin1String("auto")) query << QStringLiteral("format=") + f;
    if (epoch_->isChecked()) query << QStringLiteral("epoch=1");
  };
  QString base;
  switch (kind()) {
    case Kind::Replay:
      base = QStringLiteral("replay:");
      query << QStringLiteral("rate=%1").arg(fastest_->isChecked() ? 0 : rate_box_->value());
      if (loop_->isChecked()) query << QStringLiteral("loop=1");
      if (start_row_->value() > 0) query << QStringLiteral("start=%1").arg(start_row_->value());
      break;
    case Kind::File:
      base = QStringLiteral("file:") + pathPart(file_path_->text().trimmed());
      if (file_from_->currentData().toString() == QLatin1String("end")) query << QStringLiteral("from=end");
      lineQuery();
      break;
    case Kind::TcpConnect:
      base = QStringLiteral("tcp://%1:%2").arg(tcp_.host->text().trimmed()).arg(tcp_.port->value());
      lineQuery();
      break;
    case Kind::TcpListen:
      base = QStringLiteral("tcp+listen://%1:%2").arg(listen_.host->text().trimmed()).arg(listen_.port->value());
      lineQuery();
      break;
    case Kind::Udp:
      base = QStringLiteral("udp://%1:%2").arg(udp_.host->text().trimmed()).arg(udp_.port->value());
      lineQuery();
      break;
    case Kind::Sqlite: {
      base = QStringLiteral("sqlite:") + pathPart(db_path_->text().trimmed());
      query << QStringLiteral("table=") + db_table_->text().trimmed();
      if (!db_time_->text().trimmed().isEmpty()) query << QStringLiteral("time=") + db_time_->text().trimmed();
      QString cols = db_columns_->text();
      cols.remove(QLatin1Char(' '));
      if (!cols.isEmpty()) query << QStringLiteral("columns=") + cols;
      if (!db_key_->text().trimmed().isEmpty()) query << QStringLiteral("key=") + db_key_->text().trimmed();
      if (db_from_->currentData().toString() == QLatin1String("end")) query << QStringLiteral("from=end");
      if (db_interval_->value() != 200) query << QStringLiteral("interval=%1").arg(db_interval_->value());
      break;
    }
  }
  return query.isEmpty() ? base : base + QLatin1Char('?') + query.join(QLatin1Char('&'));
}

void SourceForm::formChanged() {
  if (updating_ || !uri_) return;
  const Kind k = kind();
  if (line_options_) line_options_->setVisible(k == Kind::File || k == Kind::TcpConnect || k == Kind::TcpListen || k == Kind::Udp);
  uri_->setText(formUri());
  Q_EMIT changed();
}

}  // namespace aaren::ui
