#pragma once
// How the Live tab shows its figures: bytes in B/KiB/MiB/GiB (powers of two), durations in
// µs/ms/s, log-axis tickers labelled in those units (bytes on powers of two, times on powers
// of ten), and one colour per model of a session shared by every Live panel.
// GUI thread only (the tickers belong to a plot).
#include "ui/QCustomPlot.h"

#include <QColor>
#include <QString>

#include <cstdint>
#include <string>

namespace aaren::ui {

// The colour of the i-th model of a session (in plots, table and bars alike).
QColor modelColor(int index);

// "Aaren (fused step)", "Transformer, untrained (KV cache, window 1024)": the model's label
// with what its kind adds in brackets.
QString displayName(const std::string& label, const std::string& kind);

// "576 B", "1.5 KiB", "64.0 MiB"; "—" for a negative value.
QString bytesText(double bytes);
// "5.5 µs", "191 µs", "5.76 ms", "1.20 s"; "—" for NaN.
QString microsText(double micros);
// "12.3 s", "2 min 5 s", "1 h 02 min"
QString secondsText(double seconds);
// "1,234,567"
QString countText(std::uint64_t n);

class UnitLogTicker : public QCPAxisTickerLog {
 public:
  enum class Unit { Bytes, Micros, Seconds };
  explicit UnitLogTicker(Unit unit);

 protected:
  QString getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision) override;

 private:
  Unit unit_;
};

// Puts `axis` on a log scale with a UnitLogTicker.
void setLogAxis(QCPAxis* axis, UnitLogTicker::Unit unit);

}  // namespace aaren::ui
