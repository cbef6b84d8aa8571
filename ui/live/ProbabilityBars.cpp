#include "ui/live/ProbabilityBars.h"

#include "ui/Theme.h"
#include "ui/live/LiveStyle.h"

#include <QPainter>
#include <QPaintEvent>

#include <algorithm>

namespace aaren::ui {

namespace st = aaren::stream;

ProbabilityBars::ProbabilityBars(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
  connect(&Theme::instance(), &Theme::changed, this, qOverload<>(&QWidget::update));
}

void ProbabilityBars::clear() {
  rows_.clear();
  updateGeometry();
  update();
}

QString ProbabilityBars::predictedClass(int i) const {
  const Row& r = rows_[static_cast<std::size_t>(i)];
  return r.predicted >= 0 && static_cast<std::size_t>(r.predicted) < r.classes.size() ? r.classes[static_cast<std::size_t>(r.predicted)] : QString();
}

void ProbabilityBars::setModels(const std::vector<st::ModelView>& models) {
  std::vector<Row> rows;
  for (std::size_t m = 0; m < models.size(); ++m) {
    const st::ModelView& v = models[m];
    if (v.task != aaren::Task::Classify || v.cost_only) continue;
    Row r;
    r.label = QString::fromStdString(v.label);
    r.colorIndex = static_cast<int>(m);
    for (const auto& c : v.classes) r.classes.push_back(QString::fromStdString(c));
    r.probabilities = v.probabilities;
    r.predicted = v.predicted;
    r.cases = v.cases;
    r.correct = v.correct;
    rows.push_back(std::move(r));
  }
  const bool reshaped = rows.size() != rows_.size() ||
                        std::mismatch(rows.begin(), rows.end(), rows_.begin(), rows_.end(), [](const Row& a, const Row& b) {
                          return a.classes.size() == b.classes.size();
                        }).first != rows.end();
  rows_ = std::move(rows);
  if (reshaped) updateGeometry();
  update();
}

int ProbabilityBars::rowHeight() const { return fontMetrics().height() + 6; }

QSize ProbabilityBars::sizeHint() const {
  int h = 8;
  for (const Row& r : rows_) h += rowHeight() * (2 + static_cast<int>(r.classes.size())) + 8;
  return {320, std::max(h, 80)};
}

QSize ProbabilityBars::minimumSizeHint() const { return {220, 60}; }

void ProbabilityBars::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const PlotColors& colors = Theme::instance().plotColors();
  p.fillRect(rect(), colors.background);
  const int lh = rowHeight();
  const QFontMetrics fm = fontMetrics();
  int y = 6;
  if (rows_.empty()) {
    p.setPen(colors.foreground);
    p.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
               tr("Class probabilities appear here when a classifier runs on the stream."));
    return;
  }
  QFont bold = font();
  bold.setBold(true);
  for (const Row& r : rows_) {
    const QColor color = modelColor(r.colorIndex);
    // "Aaren — predicted: Standing"
    p.setFont(bold);
    p.setPen(colors.foreground);
    const QString predicted = r.predicted >= 0 && static_cast<std::size_t>(r.predicted) < r.classes.size()
                                  ? r.classes[static_cast<std::size_t>(r.predicted)]
                                  : tr("—");
    p.drawText(QRect(8, y, width() - 16, lh), Qt::AlignLeft | Qt::AlignVCenter, tr("%1 — predicted: %2").arg(r.label, predicted));
    y += lh;
    p.setFont(font());
    const QString accuracy = r.cases == 0 ? tr("no labelled sequence finished yet")
                                          : tr("accuracy %1 of %2 finished sequences (%3%)")
                                                .arg(countText(r.correct), countText(r.cases))
                                                .arg(100.0 * static_cast<double>(r.correct) / static_cast<double>(r.cases), 0, 'f', 1);
    p.drawText(QRect(8, y, width() - 16, lh), Qt::AlignLeft | Qt::AlignVCenter, accuracy);
    y += lh;
    int labelWidth = 0;
    for (const QString& c : r.classes) labelWidth = std::max(labelWidth, fm.horizontalAdvance(c));
    labelWidth = std::min(labelWidth, width() / 3);
    const int pctWidth = fm.horizontalAdvance(QStringLiteral("100.0%")) + 6;
    const int barLeft = 12 + labelWidth + 8, barRight = width() - 8 - pctWidth;
    for (std::size_t c = 0; c < r.classes.size(); ++c) {
      const double prob = c < r.probabilities.size() ? std::clamp(static_cast<double>(r.probabilities[c]), 0.0, 1.0) : 0.0;
      const bool isPredicted = static_cast<int>(c) == r.predicted;
      p.setPen(colors.foreground);
      p.drawText(QRect(12, y, labelWidth, lh), Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(r.classes[c], Qt::ElideRight, labelWidth));
      const QRectF track(barLeft, y + 3, std::max(0, barRight - barLeft), lh - 6);
      p.setPen(Qt::NoPen);
      p.setBrush(colors.grid);
      p.drawRoundedRect(track, 2, 2);
      QColor fill = color;
      if (!isPredicted) fill.setAlpha(110);
      p.setBrush(fill);
      p.drawRoundedRect(QRectF(track.left(), track.top(), track.width() * prob, track.height()), 2, 2);
      p.setPen(colors.foreground);
      p.drawText(QRect(barRight + 6, y, pctWidth, lh), Qt::AlignLeft | Qt::AlignVCenter, QString::number(prob * 100, 'f', 1) + QLatin1Char('%'));
      y += lh;
    }
    y += 8;
  }
}

}  // namespace aaren::ui
