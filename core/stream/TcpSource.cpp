#include "core/stream/TcpSource.h"

#include <array>
#include <functional>
#include <list>

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio.hpp>

namespace aaren::stream {

namespace asio = boost::asio;
using asio::ip::tcp;

// Listen mode: one connected sender with its own lines.
struct TcpSource::Sender {
  Sender(asio::io_context& io, LineReader r) : socket(io), idle(io), reader(std::move(r)) {}
  tcp::socket socket;
  asio::steady_timer idle;
  LineReader reader;
  std::array<char, 1 << 16> buf{};
  bool timed_out = false;
};

struct TcpSource::Io {
  asio::io_context io;
  tcp::socket socket{io};  // connect mode
  tcp::acceptor acceptor{io};
  asio::steady_timer timer{io};
  std::array<char, 1 << 16> buf{};
  std::list<std::shared_ptr<Sender>> senders;  // listen mode
  std::string where;
  Backoff backoff;
  bool connected_once = false;
  bool closing = false;  // run() is ending: handlers do nothing
};

TcpSource::TcpSource(TcpOptions options)
    : LineSource(options.buffer, options.policy, options.parser), options_(std::move(options)), io_(std::make_unique<Io>()) {
  if (options_.host.empty()) options_.host = "127.0.0.1";
  if (options_.mode == TcpOptions::Mode::Connect && options_.port == 0)
    throw std::invalid_argument("tcp: a port to connect to is needed (tcp://HOST:PORT)");
  if (options_.max_senders == 0) options_.max_senders = 1;
}

TcpSource::~TcpSource() { shutdown(); }

std::string TcpSource::describe() const {
  const auto where = options_.host + ":" + std::to_string(options_.mode == TcpOptions::Mode::Listen && boundPort() ? boundPort() : options_.port);
  return options_.mode == TcpOptions::Mode::Connect ? "tcp://" + where : "tcp+listen://" + where;
}

void TcpSource::interrupt() { io_->io.stop(); }

void TcpSource::connectMode() {
  Io& io = *io_;
  std::function<void()> connect, read;
  auto retry = [&](const std::string& why) {
    const auto ms = io.backoff.next();
    setState(SourceState::Waiting, why + " (retrying in " + std::to_string(ms) + " ms)");
    io.timer.expires_after(std::chrono::milliseconds(ms));
    io.timer.async_wait([&](const boost::system::error_code& e) {
      if (!e && !io.closing) connect();
    });
  };

  read = [&] {
    io.socket.async_read_some(asio::buffer(io.buf), [&](const boost::system::error_code& ec, std::size_t n) {
      if (io.closing || ec == asio::error::operation_aborted) return;
      if (!ec) {
        if (ingest(std::string_view(io.buf.data(), n)) > 0) notifyDataReady();
        read();
        return;
      }
      endOfInput();
      boost::system::error_code ignored;
      io.socket.close(ignored);
      const auto why = ec == asio::error::eof ? std::string("the sender closed the connection") : ec.message();
      const auto ms = io.backoff.next();
      setState(SourceState::Waiting, io.where + ": " + why + " (reconnecting in " + std::to_string(ms) + " ms)");
      io.timer.expires_after(std::chrono::milliseconds(ms));
      io.timer.async_wait([&](const boost::system::error_code& e) {
        if (!e && !io.closing) connect();
      });
    });
  };

  connect = [&] {
    setState(io.connected_once ? SourceState::Waiting : SourceState::Connecting, "connecting to " + io.where);
    tcp::resolver resolver(io.io);
    boost::system::error_code ec;
    const auto endpoints = resolver.resolve(options_.host, std::to_string(options_.port), ec);
    if (ec) return retry("cannot connect to " + io.where + ": " + ec.message());
    asio::async_connect(io.socket, endpoints, [&](const boost::system::error_code& e, const tcp::endpoint&) {
      if (io.closing || e == asio::error::operation_aborted) return;
      if (e) {
        boost::system::error_code ignored;
        io.socket.close(ignored);
        return retry("cannot connect to " + io.where + ": " + e.message());
      }
      if (io.connected_once) countReconnect();
      io.connected_once = true;
      io.backoff.reset();
      restart(true);  // a new connection: its own format, header and width
      setState(SourceState::Running, "connected to " + io.where);
      read();
    });
  };
  connect();
  io.io.run();
  closeAll();  // while the handlers' lambdas still exist
}

void TcpSource::showListening(const std::string& event) {
  const auto n = io_->senders.size();
  setState(SourceState::Running, "listening on " + options_.host + ":" + std::to_string(boundPort()) + ", " + std::to_string(n) +
                                     (n == 1 ? " sender" : " senders") + (event.empty() ? "" : " (" + event + ")"));
}

void TcpSource::armIdle(const std::shared_ptr<Sender>& sender) {
  if (options_.idle_timeout_ms <= 0) return;
  sender->idle.expires_after(std::chrono::milliseconds(options_.idle_timeout_ms));
  sender->idle.async_wait([this, sender](const boost::system::error_code& e) {
    if (e || io_->closing) return;
    sender->timed_out = true;
    boost::system::error_code ignored;
    sender->socket.close(ignored);  // the pending read ends and removes the sender
  });
}

void TcpSource::readSender(const std::shared_ptr<Sender>& sender) {
  sender->socket.async_read_some(asio::buffer(sender->buf), [this, sender](const boost::system::error_code& ec, std::size_t n) {
    Io& io = *io_;
    if (io.closing) return;
    if (!ec) {
      armIdle(sender);
      if (ingest(sender->reader, std::string_view(sender->buf.data(), n)) > 0) notifyDataReady();
      readSender(sender);
      return;
    }
    endOfInput(sender->reader);
    boost::system::error_code ignored;
    sender->socket.close(ignored);
    sender->idle.cancel();
    io.senders.remove(sender);
    showListening(sender->timed_out ? "a sender was idle for " + std::to_string(options_.idle_timeout_ms) + " ms and was closed"
                                    : std::string("a sender left"));
  });
}

void TcpSource::acceptSender() {
  auto sender = std::make_shared<Sender>(io_->io, newReader());
  io_->acceptor.async_accept(sender->socket, [this, sender](const boost::system::error_code& ec) {
    Io& io = *io_;
    if (io.closing || ec == asio::error::operation_aborted) return;
    if (ec) {
      showListening("accept failed: " + ec.message());
      io.timer.expires_after(std::chrono::milliseconds(100));
      io.timer.async_wait([this](const boost::system::error_code& e) {
        if (!e && !io_->closing) acceptSender();
      });
      return;
    }
    if (io.senders.size() >= options_.max_senders) {
      boost::system::error_code ignored;
      sender->socket.close(ignored);
      showListening("turned a sender away: " + std::to_string(options_.max_senders) + " at most");
      acceptSender();
      return;
    }
    if (io.connected_once) countReconnect();
    io.connected_once = true;
    io.senders.push_back(sender);
    boost::system::error_code pe;
    const auto peer = sender->socket.remote_endpoint(pe);
    showListening(pe ? std::string("a sender connected") : peer.address().to_string() + ":" + std::to_string(peer.port()) + " connected");
    armIdle(sender);
    readSender(sender);
    acceptSender();
  });
}

void TcpSource::listenMode() {
  Io& io = *io_;
  boost::system::error_code ec;
  tcp::resolver resolver(io.io);
  const auto endpoints = resolver.resolve(options_.host, std::to_string(options_.port), ec);
  if (ec || endpoints.empty()) {
    setState(SourceState::Failed, "cannot listen on " + io.where + ": " + (ec ? ec.message() : std::string("no such address")));
    buffer().close();
    return;
  }
  const tcp::endpoint endpoint = *endpoints.begin();
  io.acceptor.open(endpoint.protocol(), ec);
  if (!ec) io.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) io.acceptor.bind(endpoint, ec);
  if (!ec) io.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    setState(SourceState::Failed, "cannot listen on " + io.where + ": " + ec.message());
    buffer().close();
    return;
  }
  bound_port_ = io.acceptor.local_endpoint().port();
  showListening("");
  acceptSender();
  io.io.run();
  closeAll();
}

void TcpSource::closeAll() {
  // Close everything, then let the aborted handlers run (they do nothing now) so no handler
  // outlives what it refers to.
  Io& io = *io_;
  io.closing = true;
  boost::system::error_code ignored;
  io.socket.close(ignored);
  io.acceptor.close(ignored);
  io.timer.cancel();
  for (auto& s : io.senders) {
    s->socket.close(ignored);
    s->idle.cancel();
  }
  io.senders.clear();
  io.io.restart();
  io.io.poll();
}

void TcpSource::run(std::stop_token stop) {
  Io& io = *io_;
  io.where = options_.host + ":" + std::to_string(options_.port);
  io.backoff = options_.backoff;
  io.backoff.reset();
  // Runs until interrupt() stops it (the guard keeps it alive between operations).
  auto guard = asio::make_work_guard(io.io);
  if (stop.stop_requested()) return;
  if (options_.mode == TcpOptions::Mode::Connect) connectMode();
  else listenMode();
}

}  // namespace aaren::stream
