// `aaren feed` at one end, a stream source at the other: every row arrives with its exact
// values, over tcp:// (the feed listens), tcp+listen:// (the stream listens) and udp://.
#include "core/data/CsvReader.h"
#include "core/stream/Feed.h"
#include "core/stream/SourceUri.h"
#include "core/stream/TcpSource.h"
#include "core/stream/UdpSource.h"
#include "tests/stream/StreamTestSupport.h"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

using namespace aaren;
using namespace aaren::stream;
using namespace std::chrono_literals;

namespace {

void expectRows(const data::Series& series, const std::vector<Sample>& got, std::size_t first = 0) {
  for (std::size_t i = 0; i < got.size(); ++i) {
    const auto r = first + i;
    ASSERT_EQ(got[i].timestamp, series.timestamps[r]) << r;
    for (std::size_t c = 0; c < series.cols(); ++c) ASSERT_EQ(got[i].values[c], series.at(r, c)) << r << "," << c;
  }
}

}  // namespace

TEST(Feed, FormatsRowsExactly) {
  data::Series s;
  s.rows = 1;
  s.names = {"a", "b,c"};
  s.values = {0.1, std::nan("")};
  s.timestamps = {1467331200};
  EXPECT_EQ(formatCsvLine(s, 0), "2016-07-01 00:00:00,0.1,");
  EXPECT_EQ(formatJsonLine(s, 0), R"({"timestamp":"2016-07-01 00:00:00","values":[0.1,null]})");
  EXPECT_EQ(formatCsvHeader(s), "timestamp,a,\"b,c\"");
  s.timestamps.clear();
  EXPECT_EQ(formatCsvLine(s, 0), "0.1,");
}

TEST(Feed, TcpFeedListensAndTheStreamConnects) {
  const auto series = data::readCsvFile(std::string(AAREN_DATA_DIR) + "/forecasting/ETTh1.csv").series;
  FeedOptions fo;
  fo.rate = 0;
  fo.count = 3000;
  fo.header = true;
  Feed feed(series, "tcp://127.0.0.1:0", fo);
  std::atomic<bool> cancel{false};
  FeedProgress result;
  std::thread sender([&] { result = feed.run(cancel); });
  while (feed.boundPort() == 0) std::this_thread::sleep_for(1ms);
  auto source = makeSource("tcp://127.0.0.1:" + std::to_string(feed.boundPort()));
  source->start();
  const auto got = aaren::testing::collect(*source, 3000);
  sender.join();
  ASSERT_EQ(got.size(), 3000u);
  expectRows(series, got);
  EXPECT_EQ(result.sent, 3000u);
  EXPECT_EQ(result.connections, 1u);
  EXPECT_EQ(source->stats().columns, series.names);  // from the header line
  EXPECT_EQ(source->stats().malformed, 0u);
  source->stop();
}

TEST(Feed, TheStreamListensAndTheFeedConnectsWithJsonLines) {
  const auto series = aaren::testing::makeSeries(500, 3);
  TcpOptions o;
  o.mode = TcpOptions::Mode::Listen;
  TcpSource source(o);
  source.start();
  while (source.boundPort() == 0) std::this_thread::sleep_for(1ms);
  FeedOptions fo;
  fo.rate = 20000;
  fo.format = LineFormat::Json;
  Feed feed(series, "tcp+listen://127.0.0.1:" + std::to_string(source.boundPort()), fo);
  std::atomic<bool> cancel{false};
  std::thread sender([&] { feed.run(cancel); });
  const auto got = aaren::testing::collect(source, 500);
  sender.join();
  ASSERT_EQ(got.size(), 500u);
  expectRows(series, got);
  source.stop();
}

TEST(Feed, UdpDatagramsCarryEveryRowOnLoopback) {
  const auto series = aaren::testing::makeSeries(400, 2);
  UdpSource source(UdpOptions{});
  source.start();
  while (source.boundPort() == 0) std::this_thread::sleep_for(1ms);
  FeedOptions fo;
  fo.rate = 4000;  // paced, so the loopback receive buffer never overflows
  Feed feed(series, "udp://127.0.0.1:" + std::to_string(source.boundPort()), fo);
  std::atomic<bool> cancel{false};
  const auto sent = feed.run(cancel);
  EXPECT_EQ(sent.sent, 400u);
  const auto got = aaren::testing::collect(source, 400, 10s);
  ASSERT_EQ(got.size(), 400u);
  expectRows(series, got);
  source.stop();
}

TEST(Feed, RefusesWhatItCannotSendTo) {
  const auto series = aaren::testing::makeSeries(10, 1);
  try {
    Feed f(series, "file:/tmp/x.csv");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "feed: cannot send to 'file:/tmp/x.csv' (expected tcp://HOST:PORT, tcp+listen://HOST:PORT or udp://HOST:PORT)");
  }
  FeedOptions fo;
  fo.start_row = 10;
  try {
    Feed f(series, "udp://127.0.0.1:9", fo);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "feed: start row 10 is past the last row (9)");
  }
}

TEST(Feed, LoopingKeepsTheTimeAxisGoing) {
  const auto series = aaren::testing::makeSeries(5, 1);
  UdpSource source(UdpOptions{});
  source.start();
  while (source.boundPort() == 0) std::this_thread::sleep_for(1ms);
  FeedOptions fo;
  fo.rate = 2000;
  fo.loop = true;
  fo.count = 5;
  Feed feed(series, "udp://127.0.0.1:" + std::to_string(source.boundPort()), fo);
  std::atomic<bool> cancel{false};
  std::thread sender([&] { feed.run(cancel); });
  const auto got = aaren::testing::collect(source, 12, 10s);
  cancel = true;
  sender.join();
  ASSERT_EQ(got.size(), 12u);
  for (std::size_t i = 0; i < 12; ++i) {
    // Hourly rows: the second pass starts a day after the first, at the same time of day.
    EXPECT_EQ(got[i].timestamp, series.timestamps[0] + static_cast<std::int64_t>(i / 5) * 86400 +
                                    static_cast<std::int64_t>(i % 5) * 3600) << i;
    EXPECT_EQ(got[i].values[0], series.at(i % 5, 0)) << i;
  }
  source.stop();
}
