#include "ui/live/MemoryTable.h"

#include "ui/Theme.h"
#include "ui/live/LiveStyle.h"
#include "ui/report/SafeText.h"

#include <QHeaderView>
#include <QLocale>
#include <QPainter>
#include <QPixmap>

namespace aaren::ui {

namespace st = aaren::stream;

namespace {

QIcon swatch(const QColor& color) {
  QPixmap p(12, 12);
  p.fill(Qt::transparent);
  QPainter painter(&p);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setBrush(color);
  painter.setPen(Qt::NoPen);
  painter.drawRoundedRect(QRectF(1, 1, 10, 10), 2, 2);
  return QIcon(p);
}

}  // namespace

MemoryTable::MemoryTable(QWidget* parent) : QTableWidget(0, ColumnCount, parent) {
  setHorizontalHeaderLabels({tr("Model"), tr("Status"), tr("Samples"), tr("State"), tr("Median"), tr("p99"), tr("Compute"),
                             tr("Backlog"), tr("Message")});
  horizontalHeaderItem(StateBytes)->setToolTip(tr("Exact bytes of state the model holds now"));
  horizontalHeaderItem(MedianUs)->setToolTip(tr("Median step time over the latency window"));
  horizontalHeaderItem(P99Us)->setToolTip(tr("99th percentile step time over the latency window"));
  horizontalHeaderItem(Cumulative)->setToolTip(tr("Total step time so far"));
  horizontalHeaderItem(Backlog)->setToolTip(tr("Samples queued for the model, not yet consumed"));
  verticalHeader()->setVisible(false);
  verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setSelectionBehavior(QAbstractItemView::SelectRows);
  setSelectionMode(QAbstractItemView::SingleSelection);
  setAlternatingRowColors(true);
  setShowGrid(false);
  setWordWrap(false);
  horizontalHeader()->setStretchLastSection(true);
  horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
  setColumnWidth(Model, digit * 30);
  setColumnWidth(Status, digit * 10);
  setColumnWidth(Samples, digit * 11);
  setColumnWidth(StateBytes, digit * 11);
  setColumnWidth(MedianUs, digit * 10);
  setColumnWidth(P99Us, digit * 10);
  setColumnWidth(Cumulative, digit * 10);
  setColumnWidth(Backlog, digit * 9);
}

QSize MemoryTable::sizeHint() const {
  const int rows = std::max(3, rowCount());
  return {QTableWidget::sizeHint().width(), horizontalHeader()->height() + rows * verticalHeader()->defaultSectionSize() + 2 * frameWidth() + 2};
}

void MemoryTable::clear() { setRowCount(0); }

QTableWidgetItem* MemoryTable::cell(int row, int column) {
  QTableWidgetItem* i = item(row, column);
  if (!i) {
    i = new QTableWidgetItem;
    if (column != Model && column != Status && column != Message) i->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    setItem(row, column, i);
  }
  return i;
}

void MemoryTable::setModels(const std::vector<st::ModelView>& models) {
  const int rows = static_cast<int>(models.size());
  const bool fresh = rowCount() != rows;
  if (fresh) {
    setRowCount(rows);
    updateGeometry();
  }
  const QLocale english(QLocale::English);
  for (int r = 0; r < rows; ++r) {
    const st::ModelView& m = models[static_cast<std::size_t>(r)];
    QTableWidgetItem* name = cell(r, Model);
    const QString label = displayName(m.label, m.kind);
    name->setText(label);
    if (fresh || name->icon().isNull()) name->setIcon(swatch(modelColor(r)));
    name->setToolTip(m.cost_only ? tr("Untrained: its forecasts mean nothing and are not shown; it runs for its memory and time") : plainToolTip(label));

    QTableWidgetItem* status = cell(r, Status);
    status->setText(QString::fromStdString(st::toString(m.status)));
    const bool bad = m.status == st::ModelStatus::Failed || m.status == st::ModelStatus::Stopped;
    status->setForeground(bad ? QBrush(QColor(0xd5, 0x3e, 0x4f)) : QBrush());

    cell(r, Samples)->setText(countText(m.samples));
    QTableWidgetItem* bytes = cell(r, StateBytes);
    bytes->setText(bytesText(static_cast<double>(m.latest.state_bytes)));
    bytes->setData(Qt::UserRole, static_cast<qlonglong>(m.latest.state_bytes));
    bytes->setToolTip(tr("%1 bytes of state (its tensors reserve %2 bytes)")
                          .arg(english.toString(static_cast<qlonglong>(m.latest.state_bytes)),
                               english.toString(static_cast<qlonglong>(m.latest.allocated_bytes))));
    cell(r, MedianUs)->setText(m.samples ? microsText(m.latest.step_median_us) : QStringLiteral("—"));
    cell(r, P99Us)->setText(m.samples ? microsText(m.latest.step_p99_us) : QStringLiteral("—"));
    cell(r, Cumulative)->setText(secondsText(m.latest.cumulative_seconds));
    cell(r, Backlog)->setText(countText(m.backlog));
    QString message = QString::fromStdString(m.message);
    if (message.isEmpty() && m.rejected > 0) message = tr("%1 samples did not fit the model").arg(countText(m.rejected));
    if (message.isEmpty() && m.cost_only) message = tr("untrained twin: cost only");
    QTableWidgetItem* msg = cell(r, Message);
    msg->setText(message);
    msg->setToolTip(plainToolTip(message));
    msg->setForeground(bad ? QBrush(QColor(0xd5, 0x3e, 0x4f)) : QBrush());
  }
}

qint64 MemoryTable::stateBytes(int row) const {
  const QTableWidgetItem* i = item(row, StateBytes);
  return i ? i->data(Qt::UserRole).toLongLong() : -1;
}

}  // namespace aaren::ui
