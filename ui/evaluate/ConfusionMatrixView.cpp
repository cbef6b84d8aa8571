#include "ui/evaluate/ConfusionMatrixView.h"

#include "ui/Theme.h"

#include <QPainter>

#include <algorithm>

namespace aaren::ui {

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  connect(&Theme::instance(), &Theme::changed, this, qOverload<>(&QWidget::update));
}

void ConfusionMatrixView::setMatrix(const std::vector<std::string>& classes, const std::vector<std::vector<std::int64_t>>& confusion) {
  classes_.clear();
  for (const auto& c : classes) classes_.push_back(QString::fromStdString(c));
  m_ = confusion;
  updateGeometry();
  update();
}

std::int64_t ConfusionMatrixView::count(int a, int p) const {
  if (a < 0 || p < 0 || static_cast<std::size_t>(a) >= m_.size() || static_cast<std::size_t>(p) >= m_[static_cast<std::size_t>(a)].size()) return 0;
  return m_[static_cast<std::size_t>(a)][static_cast<std::size_t>(p)];
}

QSize ConfusionMatrixView::sizeHint() const {
  const int n = static_cast<int>(classes_.size());
  return {160 + 56 * n, 80 + 40 * n};
}

void ConfusionMatrixView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing, false);
  const PlotColors& colors = Theme::instance().plotColors();
  p.fillRect(rect(), colors.background);
  const int n = static_cast<int>(classes_.size());
  if (n == 0 || m_.size() != static_cast<std::size_t>(n)) {
    p.setPen(colors.foreground);
    p.drawText(rect(), Qt::AlignCenter, tr("No confusion matrix yet"));
    return;
  }
  const QFontMetrics fm = fontMetrics();
  int labelWidth = fm.horizontalAdvance(tr("actual")) + 8;
  for (const QString& c : classes_) labelWidth = std::max(labelWidth, fm.horizontalAdvance(c) + 12);
  labelWidth = std::min(labelWidth, width() / 3);
  const int top = fm.height() * 2 + 10;
  const int left = labelWidth + fm.height() + 6;
  const int cell = std::max(18, std::min((width() - left - 8) / n, (height() - top - 8) / n));
  // Titles.
  p.setPen(colors.foreground);
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  p.drawText(QRect(left, 2, cell * n, fm.height()), Qt::AlignHCenter, tr("predicted"));
  p.save();
  p.translate(fm.height() - 2, top + cell * n / 2);
  p.rotate(-90);
  p.drawText(QRect(-cell * n / 2, -fm.height(), cell * n, fm.height()), Qt::AlignHCenter, tr("actual"));
  p.restore();
  p.setFont(font());
  for (int i = 0; i < n; ++i) {
    const QString name = fm.elidedText(classes_[static_cast<std::size_t>(i)], Qt::ElideRight, cell - 4);
    p.drawText(QRect(left + i * cell, fm.height() + 6, cell, fm.height()), Qt::AlignHCenter, name);
    p.drawText(QRect(fm.height() + 4, top + i * cell, labelWidth - 4, cell), Qt::AlignRight | Qt::AlignVCenter,
               fm.elidedText(classes_[static_cast<std::size_t>(i)], Qt::ElideRight, labelWidth - 8));
  }
  const QColor hot = colors.dark ? QColor(0x3d, 0x9b, 0xe0) : QColor(0x00, 0x5a, 0x9c);
  for (int a = 0; a < n; ++a) {
    std::int64_t rowTotal = 0;
    for (auto v : m_[static_cast<std::size_t>(a)]) rowTotal += v;
    for (int pr = 0; pr < n; ++pr) {
      const std::int64_t v = count(a, pr);
      const double share = rowTotal > 0 ? static_cast<double>(v) / static_cast<double>(rowTotal) : 0.0;
      QColor fill = hot;
      fill.setAlphaF(0.08 + 0.87 * share);
      const QRect r(left + pr * cell, top + a * cell, cell - 1, cell - 1);
      p.fillRect(r, colors.background);
      p.fillRect(r, fill);
      if (a == pr) {
        p.setPen(QPen(colors.foreground, 1));
        p.drawRect(r.adjusted(0, 0, -1, -1));
      }
      // Text readable on the fill: light on dark cells.
      const bool darkCell = colors.dark ? true : share > 0.5;
      p.setPen(darkCell ? QColor(Qt::white) : colors.foreground);
      p.drawText(r, Qt::AlignCenter, QString::number(v));
    }
  }
}

}  // namespace aaren::ui
