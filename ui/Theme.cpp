#include "ui/Theme.h"

#include "ui/QCustomPlot.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

#include <array>

namespace aaren::ui {
namespace {

// Okabe–Ito, colour-blind safe; in the dark theme black becomes light grey and blue lightens.
constexpr std::array<QRgb, 8> kLight = {0xff0072b2, 0xffe69f00, 0xff009e73, 0xffd55e00,
                                        0xffcc79a7, 0xff56b4e9, 0xffb8a800, 0xff000000};
constexpr std::array<QRgb, 8> kDark = {0xff3d9be0, 0xffe69f00, 0xff19c499, 0xffff7a33,
                                       0xffe08fc0, 0xff56b4e9, 0xfff0e442, 0xffd0d0d0};

QPalette darkPalette() {
  QPalette p;
  const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xdf, 0xe1, 0xe5);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
  p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::PlaceholderText, QColor(0x8c, 0x8f, 0x94));
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, QColor(0x3c, 0x3f, 0x41));
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, Qt::white);
  p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x50));
  p.setColor(QPalette::Midlight, QColor(0x3e, 0x41, 0x44));
  p.setColor(QPalette::Mid, QColor(0x33, 0x35, 0x38));
  p.setColor(QPalette::Dark, QColor(0x1a, 0x1b, 0x1d));
  p.setColor(QPalette::Shadow, Qt::black);
  p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::Link, QColor(0x58, 0x9d, 0xf6));
  p.setColor(QPalette::LinkVisited, QColor(0xa0, 0x7b, 0xe0));
  for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
    p.setColor(QPalette::Disabled, role, QColor(0x7a, 0x7d, 0x82));
  p.setColor(QPalette::Disabled, QPalette::Base, window);
  return p;
}

QPalette lightPalette() {
  QPalette p(QColor(0xef, 0xef, 0xef));
  p.setColor(QPalette::Base, Qt::white);
  p.setColor(QPalette::AlternateBase, QColor(0xf5, 0xf6, 0xf7));
  p.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xdc));
  p.setColor(QPalette::ToolTipText, Qt::black);
  return p;
}

bool paletteIsDark(const QPalette& p) { return p.color(QPalette::Window).lightness() < 128; }

PlotColors colorsFor(const QPalette& p, bool dark) {
  PlotColors c;
  c.dark = dark;
  c.background = p.color(QPalette::Base);
  c.foreground = p.color(QPalette::Text);
  c.axis = dark ? QColor(0xa0, 0xa3, 0xa8) : QColor(0x50, 0x50, 0x50);
  c.grid = dark ? QColor(0x3a, 0x3d, 0x42) : QColor(0xdd, 0xdd, 0xdd);
  c.subGrid = dark ? QColor(0x2c, 0x2e, 0x32) : QColor(0xee, 0xee, 0xee);
  c.train = dark ? QColor(0x3d, 0x9b, 0xe0, 28) : QColor(0x00, 0x72, 0xb2, 18);
  c.validation = dark ? QColor(0xe6, 0x9f, 0x00, 40) : QColor(0xe6, 0x9f, 0x00, 36);
  c.test = dark ? QColor(0x19, 0xc4, 0x99, 40) : QColor(0x00, 0x9e, 0x73, 32);
  c.crosshair = dark ? QColor(0xc8, 0xc8, 0xc8, 180) : QColor(0x40, 0x40, 0x40, 160);
  c.tooltipBackground = dark ? QColor(0x2b, 0x2d, 0x30, 230) : QColor(0xff, 0xff, 0xff, 230);
  return c;
}

}  // namespace

QString toString(ThemeChoice choice) {
  switch (choice) {
    case ThemeChoice::Light: return QStringLiteral("light");
    case ThemeChoice::Dark: return QStringLiteral("dark");
    case ThemeChoice::System: break;
  }
  return QStringLiteral("system");
}

ThemeChoice themeChoiceFromString(const QString& s) {
  if (s == QLatin1String("light")) return ThemeChoice::Light;
  if (s == QLatin1String("dark")) return ThemeChoice::Dark;
  return ThemeChoice::System;
}

QColor seriesColor(int index) {
  const auto& table = Theme::instance().isDark() ? kDark : kLight;
  const int n = static_cast<int>(table.size());
  QColor c = QColor::fromRgba(table[static_cast<std::size_t>(((index % n) + n) % n)]);
  // Past the palette, vary the lightness so the 9th colour is not the 1st.
  if (index >= n) c = (index / n) % 2 ? c.lighter(135) : c.darker(135);
  return c;
}

Theme& Theme::instance() {
  static Theme theme;
  return theme;
}

void Theme::apply(ThemeChoice choice) {
  if (!haveSystemPalette_) {
    systemStyle_ = QApplication::style() ? QApplication::style()->name() : QString();
    systemPalette_ = QApplication::palette();
    haveSystemPalette_ = true;
  }
  choice_ = choice;
  QPalette palette;
  switch (choice) {
    case ThemeChoice::Dark:
      QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
      palette = darkPalette();
      break;
    case ThemeChoice::Light:
      QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
      palette = lightPalette();
      break;
    case ThemeChoice::System:
      if (!systemStyle_.isEmpty()) QApplication::setStyle(QStyleFactory::create(systemStyle_));
      palette = systemPalette_;
      break;
  }
  QApplication::setPalette(palette);
  dark_ = paletteIsDark(palette);
  colors_ = colorsFor(palette, dark_);
  Q_EMIT changed();
}

void Theme::stylePlot(QCustomPlot* plot) {
  const PlotColors& c = instance().plotColors();
  plot->setBackground(c.background);
  for (QCPAxisRect* rect : plot->axisRects()) rect->setBackground(c.background);
  for (QCPAxisRect* rect : plot->axisRects())
    for (QCPAxis* axis : rect->axes()) {
      axis->setBasePen(QPen(c.axis));
      axis->setTickPen(QPen(c.axis));
      axis->setSubTickPen(QPen(c.axis));
      axis->setTickLabelColor(c.foreground);
      axis->setLabelColor(c.foreground);
      axis->grid()->setPen(QPen(c.grid, 0, Qt::DotLine));
      axis->grid()->setSubGridPen(QPen(c.subGrid, 0, Qt::DotLine));
      axis->grid()->setZeroLinePen(QPen(c.grid));
    }
  if (plot->legend) {
    QColor legendBg = c.background;
    legendBg.setAlpha(215);
    plot->legend->setBrush(legendBg);
    plot->legend->setBorderPen(QPen(c.grid));
    plot->legend->setTextColor(c.foreground);
    plot->legend->setSelectedTextColor(c.foreground);
  }
}

}  // namespace aaren::ui
