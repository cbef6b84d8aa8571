// The explore view: decimation (exact envelopes, NaN gaps, bounded point counts at 1M+
// samples), the crosshair read-out, legend toggles, split shading and the range selector.
#include "core/data/Series.h"
#include "ui/QCustomPlot.h"
#include "ui/explore/Decimator.h"
#include "ui/explore/ExplorePanel.h"
#include "ui/explore/RangeSelector.h"
#include "ui/explore/SeriesPlot.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace aaren::ui;
namespace dd = aaren::data;

namespace {

dd::Series sine(std::size_t rows, std::size_t cols, bool timed) {
  dd::Series s;
  s.rows = rows;
  for (std::size_t c = 0; c < cols; ++c) {
    s.names.push_back("ch" + std::to_string(c));
    for (std::size_t r = 0; r < rows; ++r) s.values.push_back(std::sin(static_cast<double>(r) * 0.001 * static_cast<double>(c + 1)) + static_cast<double>(c));
  }
  if (timed)
    for (std::size_t r = 0; r < rows; ++r) s.timestamps.push_back(1600000000 + static_cast<std::int64_t>(r) * 60);
  s.refreshStats();
  return s;
}

}  // namespace

class ExploreTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void decimatorKeepsEveryPointWhenFew() {
    const std::vector<double> keys{0, 1, 2, 3, 4}, values{5, 6, std::nan(""), 8, 9};
    Decimator d(keys, values);
    std::vector<DisplayPoint> out;
    d.visible(1, 3, 100, out);
    // One sample beyond each edge, NaN kept as a gap.
    QCOMPARE(out.size(), std::size_t{5});
    QVERIFY(std::isnan(out[2].value));
    QCOMPARE(out[4].value, 9.0);
  }

  void decimatorEnvelopeIsExact() {
    const std::size_t n = 100000;
    std::vector<double> keys(n), values(n);
    for (std::size_t i = 0; i < n; ++i) {
      keys[i] = static_cast<double>(i);
      values[i] = static_cast<double>((i * 7919) % 1000);  // pseudo-random in [0, 1000)
    }
    values[54321] = -5;   // a single spike must survive decimation
    values[777] = 2000;
    Decimator d(keys, values);
    std::vector<DisplayPoint> out;
    d.visible(0, static_cast<double>(n - 1), 500, out);
    QVERIFY(out.size() <= 2 * 500 + 2);
    double lo = 1e9, hi = -1e9;
    for (const auto& p : out) lo = std::min(lo, p.value), hi = std::max(hi, p.value);
    QCOMPARE(lo, -5.0);
    QCOMPARE(hi, 2000.0);
    // Each bucket's pair is that bucket's min and max, found by brute force.
    const std::size_t bucket = (n + 499) / 500;
    for (std::size_t b = 0; b < out.size() / 2; ++b) {
      const std::size_t s = b * bucket, e = std::min(s + bucket, n);
      double mn = 1e9, mx = -1e9;
      std::size_t at_mn = 0, at_mx = 0;
      for (std::size_t i = s; i < e; ++i) {
        if (values[i] < mn) mn = values[i], at_mn = i;
        if (values[i] > mx) mx = values[i], at_mx = i;
      }
      QCOMPARE(out[2 * b].value, at_mn < at_mx ? mn : mx);
      QCOMPARE(out[2 * b + 1].value, at_mn < at_mx ? mx : mn);
      QCOMPARE(out[2 * b].key, keys[s]);
    }
    double mn, mx;
    QVERIFY(d.valueRange(50000, 60000, mn, mx));
    QCOMPARE(mn, -5.0);
    QCOMPARE(mx, 999.0);
  }

  void decimatorShowsAllNanBucketsAsGaps() {
    const std::size_t n = 10000;
    std::vector<double> keys(n), values(n, 1.0);
    for (std::size_t i = 0; i < n; ++i) keys[i] = static_cast<double>(i);
    for (std::size_t i = 4000; i < 6000; ++i) values[i] = std::nan("");
    Decimator d(keys, values);
    std::vector<DisplayPoint> out;
    d.visible(0, n - 1, 100, out);
    int gaps = 0;
    for (const auto& p : out) gaps += std::isnan(p.value);
    QVERIFY(gaps >= 18);  // 2,000 of 10,000 samples over 100 buckets of 100
    QCOMPARE(d.nearest(4321.4), std::size_t{4321});
    QCOMPARE(d.nearest(-10), std::size_t{0});
  }

  void millionPointsDrawAFewThousand() {
    SeriesPlot plot;
    plot.resize(1200, 600);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setSeries(sine(1500000, 3, true));
    QCOMPARE(plot.graphCount(), 3);
    QCOMPARE(plot.pointCount(0), 1500000);
    const int pixels = plot.plot()->width();
    for (int g = 0; g < 3; ++g) {
      QVERIFY(plot.displayedPointCount(g) > pixels);
      QVERIFY2(plot.displayedPointCount(g) <= 2 * pixels + 2, qPrintable(QString::number(plot.displayedPointCount(g))));
    }
    // Zoomed in to 600 samples: every sample drawn (plus one past each edge).
    const double t0 = 1600000000.0 + 60.0 * 100000;
    plot.setKeyRange(t0, t0 + 60.0 * 599);
    QCOMPARE(plot.displayedPointCount(0), 602);
    QCOMPARE(plot.keyLower(), t0);
  }

  void crosshairReadsTheSamples() {
    dd::Series s;
    s.rows = 3;
    s.names = {"load", "temp"};
    s.values = {1.5, 2.25, 3.0, 10.0, std::nan(""), 12.5};
    s.timestamps = {1467331200, 1467334800, 1467338400};
    s.refreshStats();
    SeriesPlot plot;
    plot.resize(800, 400);
    plot.setSeries(s);
    plot.showCrosshairAt(1467334700);  // nearest sample: 01:00
    QCOMPARE(plot.crosshairText(), QStringLiteral("2016-07-01 01:00\nload: 2.250\ntemp: —"));
    plot.setChannelVisible(0, false);
    QCOMPARE(plot.crosshairText(), QStringLiteral("2016-07-01 01:00\ntemp: —"));
    QCOMPARE(plot.displayedPointCount(0), 0);
    plot.hideCrosshair();
    QVERIFY(plot.crosshairText().isEmpty());
  }

  void legendClickTogglesAChannel() {
    SeriesPlot plot;
    plot.resize(800, 400);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setSeries(sine(1000, 2, false));
    plot.plot()->replot();
    QCPAbstractLegendItem* item = plot.plot()->legend->itemWithPlottable(plot.plot()->graph(1));
    QVERIFY(item);
    QTest::mouseClick(plot.plot(), Qt::LeftButton, {}, item->outerRect().center());
    QVERIFY(!plot.isChannelVisible(1));
    QVERIFY(plot.isChannelVisible(0));
    QTest::mouseClick(plot.plot(), Qt::LeftButton, {}, item->outerRect().center());
    QVERIFY(plot.isChannelVisible(1));
  }

  void splitIsShadedInThreeRegions() {
    SeriesPlot plot;
    plot.setSeries(sine(1000, 1, false));
    const int before = plot.plot()->itemCount();
    plot.setSplit(dd::splitByRatios(1000, 0.7, 0.1, 96));
    QCOMPARE(plot.plot()->itemCount(), before + 6);  // three rectangles, three labels
    auto* val = qobject_cast<QCPItemRect*>(plot.plot()->item(before + 2));
    QVERIFY(val);
    QCOMPARE(val->topLeft->coords().x(), 700.0);  // validation targets start where training ends
    QCOMPARE(val->bottomRight->coords().x(), 800.0);
    plot.setSplit(std::nullopt);
    QCOMPARE(plot.plot()->itemCount(), before);
  }

  void outOfOrderTimestampsAreDrawnInOrder() {
    dd::Series s;
    s.rows = 4;
    s.names = {"v"};
    s.values = {1, 2, 3, 4};
    s.timestamps = {30, 10, 20, 40};
    s.refreshStats();
    SeriesPlot plot;
    plot.setSeries(s);
    const auto& d = plot.decimators()[0];
    QCOMPARE(std::vector<double>(d.keys().begin(), d.keys().end()), (std::vector<double>{10, 20, 30, 40}));
    QCOMPARE(std::vector<double>(d.values().begin(), d.values().end()), (std::vector<double>{2, 3, 1, 4}));
  }

  void rangeSelectorFollowsAndDrivesThePlot() {
    ExplorePanel panel;
    panel.resize(1000, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto d = std::make_shared<Dataset>();
    d->series = sine(10000, 2, false);
    panel.setDataset(d);
    SeriesPlot* plot = panel.seriesPlot();
    RangeSelector* sel = panel.rangeSelector();
    plot->setKeyRange(2000, 3000);
    QCOMPARE(sel->windowLower(), 2000.0);
    QCOMPARE(sel->windowUpper(), 3000.0);
    Q_EMIT sel->windowRequested(5000, 5500);
    QCOMPARE(plot->keyLower(), 5000.0);
    QCOMPARE(plot->keyUpper(), 5500.0);
    panel.zoomIn();
    QCOMPARE(plot->keyUpper() - plot->keyLower(), 500.0 / 1.5);
    panel.resetZoom();
    QVERIFY(plot->keyLower() <= 0.0 && plot->keyUpper() >= 9999.0);
  }
};

QTEST_MAIN(ExploreTest)
#include "ExploreTest.moc"
