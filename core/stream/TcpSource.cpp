#include "core/stream/TcpSource.h"

#include <array>
#include <functional>

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio.hpp>

namespace aaren::stream {

namespace asio = boost::asio;
using asio::ip::tcp;

struct TcpSource::Io {
  asio::io_context io;
  tcp::socket socket{io};
  tcp::acceptor acceptor{io};
  asio::steady_timer timer{io};
  std::array<char, 1 << 16> buf{};
  bool connected_once = false;
};

TcpSource::TcpSource(TcpOptions options)
    : LineSource(options.buffer, options.policy, options.parser), options_(std::move(options)), io_(std::make_unique<Io>()) {
  if (options_.host.empty()) options_.host = "127.0.0.1";
  if (options_.mode == TcpOptions::Mode::Connect && options_.port == 0)
    throw std::invalid_argument("tcp: a port to connect to is needed (tcp://HOST:PORT)");
}

TcpSource::~TcpSource() { shutdown(); }

std::string TcpSource::describe() const {
  const auto where = options_.host + ":" + std::to_string(options_.mode == TcpOptions::Mode::Listen && boundPort() ? boundPort() : options_.port);
  return options_.mode == TcpOptions::Mode::Connect ? "tcp://" + where : "tcp+listen://" + where;
}

void TcpSource::interrupt() { io_->io.stop(); }

void TcpSource::run(std::stop_token stop) {
  Io& io = *io_;
  const std::string where = options_.host + ":" + std::to_string(options_.port);
  Backoff backoff = options_.backoff;
  backoff.reset();

  std::function<void()> connect, accept, read, retry;

  read = [&] {
    io.socket.async_read_some(asio::buffer(io.buf), [&](const boost::system::error_code& ec, std::size_t n) {
      if (!ec) {
        if (ingest(std::string_view(io.buf.data(), n)) > 0) notifyDataReady();
        read();
        return;
      }
      if (ec == asio::error::operation_aborted) return;
      endOfInput();
      boost::system::error_code ignored;
      io.socket.close(ignored);
      if (options_.mode == TcpOptions::Mode::Connect) {
        const auto why = ec == asio::error::eof ? std::string("the sender closed the connection") : ec.message();
        const auto ms = backoff.next();
        setState(SourceState::Waiting, where + ": " + why + " (reconnecting in " + std::to_string(ms) + " ms)");
        io.timer.expires_after(std::chrono::milliseconds(ms));
        io.timer.async_wait([&](const boost::system::error_code& e) {
          if (!e) connect();
        });
      } else {
        setState(SourceState::Running, "listening on " + options_.host + ":" + std::to_string(boundPort()) + " (the sender left)");
        accept();
      }
    });
  };

  connect = [&] {
    setState(io.connected_once ? SourceState::Waiting : SourceState::Connecting, "connecting to " + where);
    tcp::resolver resolver(io.io);
    boost::system::error_code ec;
    const auto endpoints = resolver.resolve(options_.host, std::to_string(options_.port), ec);
    auto fail = [&](const std::string& why) {
      const auto ms = backoff.next();
      setState(SourceState::Waiting, "cannot connect to " + where + ": " + why + " (retrying in " + std::to_string(ms) + " ms)");
      io.timer.expires_after(std::chrono::milliseconds(ms));
      io.timer.async_wait([&](const boost::system::error_code& e) {
        if (!e) connect();
      });
    };
    if (ec) return fail(ec.message());
    asio::async_connect(io.socket, endpoints, [&](const boost::system::error_code& e, const tcp::endpoint&) {
      if (e == asio::error::operation_aborted) return;
      if (e) {
        boost::system::error_code ignored;
        io.socket.close(ignored);
        const auto ms = backoff.next();
        setState(SourceState::Waiting, "cannot connect to " + where + ": " + e.message() + " (retrying in " + std::to_string(ms) + " ms)");
        io.timer.expires_after(std::chrono::milliseconds(ms));
        io.timer.async_wait([&](const boost::system::error_code& t) {
          if (!t) connect();
        });
        return;
      }
      if (io.connected_once) countReconnect();
      io.connected_once = true;
      backoff.reset();
      setState(SourceState::Running, "connected to " + where);
      read();
    });
  };

  accept = [&] {
    io.acceptor.async_accept(io.socket, [&](const boost::system::error_code& ec) {
      if (ec == asio::error::operation_aborted) return;
      if (ec) {
        setState(SourceState::Running, "listening on " + options_.host + ":" + std::to_string(boundPort()) + " (accept failed: " + ec.message() + ")");
        io.timer.expires_after(std::chrono::milliseconds(100));
        io.timer.async_wait([&](const boost::system::error_code& e) {
          if (!e) accept();
        });
        return;
      }
      if (io.connected_once) countReconnect();
      io.connected_once = true;
      boost::system::error_code pe;
      const auto peer = io.socket.remote_endpoint(pe);
      setState(SourceState::Running, "listening on " + options_.host + ":" + std::to_string(boundPort()) + ", sender " +
                                         (pe ? std::string("connected") : peer.address().to_string() + ":" + std::to_string(peer.port())));
      restart(false);
      read();
    });
  };

  if (options_.mode == TcpOptions::Mode::Connect) {
    connect();
  } else {
    boost::system::error_code ec;
    tcp::resolver resolver(io.io);
    const auto endpoints = resolver.resolve(options_.host, std::to_string(options_.port), ec);
    if (ec || endpoints.empty()) {
      setState(SourceState::Failed, "cannot listen on " + where + ": " + (ec ? ec.message() : std::string("no such address")));
      buffer().close();
      return;
    }
    const tcp::endpoint endpoint = *endpoints.begin();
    io.acceptor.open(endpoint.protocol(), ec);
    if (!ec) io.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) io.acceptor.bind(endpoint, ec);
    if (!ec) io.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      setState(SourceState::Failed, "cannot listen on " + where + ": " + ec.message());
      buffer().close();
      return;
    }
    bound_port_ = io.acceptor.local_endpoint().port();
    setState(SourceState::Running, "listening on " + options_.host + ":" + std::to_string(boundPort()));
    accept();
  }
  // Runs until interrupt() stops it (the guard keeps it alive between operations).
  auto guard = asio::make_work_guard(io.io);
  if (!stop.stop_requested()) io.io.run();
  boost::system::error_code ignored;
  io.socket.close(ignored);
  io.acceptor.close(ignored);
  io.timer.cancel();
}

}  // namespace aaren::stream
