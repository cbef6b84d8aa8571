#pragma once
// "1 warning", "2 warnings", "1,024 rows": a count with its noun in English, without
// relying on a plural translation file. Pure function.
#include <QLocale>
#include <QString>

namespace aaren::ui {

inline QString plural(long long n, const QString& one, const QString& many) {
  return QLocale(QLocale::English).toString(n) + QLatin1Char(' ') + (n == 1 ? one : many);
}

}  // namespace aaren::ui
