#include "ui/data/Dataset.h"

#include "core/data/Timestamp.h"

#include <QFileInfo>
#include <QLocale>

namespace aaren::ui {

QString Dataset::fileName() const { return QFileInfo(request.path).fileName(); }

QString Dataset::summary() const {
  auto n = [&](std::size_t v) {
    QLocale l(QLocale::English);
    return l.toString(static_cast<qulonglong>(v));
  };
  if (kind == Kind::Classify) {
    QString s = n(train.size()) + QStringLiteral(" training");
    if (test.size() > 0) s += QStringLiteral(" + ") + n(test.size()) + QStringLiteral(" test");
    s += QStringLiteral(" cases, ") + n(train.channels) + (train.channels == 1 ? QStringLiteral(" channel, ") : QStringLiteral(" channels, ")) +
         n(train.classNames.size()) + QStringLiteral(" classes");
    if (train.size() > 0)
      s += train.equalLength() ? QString(QStringLiteral(", length ") + n(train.minLength()))
                               : QString(QStringLiteral(", length ") + n(train.minLength()) + QStringLiteral("–") + n(train.maxLength()));
    return s;
  }
  QString s = n(series.rows) + QStringLiteral(" rows × ") + n(series.cols()) +
              (series.cols() == 1 ? QStringLiteral(" channel") : QStringLiteral(" channels"));
  if (series.hasTime()) {
    s += QStringLiteral(", ") + QString::fromStdString(series.time.frequency.label());
    auto fmt = [](std::int64_t t) { return QString::fromStdString(aaren::data::formatTimestamp(t)).left(16); };
    s += QStringLiteral(", ") + fmt(series.time.first) + QStringLiteral(" – ") + fmt(series.time.last);
  }
  if (series.totalMissing() > 0) s += QStringLiteral(", ") + n(series.totalMissing()) + QStringLiteral(" missing");
  return s;
}

}  // namespace aaren::ui
