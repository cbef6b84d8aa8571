#pragma once
// Small helpers shared by the plots: a time or row-number key axis, a legend laid out in a
// row above the plot (so it never hides data), and key formatting for read-outs.
// GUI thread only.
#include <QString>

class QCustomPlot;

namespace aaren::ui {

// Date-time ticks (UTC) when `timed`, otherwise plain numbers labelled `rowLabel`.
void setKeyAxis(QCustomPlot* plot, bool timed, const QString& rowLabel = QStringLiteral("row"));

// Moves the legend into its own row above the axis rect, items left to right, wrapping.
void putLegendAbove(QCustomPlot* plot, int columns = 10);

// "2016-07-01 13:00" for a timed key, "1,234" for a row number.
QString formatKey(double key, bool timed);

// A value with 4 significant digits, no exponent for ordinary magnitudes.
QString formatValue(double value);

}  // namespace aaren::ui
