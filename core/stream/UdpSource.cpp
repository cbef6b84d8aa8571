#include "core/stream/UdpSource.h"

#include <array>
#include <functional>

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio.hpp>

namespace aaren::stream {

namespace asio = boost::asio;
using asio::ip::udp;

struct UdpSource::Io {
  asio::io_context io;
  udp::socket socket{io};
  udp::endpoint sender;
  std::array<char, 65536> buf{};
};

UdpSource::UdpSource(UdpOptions options)
    : LineSource(options.buffer, options.policy, options.parser), options_(std::move(options)), io_(std::make_unique<Io>()) {
  if (options_.host.empty()) options_.host = "127.0.0.1";
}

UdpSource::~UdpSource() { shutdown(); }

std::string UdpSource::describe() const { return "udp://" + options_.host + ":" + std::to_string(boundPort() ? boundPort() : options_.port); }

void UdpSource::interrupt() { io_->io.stop(); }

void UdpSource::run(std::stop_token stop) {
  Io& io = *io_;
  const std::string where = options_.host + ":" + std::to_string(options_.port);
  boost::system::error_code ec;
  udp::resolver resolver(io.io);
  const auto endpoints = resolver.resolve(options_.host, std::to_string(options_.port), ec);
  if (ec || endpoints.empty()) {
    setState(SourceState::Failed, "cannot bind " + where + ": " + (ec ? ec.message() : std::string("no such address")));
    buffer().close();
    return;
  }
  const udp::endpoint endpoint = *endpoints.begin();
  io.socket.open(endpoint.protocol(), ec);
  if (!ec) io.socket.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) io.socket.set_option(asio::socket_base::receive_buffer_size(1 << 22), ec);
  ec.clear();  // a smaller receive buffer than asked is not an error
  io.socket.bind(endpoint, ec);
  if (ec) {
    setState(SourceState::Failed, "cannot bind " + where + ": " + ec.message());
    buffer().close();
    return;
  }
  bound_port_ = io.socket.local_endpoint().port();
  setState(SourceState::Running, "receiving on udp " + options_.host + ":" + std::to_string(boundPort()));

  std::function<void()> receive = [&] {
    io.socket.async_receive_from(asio::buffer(io.buf), io.sender, [&](const boost::system::error_code& e, std::size_t n) {
      if (e == asio::error::operation_aborted) return;
      if (!e && ingestDatagram(std::string_view(io.buf.data(), n)) > 0) notifyDataReady();
      receive();
    });
  };
  receive();
  auto guard = asio::make_work_guard(io.io);
  if (!stop.stop_requested()) io.io.run();
  io.socket.close(ec);
}

}  // namespace aaren::stream
