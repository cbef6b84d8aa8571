#include "ui/evaluate/ProbabilityStrip.h"

#include "ui/Theme.h"

#include <QPaintEvent>
#include <QPainter>

#include <algorithm>
#include <numeric>

namespace aaren::ui {

namespace {
constexpr int kHeader = 24;
}

ProbabilityStrip::ProbabilityStrip(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  connect(&Theme::instance(), &Theme::changed, this, qOverload<>(&QWidget::update));
}

void ProbabilityStrip::setCases(const std::vector<std::string>& classes, const std::vector<std::vector<float>>& probabilities,
                                const std::vector<int>& predicted, const std::vector<int>& actual) {
  classes_.clear();
  for (const auto& c : classes) classes_.push_back(QString::fromStdString(c));
  probs_ = probabilities;
  predicted_ = predicted;
  actual_ = actual;
  order_.resize(probs_.size());
  std::iota(order_.begin(), order_.end(), 0);
  auto actualOf = [&](int i) { return static_cast<std::size_t>(i) < actual_.size() ? actual_[static_cast<std::size_t>(i)] : -1; };
  auto confidence = [&](int i) {
    const int a = actualOf(i);
    const auto& p = probs_[static_cast<std::size_t>(i)];
    return a >= 0 && static_cast<std::size_t>(a) < p.size() ? p[static_cast<std::size_t>(a)] : 0.0f;
  };
  std::stable_sort(order_.begin(), order_.end(), [&](int x, int y) {
    const int ax = actualOf(x) < 0 ? 1 << 30 : actualOf(x), ay = actualOf(y) < 0 ? 1 << 30 : actualOf(y);
    if (ax != ay) return ax < ay;
    return confidence(x) > confidence(y);
  });
  setFixedHeight(sizeHint().height());
  update();
}

QSize ProbabilityStrip::sizeHint() const { return {420, kHeader + kRowHeight * std::max<int>(1, static_cast<int>(order_.size())) + 4}; }

void ProbabilityStrip::paintEvent(QPaintEvent* event) {
  QPainter p(this);
  const PlotColors& colors = Theme::instance().plotColors();
  p.fillRect(event->rect(), colors.background);
  const QFontMetrics fm = fontMetrics();
  int nameWidth = fm.horizontalAdvance(QStringLiteral("#0000"));
  int classWidth = fm.horizontalAdvance(tr("actual"));
  for (const QString& c : classes_) classWidth = std::max(classWidth, fm.horizontalAdvance(c));
  classWidth = std::min(classWidth + 10, width() / 5);
  const int barLeft = nameWidth + 2 * classWidth + 24;
  const int barWidth = std::max(60, width() - barLeft - 8);
  // Header: the colour key.
  p.setPen(colors.foreground);
  p.drawText(QRect(4, 2, nameWidth, kHeader - 4), Qt::AlignLeft | Qt::AlignVCenter, tr("case"));
  p.drawText(QRect(nameWidth + 8, 2, classWidth, kHeader - 4), Qt::AlignLeft | Qt::AlignVCenter, tr("actual"));
  p.drawText(QRect(nameWidth + classWidth + 12, 2, classWidth, kHeader - 4), Qt::AlignLeft | Qt::AlignVCenter, tr("predicted"));
  int x = barLeft;
  for (std::size_t k = 0; k < classes_.size(); ++k) {
    p.fillRect(QRect(x, 8, 10, 10), seriesColor(static_cast<int>(k)));
    p.setPen(colors.foreground);
    const int w = fm.horizontalAdvance(classes_[k]);
    p.drawText(QRect(x + 14, 2, w + 2, kHeader - 4), Qt::AlignLeft | Qt::AlignVCenter, classes_[k]);
    x += w + 30;
  }
  const int first = std::max(0, (event->rect().top() - kHeader) / kRowHeight);
  const int last = std::min(rows() - 1, (event->rect().bottom() - kHeader) / kRowHeight);
  for (int row = first; row <= last; ++row) {
    const int i = order_[static_cast<std::size_t>(row)];
    const int y = kHeader + row * kRowHeight;
    const int a = static_cast<std::size_t>(i) < actual_.size() ? actual_[static_cast<std::size_t>(i)] : -1;
    const int pr = static_cast<std::size_t>(i) < predicted_.size() ? predicted_[static_cast<std::size_t>(i)] : -1;
    const bool wrong = a >= 0 && pr != a;
    if (wrong) {
      QColor bad(0xd5, 0x5e, 0x00, colors.dark ? 70 : 40);
      p.fillRect(QRect(0, y, width(), kRowHeight), bad);
    }
    p.setPen(colors.foreground);
    p.drawText(QRect(4, y, nameWidth, kRowHeight), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("#%1").arg(i + 1));
    auto name = [&](int k) { return k >= 0 && static_cast<std::size_t>(k) < classes_.size() ? classes_[static_cast<std::size_t>(k)] : tr("?"); };
    p.drawText(QRect(nameWidth + 8, y, classWidth, kRowHeight), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(name(a), Qt::ElideRight, classWidth));
    QFont f = font();
    f.setBold(wrong);
    p.setFont(f);
    p.drawText(QRect(nameWidth + classWidth + 12, y, classWidth, kRowHeight), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(name(pr) + (wrong ? QStringLiteral(" ✗") : QString()), Qt::ElideRight, classWidth));
    p.setFont(font());
    double acc = 0;
    const auto& probs = probs_[static_cast<std::size_t>(i)];
    for (std::size_t k = 0; k < probs.size(); ++k) {
      const int x0 = barLeft + static_cast<int>(acc * barWidth);
      acc += probs[k];
      const int x1 = barLeft + static_cast<int>(acc * barWidth);
      if (x1 > x0) p.fillRect(QRect(x0, y + 3, x1 - x0, kRowHeight - 6), seriesColor(static_cast<int>(k)));
    }
  }
}

}  // namespace aaren::ui
