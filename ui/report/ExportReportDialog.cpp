#include "ui/report/ExportReportDialog.h"

#include "core/report/ForecastCsv.h"
#include "core/report/ReportJson.h"
#include "ui/report/ReportPages.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace aaren::ui {

namespace {

constexpr int kPreviewWidth = 620;

QString filterFor(ReportFormat f) {
  switch (f) {
    case ReportFormat::Pdf: return ExportReportDialog::tr("PDF document (*.pdf)");
    case ReportFormat::Html: return ExportReportDialog::tr("HTML page (*.html *.htm)");
    case ReportFormat::Csv: return ExportReportDialog::tr("CSV forecasts (*.csv)");
    case ReportFormat::Json: return ExportReportDialog::tr("JSON data (*.json)");
  }
  return {};
}

QString suggestedName(const aaren::report::Report& r) {
  std::string base = r.dataset.source.empty() ? std::string("report") : std::filesystem::path(r.dataset.source).stem().string() + "-report";
  return QString::fromStdString(base);
}

}  // namespace

ExportReportDialog::ExportReportDialog(aaren::report::Report report, QWidget* parent)
    : QDialog(parent), report_(std::move(report)), pages_(std::make_unique<ReportPages>(report_)) {
  setWindowTitle(tr("Export report"));

  auto* formatBox = new QGroupBox(tr("Format"));
  auto* formatLayout = new QVBoxLayout(formatBox);
  formats_ = new QButtonGroup(this);
  const struct {
    ReportFormat format;
    QString label, tip;
  } choices[] = {
      {ReportFormat::Pdf, tr("PDF document"), tr("A4 pages with vector plots, to print or send")},
      {ReportFormat::Html, tr("HTML page"), tr("One self-contained file: plots embedded as SVG, no external links")},
      {ReportFormat::Csv, tr("CSV forecasts"), tr("The forecast table: timestamps and a column per channel")},
      {ReportFormat::Json, tr("JSON data"), tr("Every section and number of the report, for a program to read")},
  };
  for (const auto& c : choices) {
    auto* button = new QRadioButton(c.label);
    button->setToolTip(c.tip);
    formats_->addButton(button, static_cast<int>(c.format));
    formatLayout->addWidget(button);
    if (c.format == ReportFormat::Csv && report_.forecast.channels.empty()) {
      button->setEnabled(false);
      button->setToolTip(tr("This report has no forecast table"));
    }
  }
  formats_->button(static_cast<int>(ReportFormat::Pdf))->setChecked(true);
  plots_ = new QCheckBox(tr("Also save the plots\n(PNG and SVG)"));
  plots_->setToolTip(tr("Writes every plot as PNG and SVG into a folder named after the report"));
  formatLayout->addSpacing(8);
  formatLayout->addWidget(plots_);
  formatLayout->addStretch(1);

  pageLabel_ = new QLabel;
  previous_ = new QPushButton(tr("◀ Previous"));
  next_ = new QPushButton(tr("Next ▶"));
  auto* nav = new QHBoxLayout;
  nav->addWidget(previous_);
  nav->addStretch(1);
  nav->addWidget(pageLabel_);
  nav->addStretch(1);
  nav->addWidget(next_);

  image_ = new QLabel;
  image_->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
  image_->setStyleSheet(QStringLiteral("QLabel { background: #8a8f96; padding: 12px; }"));
  scroll_ = new QScrollArea;
  scroll_->setWidget(image_);
  scroll_->setWidgetResizable(true);
  scroll_->setMinimumSize(kPreviewWidth + 48, 560);
  text_ = new QPlainTextEdit;
  text_->setReadOnly(true);
  text_->setLineWrapMode(QPlainTextEdit::NoWrap);
  text_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  stack_ = new QStackedWidget;
  stack_->addWidget(scroll_);
  stack_->addWidget(text_);

  auto* preview = new QVBoxLayout;
  preview->addLayout(nav);
  preview->addWidget(stack_, 1);

  status_ = new QLabel;
  status_->setWordWrap(true);
  status_->setTextFormat(Qt::PlainText);  // paths and errors as written, never HTML
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* buttons = new QDialogButtonBox;
  auto* exportButton = buttons->addButton(tr("Export…"), QDialogButtonBox::AcceptRole);
  buttons->addButton(QDialogButtonBox::Close);

  auto* top = new QHBoxLayout;
  top->addWidget(formatBox);
  top->addLayout(preview, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top, 1);
  layout->addWidget(status_);
  layout->addWidget(buttons);

  connect(formats_, &QButtonGroup::idClicked, this, [this](int id) { setFormat(static_cast<ReportFormat>(id)); });
  connect(previous_, &QPushButton::clicked, this, [this] { showPage(page_ - 1); });
  connect(next_, &QPushButton::clicked, this, [this] { showPage(page_ + 1); });
  connect(exportButton, &QPushButton::clicked, this, &ExportReportDialog::chooseFileAndExport);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  refresh();
}

ExportReportDialog::~ExportReportDialog() = default;

int ExportReportDialog::pageCount() const { return pages_->pageCount(); }

void ExportReportDialog::setFormat(ReportFormat format) {
  format_ = format;
  if (auto* b = formats_->button(static_cast<int>(format))) b->setChecked(true);
  refresh();
}

void ExportReportDialog::showPage(int index) {
  page_ = std::clamp(index, 0, pageCount() - 1);
  refresh();
}

void ExportReportDialog::setExportPlots(bool on) { plots_->setChecked(on); }
bool ExportReportDialog::exportPlots() const { return plots_->isChecked(); }
QString ExportReportDialog::statusText() const { return status_->text(); }
QString ExportReportDialog::previewText() const { return stack_->currentWidget() == text_ ? text_->toPlainText() : QString(); }

QImage ExportReportDialog::previewImage() const {
  if (stack_->currentWidget() != scroll_) return {};
  const auto it = cache_.find(page_);
  return it == cache_.end() ? QImage() : it->second;
}

QImage ExportReportDialog::pageImage(int index) {
  auto it = cache_.find(index);
  if (it == cache_.end()) {
    const qreal ratio = devicePixelRatioF();
    QImage image = pages_->pageImage(index, static_cast<int>(kPreviewWidth * ratio));
    image.setDevicePixelRatio(ratio);
    it = cache_.emplace(index, image).first;
  }
  return it->second;
}

void ExportReportDialog::refresh() {
  const bool paged = format_ == ReportFormat::Pdf || format_ == ReportFormat::Html;
  previous_->setVisible(paged);
  next_->setVisible(paged);
  pageLabel_->setVisible(paged);
  if (paged) {
    stack_->setCurrentWidget(scroll_);
    image_->setPixmap(QPixmap::fromImage(pageImage(page_)));
    pageLabel_->setText(tr("Page %1 of %2").arg(page_ + 1).arg(pageCount()));
    previous_->setEnabled(page_ > 0);
    next_->setEnabled(page_ + 1 < pageCount());
    scroll_->verticalScrollBar()->setValue(0);
  } else {
    stack_->setCurrentWidget(text_);
    const std::string text = format_ == ReportFormat::Csv ? aaren::report::forecastCsvText(report_.forecast) : aaren::report::reportJsonText(report_);
    text_->setPlainText(QString::fromStdString(text));
  }
}

bool ExportReportDialog::exportTo(const QString& path, QString* error) {
  try {
    writeReport(report_, path, format_);
    QString message = tr("Saved %1").arg(QDir::toNativeSeparators(path));
    if (plots_->isChecked()) {
      const QFileInfo info(path);
      const QString dir = info.dir().filePath(info.completeBaseName() + QStringLiteral("-plots"));
      const QStringList files = writeReportPlots(report_, dir);
      message += tr(" and %1 plot files in %2").arg(files.size()).arg(QDir::toNativeSeparators(dir));
    }
    status_->setStyleSheet(QString());
    status_->setText(message);
    return true;
  } catch (const std::exception& e) {
    const QString message = QString::fromStdString(e.what());
    status_->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
    status_->setText(message);
    if (error) *error = message;
    return false;
  }
}

void ExportReportDialog::chooseFileAndExport() {
  const QString ext = formatName(format_);
  const QString start = (lastDir_.isEmpty() ? QDir::homePath() : lastDir_) + QLatin1Char('/') + suggestedName(report_) + QLatin1Char('.') + ext;
  QString path = QFileDialog::getSaveFileName(this, tr("Export report"), start, filterFor(format_));
  if (path.isEmpty()) return;
  if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + ext;
  lastDir_ = QFileInfo(path).absolutePath();
  exportTo(path);
}

}  // namespace aaren::ui
