#include "ui/report/ReportPages.h"

#include "core/report/AtomicWrite.h"
#include "ui/QCustomPlot.h"
#include "ui/report/PlotRender.h"
#include "ui/report/SafeText.h"

#include <QBuffer>
#include <QFontMetricsF>
#include <QPageSize>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace aaren::ui {

using aaren::report::Report;

namespace {

constexpr double kLeft = 64, kRight = 64, kTop = 62, kBottom = 74;
constexpr double kContentWidth = kPageWidth - kLeft - kRight;
constexpr double kContentBottom = kPageHeight - kBottom;
constexpr double kPadX = 5, kPadY = 3.2;
constexpr double kKeyWidth = 150;         // label column of key/value tables
constexpr std::size_t kKeepTogether = 12;  // tables with at most this many rows are not split

const QColor kInk(0x22, 0x22, 0x22);
const QColor kGrey(0x66, 0x66, 0x66);
const QColor kAccent(0x1f, 0x4e, 0x79);
const QColor kRule(0xc8, 0xcd, 0xd4);
const QColor kRowRule(0xe4, 0xe6, 0xea);
const QColor kHeaderFill(0xec, 0xf0, 0xf5);
const QColor kHighlightFill(0xff, 0xf1, 0xe0);

QFont reportFont(double pt, bool bold = false, bool mono = false, bool italic = false) {
  QFont f(mono ? QStringLiteral("DejaVu Sans Mono") : QStringLiteral("DejaVu Sans"));
  f.setStyleHint(mono ? QFont::Monospace : QFont::SansSerif);
  f.setPointSizeF(pt);
  f.setBold(bold);
  f.setItalic(italic);
  f.setHintingPreference(QFont::PreferNoHinting);
  return f;
}

// Text is laid out on a 96-dpi image: the same logical DPI as the PDF writer and the
// preview images, so measured and painted text agree. Lines break at spaces, and inside a
// word only when the word alone is wider than the line (paths, hashes).
QPaintDevice* metricsDevice() {
  static QImage device = [] {
    QImage image(4, 4, QImage::Format_ARGB32_Premultiplied);
    image.setDotsPerMeterX(3780);
    image.setDotsPerMeterY(3780);
    return image;
  }();
  return &device;
}

double layoutLines(QTextLayout& layout, double width, int flags) {
  QTextOption option(static_cast<Qt::Alignment>(flags & Qt::AlignHorizontal_Mask));
  option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
  layout.setTextOption(option);
  layout.beginLayout();
  double y = 0;
  for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
    line.setLineWidth(width);
    line.setPosition(QPointF(0, y));
    y += line.height();
  }
  layout.endLayout();
  return y;
}

QString layoutText(QString text) { return text.replace(QLatin1Char('\n'), QChar::LineSeparator); }

double textHeight(const QFont& font, double width, const QString& text, int flags) {
  if (text.isEmpty()) return QFontMetricsF(font, metricsDevice()).height();
  QTextLayout layout(layoutText(text), font, metricsDevice());
  return layoutLines(layout, width, flags);
}

void drawWrapped(QPainter& p, const QRectF& rect, const QFont& font, const QColor& color, int flags, const QString& text) {
  QTextLayout layout(layoutText(text), font, metricsDevice());
  layoutLines(layout, rect.width(), flags);
  p.setPen(color);
  layout.draw(&p, rect.topLeft());
}

double textWidth(const QFont& font, const QString& text) {
  const QFontMetricsF fm(font, metricsDevice());
  double w = 0;
  for (const QString& line : text.split(QLatin1Char('\n'))) w = std::max(w, fm.horizontalAdvance(line));
  return w;
}

double longestWord(const QFont& font, const QString& text) {
  double w = 0;
  for (const QString& word : text.split(QRegularExpression(QStringLiteral("[\\s/]+")), Qt::SkipEmptyParts)) w = std::max(w, textWidth(font, word));
  return w;
}

constexpr int kWrap = Qt::AlignLeft | Qt::AlignTop;

struct TableFonts {
  QFont normal, bold, mono;
};

TableFonts tableFonts(double pt) { return {reportFont(pt), reportFont(pt, true), reportFont(pt - 0.5, false, true)}; }

const QFont& cellFont(const TableFonts& f, const DocCell& c, bool header) {
  if (header || c.bold) return f.bold;
  return c.mono ? f.mono : f.normal;
}

int cellFlags(bool numeric) { return Qt::AlignTop | (numeric ? Qt::AlignRight : Qt::AlignLeft); }

struct TableGeometry {
  TableFonts fonts;
  std::vector<double> widths;
};

// Column widths: natural widths when they fit (the spare width shared out), otherwise
// each column gets at least its longest word and the rest in proportion to what it
// wants; a table still too wide gets a smaller font (down to 6 pt).
TableGeometry tableGeometry(const DocTable& t) {
  const std::size_t n = std::max<std::size_t>(static_cast<std::size_t>(t.header.size()), t.rows.empty() ? 0 : t.rows[0].size());
  for (double pt = 8.5; pt >= 5.99; pt -= 0.5) {
    TableGeometry g{tableFonts(pt), std::vector<double>(n, 0)};
    std::vector<double> natural(n, 2 * kPadX), minimum(n, 2 * kPadX);
    for (std::size_t c = 0; c < n; ++c) {
      if (c < static_cast<std::size_t>(t.header.size())) {
        natural[c] = std::max(natural[c], textWidth(g.fonts.bold, t.header[static_cast<qsizetype>(c)]) + 2 * kPadX);
        minimum[c] = std::max(minimum[c], longestWord(g.fonts.bold, t.header[static_cast<qsizetype>(c)]) + 2 * kPadX);
      }
      for (const auto& row : t.rows) {
        if (c >= row.size()) continue;
        const QFont& f = cellFont(g.fonts, row[c], false);
        natural[c] = std::max(natural[c], textWidth(f, row[c].text) + 2 * kPadX);
        minimum[c] = std::max(minimum[c], (row[c].mono ? std::min(60.0, textWidth(f, row[c].text)) : longestWord(f, row[c].text)) + 2 * kPadX);
      }
    }
    if (t.key_value && n == 2) {
      // Labels: one width for every key/value table (wider only for a long label).
      g.widths[0] = std::min(std::max(kKeyWidth, natural[0]), kContentWidth / 3);
      g.widths[1] = kContentWidth - g.widths[0];
      return g;
    }
    double sumNatural = 0, sumMin = 0;
    for (std::size_t c = 0; c < n; ++c) {
      sumNatural += natural[c];
      sumMin += minimum[c];
    }
    if (sumNatural <= kContentWidth) {
      const double extra = (kContentWidth - sumNatural) / static_cast<double>(n);
      for (std::size_t c = 0; c < n; ++c) g.widths[c] = natural[c] + extra;
      return g;
    }
    if (sumMin <= kContentWidth) {
      const double want = sumNatural - sumMin;
      for (std::size_t c = 0; c < n; ++c) g.widths[c] = minimum[c] + (kContentWidth - sumMin) * (natural[c] - minimum[c]) / want;
      return g;
    }
    if (pt <= 6.01) {
      for (std::size_t c = 0; c < n; ++c) g.widths[c] = kContentWidth * minimum[c] / sumMin;
      return g;
    }
  }
  return {};
}

double rowHeight(const TableGeometry& g, const std::vector<DocCell>& row, const std::vector<bool>& numeric, bool header) {
  double h = 0;
  for (std::size_t c = 0; c < row.size() && c < g.widths.size(); ++c) {
    const bool num = c < numeric.size() && numeric[c];
    h = std::max(h, textHeight(cellFont(g.fonts, row[c], header), g.widths[c] - 2 * kPadX, row[c].text, cellFlags(num)));
  }
  return h + 2 * kPadY;
}

std::vector<DocCell> headerCells(const DocTable& t) {
  std::vector<DocCell> cells;
  for (const QString& h : t.header) {
    DocCell c;
    c.text = h;
    c.bold = true;
    cells.push_back(c);
  }
  return cells;
}

}  // namespace

ReportPages::ReportPages(Report report) : report_(std::move(report)), blocks_(composeReport(report_)) { layout(); }

ReportPages::~ReportPages() = default;

void ReportPages::layout() {
  pages_.clear();
  pages_.emplace_back();
  double y = kTop;
  const auto newPage = [&] {
    pages_.emplace_back();
    y = kTop;
  };
  const auto add = [&](PaintOp op) { pages_.back().ops.push_back(std::move(op)); };
  const auto text = [&](QRectF rect, const QFont& font, const QColor& color, int flags, const QString& s) {
    add([=](QCPPainter& p, bool) {
      drawWrapped(p, rect, font, color, flags, s);
    });
  };

  const QFont titleFont = reportFont(20, true), subtitleFont = reportFont(11.5), metaFont = reportFont(8.5);
  const QFont headingFont = reportFont(12.5, true), bodyFont = reportFont(9.5), captionFont = reportFont(7.8, false, false, true);
  const double headingAbove = 14, headingBelow = 6, blockBelow = 8;

  // Height of a block's first unbreakable piece: a heading must fit with it on its page.
  const auto firstPiece = [&](const DocBlock& b) -> double {
    switch (b.kind) {
      case DocBlock::Kind::Paragraph: return textHeight(bodyFont, kContentWidth, b.text, kWrap);
      case DocBlock::Kind::Plot:
        return b.plot_height + (b.subtitle.isEmpty() ? 0 : textHeight(captionFont, kContentWidth, b.subtitle, kWrap) + 2);
      case DocBlock::Kind::Table: {
        const TableGeometry g = tableGeometry(b.table);
        const bool whole = b.table.rows.size() <= kKeepTogether;
        double h = b.table.header.isEmpty() ? 0 : rowHeight(g, headerCells(b.table), b.table.numeric, true);
        for (std::size_t r = 0; r < b.table.rows.size() && (whole || r < 3); ++r) h += rowHeight(g, b.table.rows[r], b.table.numeric, false);
        if (whole && !b.table.caption.isEmpty()) h += 3 + textHeight(captionFont, kContentWidth, b.table.caption, kWrap);
        return std::min(h, kContentBottom - kTop - 60);
      }
      default: return 0;
    }
  };

  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    const DocBlock& b = blocks_[i];
    switch (b.kind) {
      case DocBlock::Kind::Title: {
        const double th = textHeight(titleFont, kContentWidth, b.text, kWrap);
        text(QRectF(kLeft, y, kContentWidth, th), titleFont, kAccent, kWrap, b.text);
        y += th + 2;
        if (!b.subtitle.isEmpty()) {
          const double sh = textHeight(subtitleFont, kContentWidth, b.subtitle, kWrap);
          text(QRectF(kLeft, y, kContentWidth, sh), subtitleFont, kInk, kWrap, b.subtitle);
          y += sh + 2;
        }
        if (!b.meta.isEmpty()) {
          const double mh = textHeight(metaFont, kContentWidth, b.meta, kWrap);
          text(QRectF(kLeft, y, kContentWidth, mh), metaFont, kGrey, kWrap, b.meta);
          y += mh;
        }
        y += 6;
        const double ry = y;
        add([=](QCPPainter& p, bool) {
          p.setPen(QPen(kAccent, 1.5));
          p.drawLine(QPointF(kLeft, ry), QPointF(kLeft + kContentWidth, ry));
        });
        y += 12;
        break;
      }
      case DocBlock::Kind::Heading: {
        const double hh = textHeight(headingFont, kContentWidth, b.text, kWrap);
        const double next = i + 1 < blocks_.size() ? firstPiece(blocks_[i + 1]) : 0;
        const double above = y > kTop ? headingAbove : 0;
        if (y + above + hh + headingBelow + next > kContentBottom && y > kTop) newPage();
        if (y > kTop) y += headingAbove;
        text(QRectF(kLeft, y, kContentWidth, hh), headingFont, kAccent, kWrap, b.text);
        y += hh + headingBelow;
        break;
      }
      case DocBlock::Kind::Paragraph: {
        const double ph = textHeight(bodyFont, kContentWidth, b.text, kWrap);
        if (y + ph > kContentBottom && y > kTop) newPage();
        text(QRectF(kLeft, y, kContentWidth, ph + 2), bodyFont, kInk, kWrap, b.text);
        y += ph + blockBelow;
        break;
      }
      case DocBlock::Kind::Plot: {
        const double ch = b.subtitle.isEmpty() ? 0 : textHeight(captionFont, kContentWidth, b.subtitle, kWrap);
        const double total = b.plot_height + (ch > 0 ? ch + 2 : 0);
        if (y + total > kContentBottom && y > kTop) newPage();
        const QSize size(static_cast<int>(kContentWidth), b.plot_height);
        const QPointF at(kLeft, y);
        const int index = b.plot;
        add([this, index, size, at](QCPPainter& p, bool vector) {
          p.save();
          p.translate(at);
          p.setClipRect(QRectF(QPointF(0, 0), QSizeF(size)));
          paintReportPlot(p, report_.plots[static_cast<std::size_t>(index)], size, vector);
          p.restore();
        });
        y += b.plot_height;
        if (ch > 0) {
          text(QRectF(kLeft, y + 2, kContentWidth, ch + 2), captionFont, kGrey, kWrap, b.subtitle);
          y += ch + 2;
        }
        y += blockBelow + 4;
        break;
      }
      case DocBlock::Kind::Table: {
        const DocTable& t = b.table;
        const TableGeometry g = tableGeometry(t);
        const std::vector<DocCell> header = headerCells(t);
        const double headerH = t.header.isEmpty() ? 0 : rowHeight(g, header, t.numeric, true);
        const auto drawRow = [&](const std::vector<DocCell>& row, bool isHeader, bool highlight, double rowH) {
          double x = kLeft;
          const double top = y;
          for (std::size_t c = 0; c < row.size() && c < g.widths.size(); ++c) {
            const DocCell cellCopy = row[c];
            const QRectF r(x, top, g.widths[c], rowH);
            const bool numeric = c < t.numeric.size() && t.numeric[c];
            const QFont font = cellFont(g.fonts, cellCopy, isHeader);
            const QColor fill = isHeader ? kHeaderFill : cellCopy.background.isValid() ? cellCopy.background : highlight ? kHighlightFill : QColor();
            const QColor color = (t.key_value && c == 0) ? QColor(0x44, 0x4c, 0x56) : kInk;
            const int flags = cellFlags(numeric);
            add([=](QCPPainter& p, bool) {
              if (fill.isValid()) p.fillRect(r, fill);
              drawWrapped(p, r.adjusted(kPadX, kPadY, -kPadX, -kPadY), font, color, flags, cellCopy.text);
            });
            x += g.widths[c];
          }
          const double bottom = top + rowH;
          const QColor rule = isHeader ? kRule : kRowRule;
          const double width = isHeader ? 1.0 : 0.7;
          add([=](QCPPainter& p, bool) {
            p.setPen(QPen(rule, width));
            p.drawLine(QPointF(kLeft, bottom), QPointF(kLeft + kContentWidth, bottom));
          });
          y = bottom;
        };
        const auto drawTop = [&] {
          const double top = y;
          add([=](QCPPainter& p, bool) {
            p.setPen(QPen(kRule, 1.0));
            p.drawLine(QPointF(kLeft, top), QPointF(kLeft + kContentWidth, top));
          });
        };
        double first = headerH + (t.rows.empty() ? 0 : rowHeight(g, t.rows[0], t.numeric, false));
        if (t.rows.size() <= kKeepTogether) {  // a short table moves whole to the next page
          first = headerH;
          for (const auto& row : t.rows) first += rowHeight(g, row, t.numeric, false);
          if (!t.caption.isEmpty()) first += 3 + textHeight(captionFont, kContentWidth, t.caption, kWrap);
          first = std::min(first, kContentBottom - kTop);
        }
        if (y + first > kContentBottom && y > kTop) newPage();
        drawTop();
        if (!t.header.isEmpty()) drawRow(header, true, false, headerH);
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
          const double rh = rowHeight(g, t.rows[r], t.numeric, false);
          if (y + rh > kContentBottom) {
            newPage();
            drawTop();
            if (!t.header.isEmpty()) drawRow(header, true, false, headerH);
          }
          drawRow(t.rows[r], false, r < t.highlight.size() && t.highlight[r], rh);
        }
        if (!t.caption.isEmpty()) {
          const double ch = textHeight(captionFont, kContentWidth, t.caption, kWrap);
          if (y + 3 + ch > kContentBottom) newPage();
          text(QRectF(kLeft, y + 3, kContentWidth, ch + 2), captionFont, kGrey, kWrap, t.caption);
          y += ch + 3;
        }
        y += blockBelow + 4;
        break;
      }
    }
  }

  // Running header (from page 2) and footer, now that the page count is known.
  const int total = pageCount();
  const QFont small = reportFont(7.5);
  const QString title = safeText(report_.title);
  const QString date = safeText(report_.date);
  const QString app = QStringLiteral("Aaren Studio %1").arg(safeText(report_.manifest.app_version));
  for (int p = 0; p < total; ++p) {
    const QString number = QStringLiteral("Page %1 of %2").arg(p + 1).arg(total);
    pages_[static_cast<std::size_t>(p)].ops.push_back([=](QCPPainter& painter, bool) {
      painter.setFont(small);
      painter.setPen(kGrey);
      const double fy = kPageHeight - kBottom + 30;
      painter.setPen(QPen(kRule, 0.8));
      painter.drawLine(QPointF(kLeft, fy - 6), QPointF(kLeft + kContentWidth, fy - 6));
      painter.setPen(kGrey);
      painter.drawText(QRectF(kLeft, fy, kContentWidth, 14), Qt::AlignLeft | Qt::AlignTop, app + QStringLiteral(" · ") + date);
      painter.drawText(QRectF(kLeft, fy, kContentWidth, 14), Qt::AlignRight | Qt::AlignTop, number);
      if (p > 0) {
        const double hy = kTop - 26;
        painter.drawText(QRectF(kLeft, hy, kContentWidth * 0.75, 14), Qt::AlignLeft | Qt::AlignTop, title);
        painter.setPen(QPen(kRule, 0.8));
        painter.drawLine(QPointF(kLeft, hy + 16), QPointF(kLeft + kContentWidth, hy + 16));
      }
    });
  }
}

void ReportPages::paintPage(QCPPainter& painter, int index, bool vector) const {
  if (index < 0 || index >= pageCount()) return;
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing, true);
  painter.setRenderHint(QPainter::TextAntialiasing, true);
  for (const auto& op : pages_[static_cast<std::size_t>(index)].ops) op(painter, vector);
  painter.restore();
}

QImage ReportPages::pageImage(int index, int width) const {
  const double scale = width / kPageWidth;
  QImage image(width, static_cast<int>(std::lround(kPageHeight * scale)), QImage::Format_ARGB32_Premultiplied);
  image.setDotsPerMeterX(3780);  // 96 dpi, as the layout was measured
  image.setDotsPerMeterY(3780);
  image.fill(Qt::white);
  QCPPainter painter(&image);
  painter.scale(scale, scale);  // (a device pixel ratio below 1 is not honoured)
  paintPage(painter, index, false);
  painter.end();
  return image;
}

QByteArray ReportPages::pdf() const {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  {
    QPdfWriter writer(&buffer);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(96);
    writer.setTitle(safeText(report_.title));
    writer.setCreator(QStringLiteral("Aaren Studio %1").arg(safeText(report_.manifest.app_version)));
    QCPPainter painter(&writer);
    for (int p = 0; p < pageCount(); ++p) {
      if (p > 0) writer.newPage();
      paintPage(painter, p, true);
    }
    painter.end();
  }
  return bytes;
}

void writeReportPdf(const QString& path, const Report& report) {
  aaren::report::checkWritable(path.toStdString());
  const QByteArray bytes = ReportPages(report).pdf();
  aaren::report::writeFileAtomically(path.toStdString(), std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

}  // namespace aaren::ui
