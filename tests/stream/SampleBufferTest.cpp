#include "core/stream/SampleBuffer.h"
#include "core/stream/RollingStats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

using namespace aaren::stream;
using namespace std::chrono_literals;

namespace {
Sample one(double v) {
  Sample s;
  s.values = {v};
  return s;
}
}  // namespace

TEST(SampleBuffer, DropOldestKeepsTheNewestAndCountsDrops) {
  SampleBuffer b(3, OverflowPolicy::DropOldest);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(b.push(one(i)));
  EXPECT_EQ(b.dropped(), 2u);
  std::vector<Sample> out;
  EXPECT_EQ(b.pop(out, 10, 0ms), 3u);
  EXPECT_EQ(out[0].values[0], 2);
  EXPECT_EQ(out[2].values[0], 4);
}

TEST(SampleBuffer, DropNewestKeepsTheOldest) {
  SampleBuffer b(2, OverflowPolicy::DropNewest);
  for (int i = 0; i < 4; ++i) b.push(one(i));
  std::vector<Sample> out;
  b.pop(out, 10, 0ms);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].values[0], 1);
  EXPECT_EQ(b.dropped(), 2u);
}

TEST(SampleBuffer, BlockLosesNothingAndCloseWakesTheProducer) {
  SampleBuffer b(4, OverflowPolicy::Block);
  std::thread producer([&] {
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(b.push(one(i)));
    b.close();
  });
  std::vector<Sample> all;
  while (!b.drained()) b.pop(all, 3, 10ms);
  producer.join();
  ASSERT_EQ(all.size(), 1000u);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(all[static_cast<std::size_t>(i)].values[0], i);
  EXPECT_EQ(b.dropped(), 0u);

  SampleBuffer full(1, OverflowPolicy::Block);
  full.push(one(0));
  bool result = true;
  std::thread blocked([&] { result = full.push(one(1)); });
  std::this_thread::sleep_for(20ms);
  full.close();
  blocked.join();
  EXPECT_FALSE(result);
  EXPECT_FALSE(full.push(one(2)));
  EXPECT_FALSE(full.drained());  // one sample still to take
}

TEST(RollingStats, WindowPercentilesAndMean) {
  RollingWindow w(4);
  EXPECT_TRUE(std::isnan(w.mean()));
  for (double v : {5.0, 1.0, 3.0, 2.0, 4.0}) w.add(v);  // 5 falls out
  EXPECT_EQ(w.size(), 4u);
  EXPECT_DOUBLE_EQ(w.mean(), 2.5);
  EXPECT_EQ(w.median(), 2.0);
  EXPECT_EQ(w.percentile(99), 4.0);
  EXPECT_EQ(w.percentile(0), 1.0);
  RollingWindow big(1000);
  for (int i = 1; i <= 1000; ++i) big.add(i);
  EXPECT_EQ(big.percentile(99), 990.0);
  EXPECT_EQ(big.median(), 500.0);
}

TEST(RollingStats, DecimatedTraceStaysBoundedOverMillionsOfSamples) {
  DecimatedTrace t(64);
  for (std::uint64_t n = 1; n <= 5'000'000; ++n)
    if (t.due(n)) {
      MemorySample m;
      m.samples = n;
      t.add(m);
    }
  EXPECT_LT(t.points().size(), 64u);
  EXPECT_GE(t.points().size(), 32u);
  EXPECT_EQ(t.points().front().samples, 1u);
  for (std::size_t i = 2; i < t.points().size(); ++i)
    EXPECT_EQ(t.points()[i].samples - t.points()[i - 1].samples, t.interval());
  EXPECT_GE(t.points().back().samples + t.interval(), 5'000'000u);
}

TEST(RollingStats, ProcessRssIsReadFromProc) {
  const auto rss = processRssBytes();
  EXPECT_GT(rss, 1 << 20);
  EXPECT_LT(rss, std::int64_t{64} << 30);
}
