#pragma once
// Light and dark themes. "System" follows the platform palette (dark when its window colour
// is dark); "Light" and "Dark" force a Fusion palette. Plots read their colours from
// plotColors() so they stay readable in both. GUI thread only.
#include <QColor>
#include <QObject>
#include <QPalette>
#include <QString>

class QCustomPlot;

namespace aaren::ui {

enum class ThemeChoice { System, Light, Dark };

QString toString(ThemeChoice choice);               // "system", "light", "dark"
ThemeChoice themeChoiceFromString(const QString& s);  // unknown text -> System

struct PlotColors {
  QColor background, foreground, grid, subGrid, axis;
  QColor train, validation, test;  // split shading (translucent)
  QColor crosshair, tooltipBackground;
  bool dark = false;
};

// Series colour i (Okabe–Ito order, colour-blind safe), adjusted for the current theme.
QColor seriesColor(int index);

class Theme : public QObject {
  Q_OBJECT
 public:
  static Theme& instance();

  // Applies the palette to the application and notifies every plot. Call on the GUI thread.
  void apply(ThemeChoice choice);
  ThemeChoice choice() const { return choice_; }
  bool isDark() const { return dark_; }
  const PlotColors& plotColors() const { return colors_; }

  // Background, axes, grid and legend of a plot in the current theme (no replot).
  static void stylePlot(QCustomPlot* plot);

 Q_SIGNALS:
  void changed();

 private:
  Theme() = default;
  ThemeChoice choice_ = ThemeChoice::System;
  bool dark_ = false;
  PlotColors colors_;
  QString systemStyle_;
  QPalette systemPalette_;
  bool haveSystemPalette_ = false;
};

}  // namespace aaren::ui
