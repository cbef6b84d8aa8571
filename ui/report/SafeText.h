#pragma once
// Text from data, file names and model files on its way into a rendered report, as QString:
// the Qt side of core/report/Escape.h (no escaping rules of its own).
//
//   safeText     valid UTF-8 (U+FFFD for invalid bytes) without the control characters
//                XML 1.0 forbids: for text painted into plots and pages, SVG and PDF metadata.
//   xmlEscaped   safeText with & < > " ' as entities: element text and attribute values in
//                the HTML report and the SVG plots.
//   plainToolTip a tooltip that shows `text` as written: Qt takes a tooltip that looks like
//                HTML ("<b>…") as rich text, so data in one is converted from plain text.
//
// Threading: pure functions.
#include "core/report/Escape.h"

#include <QString>
#include <QTextDocument>

#include <string>

namespace aaren::ui {

inline QString safeText(const std::string& text) { return QString::fromStdString(aaren::report::xmlSafeText(text)); }
inline QString safeText(const QString& text) { return safeText(text.toStdString()); }
inline QString xmlEscaped(const QString& text) { return QString::fromStdString(aaren::report::xmlEscape(text.toStdString())); }
inline QString plainToolTip(const QString& text) { return text.isEmpty() ? text : Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal); }

}  // namespace aaren::ui
