// TCP and UDP sources on loopback: malformed lines counted and skipped, a mid-stream
// disconnect followed by a reconnect, and no valid sample lost.
#include "core/stream/TcpSource.h"
#include "core/stream/UdpSource.h"
#include "tests/stream/StreamTestSupport.h"

#include <gtest/gtest.h>

#include <utility>

#include <boost/asio.hpp>

#include <chrono>
#include <thread>

using namespace aaren::stream;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

namespace {

void waitFor(const std::function<bool()>& done, std::chrono::seconds deadline = 20s) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (!done() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(5ms);
}

}  // namespace

TEST(TcpSource, ReconnectsAfterADisconnectAndLosesNoValidSample) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const auto port = acceptor.local_endpoint().port();
  TcpOptions o;
  o.port = port;
  o.backoff.initial_ms = o.backoff.next_ms = 20;
  TcpSource source(o);
  source.start();

  std::thread server([&] {
    {
      tcp::socket s(io);
      acceptor.accept(s);
      // 50 samples with two malformed lines between them, then the connection drops in
      // the middle of a line.
      std::string text;
      for (int i = 0; i < 50; ++i) {
        text += "2020-01-01 00:00:00," + std::to_string(i) + "," + std::to_string(i * 2) + "\n";
        if (i == 10) text += "2020-01-01 00:00:00,oops,1\n";
        if (i == 20) text += "garbage\n";
      }
      text += "2020-01-01 00:00:00,99";  // cut off
      asio::write(s, asio::buffer(text));
    }  // closed: the source reconnects
    tcp::socket s(io);
    acceptor.accept(s);
    std::string text;
    for (int i = 50; i < 100; ++i) text += "2020-01-01 00:00:00," + std::to_string(i) + "," + std::to_string(i * 2) + "\n";
    asio::write(s, asio::buffer(text));
    std::this_thread::sleep_for(200ms);
  });
  const auto got = aaren::testing::collect(source, 100);
  server.join();
  ASSERT_EQ(got.size(), 100u);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(got[static_cast<std::size_t>(i)].values, (std::vector<double>{double(i), double(i * 2)})) << i;
    EXPECT_EQ(got[static_cast<std::size_t>(i)].timestamp, 1577836800);
  }
  waitFor([&] { return source.stats().malformed == 3; });
  const auto st = source.stats();
  EXPECT_EQ(st.samples, 100u);
  EXPECT_EQ(st.malformed, 3u);  // two bad lines and the cut-off one
  EXPECT_EQ(st.reconnects, 1u);
  EXPECT_EQ(st.dropped, 0u);
  EXPECT_EQ(st.last_malformed, "line 53: incomplete (the connection ended inside it)");
  source.stop();
  EXPECT_EQ(source.stats().state, SourceState::Stopped);
  EXPECT_FALSE(source.isRunning());
}

TEST(TcpSource, ShowsWaitingWhileNothingListens) {
  // A port that nothing listens on: bind one, note it, close it.
  std::uint16_t port = 0;
  {
    asio::io_context io;
    tcp::acceptor a(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = a.local_endpoint().port();
  }
  TcpOptions o;
  o.port = port;
  o.backoff.initial_ms = o.backoff.next_ms = 10;
  TcpSource source(o);
  source.start();
  waitFor([&] { return source.stats().state == SourceState::Waiting; });
  const auto st = source.stats();
  EXPECT_EQ(st.state, SourceState::Waiting);
  EXPECT_EQ(st.message.rfind("cannot connect to 127.0.0.1:" + std::to_string(port) + ": Connection refused (retrying in ", 0), 0u) << st.message;
  source.stop();  // returns although it is between retries
  EXPECT_FALSE(source.isRunning());
}

TEST(TcpSource, ListensOnLoopbackAndTakesTheNextSender) {
  TcpOptions o;
  o.mode = TcpOptions::Mode::Listen;
  TcpSource source(o);
  source.start();
  waitFor([&] { return source.boundPort() != 0; });
  ASSERT_NE(source.boundPort(), 0);
  EXPECT_EQ(source.stats().message, "listening on 127.0.0.1:" + std::to_string(source.boundPort()) + ", 0 senders");
  asio::io_context io;
  for (int round = 0; round < 2; ++round) {
    tcp::socket s(io);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), source.boundPort()));
    std::string text = R"({"values": [)" + std::to_string(round) + "]}\n";
    asio::write(s, asio::buffer(text));
    const auto got = aaren::testing::collect(source, 1);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].values, std::vector<double>{double(round)});
  }
  EXPECT_EQ(source.stats().reconnects, 1u);
  source.stop();
}

TEST(TcpSource, ListeningOnABusyPortFailsWithTheReason) {
  asio::io_context io;
  tcp::acceptor taken(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  TcpOptions o;
  o.mode = TcpOptions::Mode::Listen;
  o.port = taken.local_endpoint().port();
  taken.set_option(tcp::acceptor::reuse_address(false));
  taken.listen();
  TcpSource source(o);
  source.start();
  waitFor([&] { return source.stats().state == SourceState::Failed; });
  EXPECT_EQ(source.stats().state, SourceState::Failed);
  EXPECT_EQ(source.stats().message, "cannot listen on 127.0.0.1:" + std::to_string(o.port) + ": Address already in use");
  EXPECT_TRUE(source.buffer().drained());
}

TEST(TcpSource, OverlongLinesAreSkippedToTheirNewline) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  TcpOptions o;
  o.port = acceptor.local_endpoint().port();
  o.parser.max_line_bytes = 1000;
  TcpSource source(o);
  source.start();
  tcp::socket s(io);
  acceptor.accept(s);
  std::string text = "1,2\n" + std::string(5000, '7') + "\n3,4\n";
  asio::write(s, asio::buffer(text));
  const auto got = aaren::testing::collect(source, 2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].values, (std::vector<double>{3, 4}));
  EXPECT_EQ(source.stats().malformed, 1u);
  EXPECT_EQ(source.stats().last_malformed, "line 2: longer than 1000 bytes (skipped)");
  source.stop();
}

TEST(UdpSource, DatagramsOfOneOrMoreLines) {
  UdpOptions o;
  UdpSource source(o);
  source.start();
  waitFor([&] { return source.boundPort() != 0; });
  asio::io_context io;
  udp::socket s(io, udp::endpoint(udp::v4(), 0));
  const udp::endpoint to(asio::ip::make_address("127.0.0.1"), source.boundPort());
  s.send_to(asio::buffer(std::string("1,10\n2,20\n3,30")), to);
  s.send_to(asio::buffer(std::string("bad,line\n")), to);
  s.send_to(asio::buffer(std::string("4,40\n")), to);
  const auto got = aaren::testing::collect(source, 4);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[2].values, (std::vector<double>{3, 30}));
  EXPECT_EQ(got[3].values, (std::vector<double>{4, 40}));
  waitFor([&] { return source.stats().malformed == 1; });
  EXPECT_EQ(source.stats().last_malformed, "line 4: field 1 ('bad') is not a number");
  source.stop();
}
