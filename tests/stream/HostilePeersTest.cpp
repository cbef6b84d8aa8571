// Issue 18 items 5, 7 and 8 on loopback: a hostile line never ends a TCP or UDP source; the
// listening source serves several senders at once, each with its own line format, and
// closes an idle one; a feed client that never reads does not stall the others; following
// a huge file without newlines from its end starts and stops at once.
#include "core/stream/Feed.h"
#include "core/stream/FileFollowSource.h"
#include "core/stream/TcpSource.h"
#include "core/stream/UdpSource.h"
#include "tests/stream/StreamTestSupport.h"

#include <gtest/gtest.h>

#include <utility>

#include <boost/asio.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace aaren;
using namespace aaren::stream;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace fs = std::filesystem;
using asio::ip::tcp;
using asio::ip::udp;

namespace {

bool waitFor(const std::function<bool()>& done, std::chrono::seconds deadline = 20s) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (!done() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(5ms);
  return done();
}

const tcp::endpoint loopback(std::uint16_t port) { return {asio::ip::make_address("127.0.0.1"), port}; }

std::unique_ptr<TcpSource> listening(std::int64_t idle_timeout_ms = 120000) {
  TcpOptions o;
  o.mode = TcpOptions::Mode::Listen;
  o.idle_timeout_ms = idle_timeout_ms;
  auto source = std::make_unique<TcpSource>(o);
  source->start();
  waitFor([&] { return source->boundPort() != 0; });
  return source;
}

}  // namespace

TEST(HostilePeers, AnOutOfRangeNumberOverTcpIsOneMalformedLine) {
  auto source = listening();
  ASSERT_NE(source->boundPort(), 0);
  asio::io_context io;
  tcp::socket s(io);
  s.connect(loopback(source->boundPort()));
  asio::write(s, asio::buffer(std::string("{\"t\": 1467331200, \"OT\": 1e400}\n{\"t\": 1467331200, \"OT\": -1e400}\n"
                                          "{\"t\": 1467331200, \"OT\": 30.5}\n")));
  const auto got = aaren::testing::collect(*source, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].values, std::vector<double>{30.5});
  const auto st = source->stats();
  EXPECT_EQ(st.state, SourceState::Running);
  EXPECT_EQ(st.malformed, 2u);
  EXPECT_EQ(st.last_malformed_line, 2);
  EXPECT_EQ(st.last_malformed, "line 2: not valid JSON: number overflow parsing '-1e400'");
  // The port is still open: another sender is served.
  tcp::socket again(io);
  again.connect(loopback(source->boundPort()));
  asio::write(again, asio::buffer(std::string("{\"t\": 1467334800, \"OT\": 31}\n")));
  ASSERT_EQ(aaren::testing::collect(*source, 1).size(), 1u);
  source->stop();
}

TEST(HostilePeers, AnOutOfRangeNumberOverUdpIsOneMalformedLine) {
  UdpSource source(UdpOptions{});
  source.start();
  ASSERT_TRUE(waitFor([&] { return source.boundPort() != 0; }));
  asio::io_context io;
  udp::socket s(io, udp::endpoint(udp::v4(), 0));
  const udp::endpoint to(asio::ip::make_address("127.0.0.1"), source.boundPort());
  s.send_to(asio::buffer(std::string("{\"t\": 1467331200, \"OT\": 1e400}")), to);
  s.send_to(asio::buffer(std::string(50000, '[')), to);
  s.send_to(asio::buffer(std::string("{\"t\": 1467331200, \"OT\": 30.5}\n")), to);
  const auto got = aaren::testing::collect(source, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].values, std::vector<double>{30.5});
  const auto st = source.stats();
  EXPECT_EQ(st.state, SourceState::Running);
  EXPECT_EQ(st.malformed, 2u);
  EXPECT_EQ(st.last_malformed, "line 2: JSON nested deeper than 16 levels");
  source.stop();
}

TEST(HostilePeers, TenMegabyteLineOverTcpIsCountedAsTooLong) {
  auto source = listening();
  asio::io_context io;
  tcp::socket s(io);
  s.connect(loopback(source->boundPort()));
  std::thread writer([&] {
    asio::write(s, asio::buffer(std::string(10 << 20, '7') + "\n1,2\n"));
  });
  const auto got = aaren::testing::collect(*source, 1);
  writer.join();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].values, (std::vector<double>{1, 2}));
  EXPECT_EQ(source->stats().malformed, 1u);
  EXPECT_EQ(source->stats().last_malformed, "line 1: longer than 1048576 bytes (skipped)");
  source->stop();
}

TEST(HostilePeers, ListeningSourceServesASecondSenderWhileTheFirstIsConnected) {
  auto source = listening();
  asio::io_context io;
  tcp::socket quiet(io);
  quiet.connect(loopback(source->boundPort()));  // connects and sends nothing
  ASSERT_TRUE(waitFor([&] { return source->stats().message.find(", 1 sender") != std::string::npos; })) << source->stats().message;
  tcp::socket talker(io);
  talker.connect(loopback(source->boundPort()));
  asio::write(talker, asio::buffer(std::string("1,2\n3,4\n")));
  const auto got = aaren::testing::collect(*source, 2, 10s);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].values, (std::vector<double>{3, 4}));
  EXPECT_EQ(source->stats().message.find("listening on 127.0.0.1:" + std::to_string(source->boundPort()) + ", 2 senders"), 0u)
      << source->stats().message;
  source->stop();
}

TEST(HostilePeers, EachSenderHasItsOwnLineFormat) {
  auto source = listening();
  asio::io_context io;
  {
    tcp::socket first(io);
    first.connect(loopback(source->boundPort()));
    asio::write(first, asio::buffer(std::string("5\n")));  // one untimed value
    ASSERT_EQ(aaren::testing::collect(*source, 1).size(), 1u);
  }
  tcp::socket second(io);
  second.connect(loopback(source->boundPort()));
  asio::write(second, asio::buffer(std::string("timestamp,a,b\n2020-01-01 00:00:00,1,2\n2020-01-01 01:00:00,3,4\n")));
  const auto got = aaren::testing::collect(*source, 2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].values, (std::vector<double>{3, 4}));
  EXPECT_TRUE(got[1].hasTime());
  EXPECT_EQ(source->stats().malformed, 0u) << source->stats().last_malformed;
  EXPECT_EQ(source->stats().columns, (std::vector<std::string>{"a", "b"}));
  source->stop();
}

TEST(HostilePeers, AnIdleSenderIsClosedAfterTheTimeout) {
  auto source = listening(200);
  asio::io_context io;
  tcp::socket idle(io);
  idle.connect(loopback(source->boundPort()));
  asio::write(idle, asio::buffer(std::string("1,2\n3,")));  // then nothing: a partial line
  const auto begin = std::chrono::steady_clock::now();
  char byte = 0;
  boost::system::error_code ec = asio::error::timed_out;
  idle.async_read_some(asio::buffer(&byte, 1), [&](const boost::system::error_code& e, std::size_t) { ec = e; });
  io.run_for(10s);  // the read ends when the source closes the connection
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  std::printf("idle sender closed after %.2f s (timeout 0.2 s)\n", waited);
  EXPECT_EQ(ec, asio::error::eof);
  ASSERT_TRUE(waitFor([&] { return source->stats().message.find("idle") != std::string::npos; }));
  const auto st = source->stats();
  EXPECT_EQ(st.message, "listening on 127.0.0.1:" + std::to_string(source->boundPort()) +
                            ", 0 senders (a sender was idle for 200 ms and was closed)");
  EXPECT_EQ(st.malformed, 1u);
  EXPECT_EQ(st.last_malformed, "line 2: incomplete (the connection ended inside it)");
  source->stop();
}

TEST(HostilePeers, AFeedClientThatNeverReadsDoesNotStallTheOthers) {
  const auto series = aaren::testing::makeSeries(960, 2);  // 40 whole days: passes join up
  FeedOptions fo;
  fo.rate = 0;
  fo.loop = true;
  fo.client_backlog_bytes = 256 << 10;
  Feed feed(series, "tcp://127.0.0.1:0", fo);
  std::atomic<bool> cancel{false};
  FeedProgress result;
  std::thread sender([&] { result = feed.run(cancel); });
  ASSERT_TRUE(waitFor([&] { return feed.boundPort() != 0; }));
  asio::io_context io;
  tcp::socket sleeper(io);
  sleeper.open(tcp::v4());
  sleeper.set_option(asio::socket_base::receive_buffer_size(4096));
  sleeper.connect(loopback(feed.boundPort()));  // never reads
  TcpOptions o;
  o.port = feed.boundPort();
  TcpSource reader(o);
  reader.start();
  // Far more than the kernel buffers and the sleeper's backlog hold (~60 bytes a row).
  const std::size_t n = 300000;
  const auto begin = std::chrono::steady_clock::now();
  const auto got = aaren::testing::collect(reader, n, 30s);
  std::printf("%zu rows in %.2f s past a client that never reads\n", got.size(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count());
  sleeper.close();  // (were the feed blocked writing to it, this would free it)
  cancel = true;
  sender.join();
  ASSERT_EQ(got.size(), n);
  for (std::size_t i = 1; i < got.size(); ++i) ASSERT_EQ(got[i].timestamp - got[i - 1].timestamp, 3600) << i;  // no row lost
  EXPECT_EQ(result.dropped_clients, 1u);
  EXPECT_EQ(result.connections, 2u);
  EXPECT_EQ(reader.stats().malformed, 0u);
  reader.stop();
}

TEST(HostilePeers, FollowingAHugeFileWithoutNewlinesFromItsEndStartsAndStopsAtOnce) {
  const fs::path file = fs::path(::testing::TempDir()) / ("aaren-no-newline-" + std::to_string(::getpid()) + ".csv");
  {
    std::ofstream out(file, std::ios::binary);
    const std::string block(1 << 20, '7');
    for (int i = 0; i < 50; ++i) out << block;
  }
  FileFollowOptions fo;
  fo.from_start = false;
  fo.poll_ms = 10;
  FileFollowSource source(file, fo);
  const auto begin = std::chrono::steady_clock::now();
  source.start();
  ASSERT_TRUE(waitFor([&] { return source.stats().state == SourceState::Running; }, 20s)) << source.stats().message;
  const double started = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  {
    std::ofstream out(file, std::ios::binary | std::ios::app);
    out << "777 the end of the long line\n1,2\n3,4\n";
  }
  const auto got = aaren::testing::collect(source, 2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].values, (std::vector<double>{1, 2}));
  EXPECT_EQ(got[1].values, (std::vector<double>{3, 4}));
  EXPECT_EQ(source.stats().malformed, 0u) << source.stats().last_malformed;
  const auto stop_begin = std::chrono::steady_clock::now();
  source.stop();
  const double stopped = std::chrono::duration<double>(std::chrono::steady_clock::now() - stop_begin).count();
  std::printf("50 MB without newlines: following after %.3f s, stopped in %.3f s\n", started, stopped);
  EXPECT_FALSE(source.isRunning());
  fs::remove(file);
}

TEST(HostilePeers, FollowingAFifoFailsAtOnceInsteadOfHanging) {
  const fs::path fifo = fs::path(::testing::TempDir()) / ("aaren-fifo-" + std::to_string(::getpid()));
  fs::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  FileFollowSource source(fifo, FileFollowOptions{});
  source.start();
  const bool failed = waitFor([&] { return source.stats().state == SourceState::Failed; }, 10s);
  // Were the source blocked opening the FIFO, a writer would free it (so the test ends).
  const int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
  if (writer >= 0) ::close(writer);
  EXPECT_TRUE(failed) << source.stats().message;
  EXPECT_EQ(source.stats().message, fifo.string() + ": not a regular file");
  source.stop();
  fs::remove(fifo);
}
