#include "ui/data/DatasetPanel.h"

#include "ui/Plural.h"
#include "ui/report/SafeText.h"

#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace aaren::ui {

namespace dd = aaren::data;

namespace {

QString kindText(dd::ColumnKind k) {
  switch (k) {
    case dd::ColumnKind::Time: return QObject::tr("time");
    case dd::ColumnKind::TimePart: return QObject::tr("time part");
    case dd::ColumnKind::Numeric: return QObject::tr("value");
    case dd::ColumnKind::Categorical: return QObject::tr("text (left out)");
    case dd::ColumnKind::Index: return QObject::tr("row index (left out)");
  }
  return {};
}

}  // namespace

DatasetPanel::DatasetPanel(QWidget* parent)
    : QWidget(parent), summary_(new QLabel(this)), columns_(new QTreeWidget(this)), warnings_title_(new QLabel(this)),
      warnings_(new QTreeWidget(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  summary_->setText(tr("No data yet. Open a CSV, SQLite or .ts file (Ctrl+O) or drop one on the window."));
  layout->addWidget(summary_);
  auto* split = new QSplitter(Qt::Vertical, this);
  columns_->setHeaderLabels({tr("Column"), tr("Read as"), tr("Missing")});
  columns_->setRootIsDecorated(false);
  columns_->setUniformRowHeights(true);
  columns_->header()->setStretchLastSection(false);
  columns_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  columns_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  columns_->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
  split->addWidget(columns_);
  auto* wbox = new QWidget(split);
  auto* wl = new QVBoxLayout(wbox);
  wl->setContentsMargins(0, 4, 0, 0);
  wl->addWidget(warnings_title_);
  warnings_->setHeaderLabels({tr("Warning"), tr("Line"), tr("Message")});
  warnings_->setRootIsDecorated(false);
  warnings_->setWordWrap(true);
  warnings_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  warnings_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  wl->addWidget(warnings_);
  split->addWidget(wbox);
  layout->addWidget(split, 1);
  warnings_title_->setText(tr("Warnings"));
}

void DatasetPanel::setDataset(const DatasetPtr& d) {
  columns_->clear();
  warnings_->clear();
  if (!d) {
    summary_->setText(tr("No data"));
    warnings_title_->setText(tr("Warnings"));
    return;
  }
  const QLocale l(QLocale::English);
  QString text = QStringLiteral("<b>%1</b><br>%2<br><span style='color:gray'>%3 · %4 · read in %5 s</span>")
                     .arg(d->fileName().toHtmlEscaped(), d->summary().toHtmlEscaped(),
                          QDir::toNativeSeparators(d->request.path).toHtmlEscaped(),
                          l.formattedDataSize(static_cast<qint64>(d->bytes), 1, QLocale::DataSizeTraditionalFormat),
                          QString::number(d->loadSeconds, 'f', 2));
  if (d->request.kind == ImportKind::Ts && !d->request.testPath.isEmpty())
    text += QStringLiteral("<br><span style='color:gray'>") + tr("test set: %1").arg(QFileInfo(d->request.testPath).fileName().toHtmlEscaped()) +
            QStringLiteral("</span>");
  summary_->setText(text);
  summary_->setToolTip(plainToolTip(d->request.path));
  if (d->kind == Dataset::Kind::Forecast) {
    columns_->setVisible(true);
    for (const auto& c : d->series.columns) {
      bool kept = c.kind != dd::ColumnKind::Numeric || d->series.find(c.name).has_value();
      QString kind = kindText(c.kind);
      if (!kept) kind = QObject::tr("value (left out)");
      auto* item = new QTreeWidgetItem({QString::fromStdString(c.name), kind, l.toString(static_cast<qulonglong>(c.missing))});
      item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
      if (!kept || c.kind == dd::ColumnKind::Categorical || c.kind == dd::ColumnKind::Index) item->setForeground(0, palette().color(QPalette::PlaceholderText));
      columns_->addTopLevelItem(item);
    }
  } else {
    columns_->setVisible(true);
    for (std::size_t c = 0; c < d->train.channels; ++c) {
      const QString name = c < d->train.channelNames.size() ? QString::fromStdString(d->train.channelNames[c]) : tr("dim_%1").arg(c);
      columns_->addTopLevelItem(new QTreeWidgetItem({name, tr("channel"), QString()}));
    }
    const auto counts = d->train.classCounts();
    for (std::size_t k = 0; k < d->train.classNames.size(); ++k)
      columns_->addTopLevelItem(new QTreeWidgetItem({QString::fromStdString(d->train.classNames[k]), tr("class"),
                                                     plural(static_cast<long long>(k < counts.size() ? counts[k] : 0), tr("case"), tr("cases"))}));
  }
  for (const auto& w : d->warnings) {
    auto* item = new QTreeWidgetItem({QString::fromUtf8(dd::toString(w.kind).data(), static_cast<qsizetype>(dd::toString(w.kind).size())),
                                      w.line > 0 ? QString::number(w.line) : QString(), QString::fromStdString(w.message)});
    item->setToolTip(2, plainToolTip(QString::fromStdString(w.message)));
    warnings_->addTopLevelItem(item);
  }
  warnings_title_->setText(d->warnings.empty() ? tr("Warnings: none") : tr("Warnings (%1)").arg(d->warnings.size()));
}

}  // namespace aaren::ui
