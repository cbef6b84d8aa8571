#pragma once
// A report as a sequence of blocks (title, headings, paragraphs, tables, plots) with every
// number formatted for a reader: what both the PDF layout and the HTML writer render, so
// the two always show the same content in the same order.
//
// Threading: pure functions; the blocks are plain values.
#include "core/report/Report.h"

#include <QColor>
#include <QString>
#include <QStringList>

#include <vector>

namespace aaren::ui {

struct DocCell {
  QString text;
  QColor background;          // invalid: none
  bool bold = false;
  bool mono = false;          // hashes and commands: monospace, may break anywhere
};

struct DocTable {
  QStringList header;         // empty: no header row (key/value tables)
  std::vector<std::vector<DocCell>> rows;
  std::vector<bool> numeric;  // per column: right-aligned
  bool key_value = false;     // two columns: a label and its value
  std::vector<bool> highlight;  // per row: the report's own model
  QString caption;            // small text under the table
};

struct DocBlock {
  enum class Kind { Title, Heading, Paragraph, Table, Plot };
  Kind kind = Kind::Paragraph;
  QString text;               // title, heading or paragraph
  QString subtitle;           // title: second line; plot: caption
  QString meta;               // title: the date line
  DocTable table;
  int plot = -1;              // index into Report::plots
  int plot_height = 0;        // logical px
};

std::vector<DocBlock> composeReport(const aaren::report::Report& report);

// "0.3812", "12.35", "123.4", "1,235", "1.234e-05"; "—" for NaN.
QString formatMetric(double value);
// "2016-07-01 00:00" (seconds shown only when not zero; the time left out for daily data at midnight).
QString formatTime(std::int64_t epochSeconds, std::int64_t frequencySeconds = 0);
// "3,152,896"
QString formatCount(std::int64_t value);
// "1.2 MB", "576 B"
QString formatBytes(double bytes);
// "42 s", "3 min 12 s", "1 h 05 min"
QString formatDuration(double seconds);

}  // namespace aaren::ui
