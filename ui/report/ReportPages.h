#pragma once
// The report laid out on A4 pages: blocks from ReportDocument.h placed top to bottom,
// a heading kept with what follows it, a plot or a table row never split, a table that
// overflows continued on the next page with its header repeated, a running header from
// page 2 and "Page N of M" in every footer. Coordinates are CSS px of a 96-dpi A4 page
// (793.7 × 1122.5); fonts are DejaVu Sans / DejaVu Sans Mono without hinting, so the
// layout measured once paints the same on a PDF, an image or a printer.
//
// Threading: GUI thread only (the plots are drawn with QCustomPlot widgets).
#include "core/report/Report.h"
#include "ui/report/ReportDocument.h"

#include <QImage>
#include <QRectF>

#include <functional>
#include <memory>
#include <vector>

class QCPPainter;

namespace aaren::ui {

inline constexpr double kPageWidth = 793.7;    // A4, 96 dpi
inline constexpr double kPageHeight = 1122.5;

class ReportPages {
 public:
  explicit ReportPages(aaren::report::Report report);
  ~ReportPages();
  ReportPages(const ReportPages&) = delete;
  ReportPages& operator=(const ReportPages&) = delete;

  int pageCount() const { return static_cast<int>(pages_.size()); }
  const aaren::report::Report& report() const { return report_; }
  const std::vector<DocBlock>& blocks() const { return blocks_; }

  // Paints page `index` (0-based) in page coordinates. `vector`: the device is a PDF/SVG.
  void paintPage(QCPPainter& painter, int index, bool vector) const;

  // The page as an image `width` pixels wide (white background), e.g. for a preview.
  QImage pageImage(int index, int width) const;

  // The whole report as a PDF document (A4, vector plots, a text layer).
  QByteArray pdf() const;

 private:
  using PaintOp = std::function<void(QCPPainter&, bool vector)>;
  struct Page {
    std::vector<PaintOp> ops;
  };
  void layout();

  aaren::report::Report report_;
  std::vector<DocBlock> blocks_;
  std::vector<Page> pages_;
};

// Atomic; throws aaren::report::ReportWriteError naming the file.
void writeReportPdf(const QString& path, const aaren::report::Report& report);

}  // namespace aaren::ui
