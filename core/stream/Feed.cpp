#include "core/stream/Feed.h"

#include "core/data/Timestamp.h"
#include "core/stream/LoopShift.h"
#include "core/stream/SourceUri.h"
#include "core/stream/StreamSource.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <list>
#include <thread>

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio.hpp>


namespace aaren::stream {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

namespace {

void appendNumber(std::string& out, double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

std::string jsonEscaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out;
}

using Clock = std::chrono::steady_clock;

// Rows due by now at `rate` per second since `begin`, given `sent` already.
std::size_t due(Clock::time_point begin, double rate, std::uint64_t sent) {
  if (rate <= 0) return 4096;
  const double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
  const double target = elapsed * rate;
  return target > static_cast<double>(sent) ? static_cast<std::size_t>(std::min(target - static_cast<double>(sent), 65536.0)) : 0;
}

// Bytes on their way to one peer: written without blocking, as the peer takes them.
struct Outbox {
  std::string bytes;
  std::size_t done = 0;  // bytes[0, done) are written
  std::size_t backlog() const { return bytes.size() - done; }
  void add(const std::string& more) {
    if (done > 0 && done == bytes.size()) bytes.clear(), done = 0;
    bytes += more;
  }
  // Writes what the socket takes now. Returns the bytes written; `ec` is set when the peer is
  // gone (not when it is merely full).
  std::size_t flush(tcp::socket& socket, boost::system::error_code& ec) {
    std::size_t written = 0;
    ec.clear();
    while (done < bytes.size()) {
      const auto n = socket.write_some(asio::buffer(bytes.data() + done, bytes.size() - done), ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) {
        ec.clear();
        break;
      }
      if (ec) break;
      done += n;
      written += n;
    }
    if (done == bytes.size()) bytes.clear(), done = 0;
    else if (done >= (std::size_t{1} << 20)) bytes.erase(0, done), done = 0;
    return written;
  }
};

struct Client {
  tcp::socket socket;
  Outbox out;
};

}  // namespace

std::string formatCsvLine(const data::Series& series, std::size_t row) {
  std::string line;
  if (series.hasTime()) line = data::formatTimestamp(series.timestamps[row]);
  for (std::size_t c = 0; c < series.cols(); ++c) {
    if (series.hasTime() || c > 0) line += ',';
    const double v = series.at(row, c);
    if (!std::isnan(v)) appendNumber(line, v);
  }
  return line;
}

std::string formatJsonLine(const data::Series& series, std::size_t row) {
  std::string line = "{";
  if (series.hasTime()) line += "\"timestamp\":\"" + data::formatTimestamp(series.timestamps[row]) + "\",";
  line += "\"values\":[";
  for (std::size_t c = 0; c < series.cols(); ++c) {
    if (c > 0) line += ',';
    const double v = series.at(row, c);
    if (std::isnan(v)) line += "null";
    else appendNumber(line, v);
  }
  return line + "]}";
}

std::string formatCsvHeader(const data::Series& series) {
  std::string line;
  if (series.hasTime()) line = "timestamp";
  for (std::size_t c = 0; c < series.cols(); ++c) {
    if (series.hasTime() || c > 0) line += ',';
    std::string name = series.names[c];
    if (name.find_first_of(",\"") != std::string::npos) name = "\"" + jsonEscaped(name) + "\"";
    line += name;
  }
  return line;
}

Feed::Feed(const data::Series& series, std::string target, FeedOptions options)
    : series_(series), target_(std::move(target)), options_(options) {
  if (series_.rows == 0) throw std::invalid_argument("feed: the data has no rows");
  if (options_.start_row >= series_.rows)
    throw std::invalid_argument("feed: start row " + std::to_string(options_.start_row) + " is past the last row (" +
                                std::to_string(series_.rows - 1) + ")");
  if (options_.rate < 0) throw std::invalid_argument("feed: the rate must not be negative");
  const auto u = parseSourceUri(target_);
  if (u.scheme != "tcp" && u.scheme != "tcp+listen" && u.scheme != "udp")
    throw std::invalid_argument("feed: cannot send to '" + target_ + "' (expected tcp://HOST:PORT, tcp+listen://HOST:PORT or udp://HOST:PORT)");
}

Feed::~Feed() = default;

FeedProgress Feed::run(const std::atomic<bool>& cancel, const std::function<void(const FeedProgress&)>& progress) {
  const auto u = parseSourceUri(target_);
  const std::string where = u.host + ":" + std::to_string(u.port);
  const std::size_t end = options_.count == 0 ? series_.rows : std::min(series_.rows, options_.start_row + options_.count);
  std::size_t row = options_.start_row;
  FeedProgress fp;
  asio::io_context io;
  boost::system::error_code ec;

  // Looping: every pass continues the time axis (see loopTimeShift).
  std::int64_t shift = 0;
  std::int64_t span = 0;
  if (series_.hasTime() && end > options_.start_row) {
    const auto first = series_.timestamps[options_.start_row], last = series_.timestamps[end - 1];
    const auto step = series_.time.frequency.seconds > 0 ? series_.time.frequency.seconds
                                                         : (end - options_.start_row > 1 ? (last - first) / static_cast<std::int64_t>(end - options_.start_row - 1) : 1);
    span = loopTimeShift(first, last, step);
  }
  data::Series one;  // a row with shifted time, for later passes
  auto lineAt = [&](std::size_t r) {
    const data::Series* s = &series_;
    std::size_t at = r;
    if (shift != 0) {
      one.rows = 1;
      one.names = series_.names;
      one.timestamps = {series_.timestamps[r] + shift};
      one.values.resize(series_.cols());
      for (std::size_t c = 0; c < series_.cols(); ++c) one.values[c] = series_.at(r, c);
      s = &one;
      at = 0;
    }
    auto l = options_.format == LineFormat::Json ? formatJsonLine(*s, at) : formatCsvLine(*s, at);
    l += '\n';
    return l;
  };
  auto nextRows = [&](std::size_t n, std::string& out) {
    std::size_t k = 0;
    while (k < n) {
      if (row >= end) {
        if (!options_.loop) break;
        row = options_.start_row;
        shift += span;
      }
      out += lineAt(row++);
      ++k;
    }
    return k;
  };
  const std::string header = formatCsvHeader(series_) + "\n";
  const bool send_header = options_.header && options_.format != LineFormat::Json;
  auto last_report = Clock::now();
  auto report = [&] {
    if (progress && Clock::now() - last_report > std::chrono::milliseconds(100)) {
      progress(fp);
      last_report = Clock::now();
    }
  };
  auto finishedRows = [&] { return !options_.loop && row >= end; };

  if (u.scheme == "udp") {
    udp::socket socket(io);
    udp::resolver resolver(io);
    const auto eps = resolver.resolve(u.host, std::to_string(u.port), ec);
    if (ec || eps.empty()) throw std::runtime_error("feed: cannot resolve " + where + (ec ? ": " + ec.message() : std::string()));
    const udp::endpoint to = *eps.begin();
    socket.open(to.protocol(), ec);
    if (ec) throw std::runtime_error("feed: cannot open a UDP socket: " + ec.message());
    const auto begin = Clock::now();
    while (!cancel.load() && !finishedRows()) {
      const auto n = due(begin, options_.rate, fp.sent);
      if (n == 0) {
        std::this_thread::sleep_for(std::chrono::microseconds(500));
        report();
        continue;
      }
      std::string datagram;
      for (std::size_t i = 0; i < n && !finishedRows(); ++i) {
        std::string line;
        nextRows(1, line);
        if (datagram.size() + line.size() > 1400 && !datagram.empty()) {
          socket.send_to(asio::buffer(datagram), to, 0, ec);
          datagram.clear();
        }
        datagram += line;
        ++fp.sent;
      }
      if (!datagram.empty()) socket.send_to(asio::buffer(datagram), to, 0, ec);
      report();
    }
    if (progress) progress(fp);
    return fp;
  }

  if (u.scheme == "tcp+listen") {
    // The stream listens: connect to it, and again after it goes away or stalls.
    tcp::socket socket(io);
    Backoff backoff;
    bool connected = false;
    Outbox pending;
    auto begin = Clock::now();
    auto last_progress = Clock::now();
    std::uint64_t sent_at_begin = 0;
    const auto stall = std::chrono::milliseconds(options_.stall_timeout_ms);
    while (!cancel.load() && (!finishedRows() || pending.backlog() > 0)) {
      if (!connected) {
        tcp::resolver resolver(io);
        const auto eps = resolver.resolve(u.host, std::to_string(u.port), ec);
        if (!ec) asio::connect(socket, eps, ec);
        if (!ec) socket.non_blocking(true, ec);
        if (ec) {
          socket.close(ec);
          const auto ms = backoff.next();
          for (std::int64_t t = 0; t < ms && !cancel.load(); t += 10) std::this_thread::sleep_for(std::chrono::milliseconds(10));
          continue;
        }
        connected = true;
        ++fp.connections;
        fp.clients = 1;
        backoff.reset();
        begin = last_progress = Clock::now();  // pacing restarts: rows are held while disconnected
        sent_at_begin = fp.sent;
        if (send_header) {  // the header first, then the rows kept from the last connection
          std::string rest = pending.bytes.substr(pending.done);
          pending = {};
          pending.add(header + rest);
        }
      }
      if (pending.backlog() == 0) {
        const auto n = due(begin, options_.rate, fp.sent - sent_at_begin);
        if (n == 0) {
          std::this_thread::sleep_for(std::chrono::microseconds(500));
          last_progress = Clock::now();
          report();
          continue;
        }
        std::string rows;
        fp.sent += nextRows(n, rows);
        pending.add(rows);
      }
      const auto written = pending.flush(socket, ec);
      if (written > 0) last_progress = Clock::now();
      if (ec || Clock::now() - last_progress > stall) {  // keep the rows: they go out after reconnecting
        socket.close(ec);
        connected = false;
        fp.clients = 0;
        continue;
      }
      if (pending.backlog() > 0 && written == 0) std::this_thread::sleep_for(std::chrono::microseconds(500));
      report();
    }
    if (connected) {
      socket.shutdown(tcp::socket::shutdown_send, ec);
      socket.close(ec);
    }
    if (progress) progress(fp);
    return fp;
  }

  // tcp://: listen and serve every client.
  tcp::acceptor acceptor(io);
  tcp::resolver resolver(io);
  const auto eps = resolver.resolve(u.host, std::to_string(u.port), ec);
  if (ec || eps.empty()) throw std::runtime_error("feed: cannot listen on " + where + (ec ? ": " + ec.message() : std::string()));
  const tcp::endpoint ep = *eps.begin();
  acceptor.open(ep.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(ep, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("feed: cannot listen on " + where + ": " + ec.message());
  acceptor.non_blocking(true);
  bound_port_ = acceptor.local_endpoint().port();
  std::list<Client> clients;
  auto begin = Clock::now();
  std::uint64_t sent_at_begin = 0;
  bool paused = true;
  const std::size_t cap = std::max<std::size_t>(options_.client_backlog_bytes, 1);
  const std::size_t low_water = std::max<std::size_t>(cap / 4, 1);
  // Writes each client's queue as far as it takes it; drops the ones that are gone.
  auto flushAll = [&] {
    std::size_t written = 0;
    for (auto it = clients.begin(); it != clients.end();) {
      written += it->out.flush(it->socket, ec);
      if (ec) {
        it->socket.close(ec);
        it = clients.erase(it);
      } else {
        ++it;
      }
    }
    return written;
  };
  while (!cancel.load() && !finishedRows()) {
    while (true) {  // take every waiting connection
      tcp::socket s(io);
      acceptor.accept(s, ec);
      if (ec) break;
      s.non_blocking(true, ec);
      s.set_option(tcp::no_delay(true), ec);
      clients.push_back(Client{std::move(s), {}});
      if (send_header) clients.back().out.add(header);
      ++fp.connections;
    }
    fp.clients = clients.size();
    if (clients.empty() && options_.wait_for_client) {
      paused = true;  // hold the rows until someone listens
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      report();
      continue;
    }
    if (paused) {
      begin = Clock::now();
      sent_at_begin = fp.sent;
      paused = false;
    }
    std::size_t n = due(begin, options_.rate, fp.sent - sent_at_begin);
    if (options_.rate <= 0 && !clients.empty()) {
      // As fast as the fastest client takes them: more rows once one has room.
      std::size_t least = cap;
      for (const auto& c : clients) least = std::min(least, c.out.backlog());
      if (least >= low_water) n = 0;
    }
    if (n > 0) {
      std::string chunk;
      if (options_.rate > 0) {
        fp.sent += nextRows(n, chunk);
      } else {  // a quarter of the backlog limit at a time: a client keeping up is never dropped
        for (std::size_t k = 1; k > 0 && chunk.size() < low_water;) fp.sent += k = nextRows(64, chunk);
      }
      for (auto it = clients.begin(); it != clients.end();) {
        if (it->out.backlog() > 0 && it->out.backlog() + chunk.size() > cap) {  // not keeping up: let it go, the others go on
          it->socket.close(ec);
          it = clients.erase(it);
          ++fp.dropped_clients;
          continue;
        }
        it->out.add(chunk);
        ++it;
      }
    }
    const auto written = flushAll();
    fp.clients = clients.size();
    if (n == 0 && written == 0) std::this_thread::sleep_for(std::chrono::microseconds(500));
    report();
  }
  // The rows are made: let every client take what is queued for it, while it keeps taking.
  auto last_progress = Clock::now();
  const auto stall = std::chrono::milliseconds(options_.stall_timeout_ms);
  while (!cancel.load() && Clock::now() - last_progress <= stall) {
    std::size_t left = 0;
    for (const auto& c : clients) left += c.out.backlog();
    if (left == 0) break;
    if (flushAll() > 0) last_progress = Clock::now();
    else std::this_thread::sleep_for(std::chrono::microseconds(500));
    report();
  }
  for (auto& c : clients) {
    if (!cancel.load() && c.out.backlog() > 0) ++fp.dropped_clients;  // gave up on it
    c.socket.shutdown(tcp::socket::shutdown_send, ec);
    c.socket.close(ec);
  }
  fp.clients = 0;
  if (progress) progress(fp);
  return fp;
}

}  // namespace aaren::stream
