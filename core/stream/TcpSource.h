#pragma once
// Samples from a TCP connection carrying text lines (CSV or JSON lines, LineParser.h), with
// Boost.Asio. Connect mode connects to host:port and reconnects with exponential backoff
// when the connection fails or drops; Listen mode binds host:port (127.0.0.1 unless another
// address is given) and takes up to max_senders senders at once (their samples interleave;
// more are turned away), closing one that sends nothing for idle_timeout_ms. Every
// connection has its own LineReader: its format, header and width are its own.
// A line longer than the parser's limit is counted malformed and skipped to its newline.
// Threading: see StreamSource.h.
#include "core/stream/LineSource.h"

#include <memory>

namespace aaren::stream {

struct TcpOptions {
  enum class Mode { Connect, Listen };
  Mode mode = Mode::Connect;
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;            // Listen: 0 picks a free port (see boundPort())
  LineParserOptions parser;
  Backoff backoff;
  std::size_t buffer = 1 << 16;
  OverflowPolicy policy = OverflowPolicy::DropOldest;
  std::int64_t idle_timeout_ms = 120000;  // Listen: close a sender silent this long (0 = never)
  std::size_t max_senders = 16;           // Listen: senders connected at once
};

class TcpSource : public LineSource {
 public:
  explicit TcpSource(TcpOptions options);
  ~TcpSource() override;
  std::string describe() const override;
  // Listen mode: the port bound (0 until the socket is bound).
  std::uint16_t boundPort() const noexcept { return bound_port_.load(); }

 private:
  struct Io;
  struct Sender;
  void run(std::stop_token stop) override;
  void connectMode();
  void listenMode();
  void readSender(const std::shared_ptr<Sender>& sender);
  void armIdle(const std::shared_ptr<Sender>& sender);
  void acceptSender();
  void showListening(const std::string& event);
  void closeAll();
  void interrupt() override;

  TcpOptions options_;
  std::unique_ptr<Io> io_;
  std::atomic<std::uint16_t> bound_port_{0};
};

}  // namespace aaren::stream
