#pragma once
// Samples from UDP datagrams, each holding one or more text lines (CSV or JSON lines).
// Binds host:port (127.0.0.1 unless another address is given). A lost datagram is simply
// missing from the stream (UDP does not say); a malformed one is counted.
// Threading: see StreamSource.h.
#include "core/stream/LineSource.h"

#include <memory>

namespace aaren::stream {

struct UdpOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;            // 0 picks a free port (see boundPort())
  LineParserOptions parser;
  std::size_t buffer = 1 << 16;
  OverflowPolicy policy = OverflowPolicy::DropOldest;
};

class UdpSource : public LineSource {
 public:
  explicit UdpSource(UdpOptions options);
  ~UdpSource() override;
  std::string describe() const override;
  std::uint16_t boundPort() const noexcept { return bound_port_.load(); }

 private:
  struct Io;
  void run(std::stop_token stop) override;
  void interrupt() override;

  UdpOptions options_;
  std::unique_ptr<Io> io_;
  std::atomic<std::uint16_t> bound_port_{0};
};

}  // namespace aaren::stream
