#include "ui/live/LiveStyle.h"

#include "ui/Theme.h"

#include <QLocale>

#include <cmath>

namespace aaren::ui {

namespace {

const QLocale& english() {
  static const QLocale l(QLocale::English, QLocale::UnitedStates);
  return l;
}

QString trimmed(double v, int decimals) {
  QString s = QString::number(v, 'f', decimals);
  if (s.contains(QLatin1Char('.'))) {
    while (s.endsWith(QLatin1Char('0'))) s.chop(1);
    if (s.endsWith(QLatin1Char('.'))) s.chop(1);
  }
  return s;
}

}  // namespace

QColor modelColor(int index) { return seriesColor(index); }

QString displayName(const std::string& label, const std::string& kind) {
  const auto open = kind.find('(');
  if (open == std::string::npos || label.find('(') != std::string::npos) return QString::fromStdString(label);
  return QString::fromStdString(label + " " + kind.substr(open));
}

QString bytesText(double bytes) {
  if (!(bytes >= 0)) return QStringLiteral("—");
  static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) {
    bytes /= 1024;
    ++u;
  }
  if (u == 0) return english().toString(static_cast<qlonglong>(std::llround(bytes))) + QStringLiteral(" B");
  return QString::number(bytes, 'f', bytes < 10 ? 2 : bytes < 100 ? 1 : 0) + QLatin1Char(' ') + QLatin1String(units[u]);
}

QString microsText(double us) {
  if (!std::isfinite(us)) return QStringLiteral("—");
  if (us < 10) return QString::number(us, 'f', 2) + QStringLiteral(" µs");
  if (us < 1000) return QString::number(us, 'f', us < 100 ? 1 : 0) + QStringLiteral(" µs");
  if (us < 1e6) return QString::number(us / 1000, 'f', us < 1e4 ? 2 : 1) + QStringLiteral(" ms");
  return QString::number(us / 1e6, 'f', 2) + QStringLiteral(" s");
}

QString secondsText(double s) {
  if (!std::isfinite(s) || s < 0) return QStringLiteral("—");
  if (s < 0.01) return microsText(s * 1e6);
  if (s < 60) return QString::number(s, 'f', s < 10 ? 2 : 1) + QStringLiteral(" s");
  const auto t = static_cast<long long>(std::llround(s));
  if (t < 3600) return QStringLiteral("%1 min %2 s").arg(t / 60).arg(t % 60);
  return QStringLiteral("%1 h %2 min").arg(t / 3600).arg((t / 60) % 60, 2, 10, QLatin1Char('0'));
}

QString countText(std::uint64_t n) { return english().toString(static_cast<qulonglong>(n)); }

UnitLogTicker::UnitLogTicker(Unit unit) : unit_(unit) {
  setLogBase(unit == Unit::Bytes ? 2 : 10);
  setSubTickCount(unit == Unit::Bytes ? 0 : 8);
  setTickCount(5);
}

QString UnitLogTicker::getTickLabel(double tick, const QLocale&, QChar, int) {
  switch (unit_) {
    case Unit::Bytes: {
      static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
      int u = 0;
      while (tick >= 1024 && u < 4) {
        tick /= 1024;
        ++u;
      }
      return trimmed(tick, tick < 10 ? 1 : 0) + QLatin1Char(' ') + QLatin1String(units[u]);
    }
    case Unit::Micros:
      if (tick < 1) return trimmed(tick, 3) + QStringLiteral(" µs");
      if (tick < 1000) return trimmed(tick, 0) + QStringLiteral(" µs");
      if (tick < 1e6) return trimmed(tick / 1000, 1) + QStringLiteral(" ms");
      return trimmed(tick / 1e6, 1) + QStringLiteral(" s");
    case Unit::Seconds:
      if (tick < 1e-3) return trimmed(tick * 1e6, 0) + QStringLiteral(" µs");
      if (tick < 1) return trimmed(tick * 1e3, 0) + QStringLiteral(" ms");
      return trimmed(tick, 0) + QStringLiteral(" s");
  }
  return QString::number(tick);
}

void setLogAxis(QCPAxis* axis, UnitLogTicker::Unit unit) {
  axis->setScaleType(QCPAxis::stLogarithmic);
  axis->setTicker(QSharedPointer<UnitLogTicker>::create(unit));
  axis->setNumberFormat(QStringLiteral("gb"));
}

}  // namespace aaren::ui
