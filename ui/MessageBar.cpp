#include "ui/MessageBar.h"

#include "ui/Theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace aaren::ui {

MessageBar::MessageBar(QWidget* parent) : QWidget(parent), label_(new QLabel(this)), close_(new QToolButton(this)) {
  setAutoFillBackground(true);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(10, 6, 6, 6);
  label_->setWordWrap(true);
  label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  label_->setTextFormat(Qt::PlainText);
  layout->addWidget(label_, 1);
  close_->setText(tr("Dismiss"));
  close_->setAutoRaise(true);
  close_->setToolTip(tr("Hide this message"));
  layout->addWidget(close_, 0, Qt::AlignTop);
  connect(close_, &QToolButton::clicked, this, &MessageBar::dismiss);
  connect(&Theme::instance(), &Theme::changed, this, &MessageBar::restyle);
  hide();
}

void MessageBar::showMessage(const QString& text, Kind kind) {
  kind_ = kind;
  label_->setText(text);
  restyle();
  show();
}

void MessageBar::dismiss() {
  label_->clear();
  hide();
}

QString MessageBar::text() const { return isVisibleTo(parentWidget()) ? label_->text() : QString(); }

void MessageBar::restyle() {
  const bool dark = Theme::instance().isDark();
  QColor bg, fg;
  switch (kind_) {
    case Kind::Error:
      bg = dark ? QColor(0x5a, 0x1e, 0x1e) : QColor(0xfd, 0xe2, 0xe1);
      fg = dark ? QColor(0xff, 0xd6, 0xd6) : QColor(0x7a, 0x12, 0x12);
      break;
    case Kind::Warning:
      bg = dark ? QColor(0x55, 0x45, 0x12) : QColor(0xff, 0xf3, 0xcd);
      fg = dark ? QColor(0xff, 0xec, 0xb3) : QColor(0x66, 0x4d, 0x03);
      break;
    case Kind::Info:
      bg = dark ? QColor(0x1d, 0x3b, 0x5a) : QColor(0xdd, 0xee, 0xfb);
      fg = dark ? QColor(0xd6, 0xe9, 0xff) : QColor(0x0b, 0x3d, 0x6b);
      break;
  }
  QPalette p = palette();
  p.setColor(QPalette::Window, bg);
  p.setColor(QPalette::WindowText, fg);
  p.setColor(QPalette::ButtonText, fg);
  setPalette(p);
}

}  // namespace aaren::ui
