#pragma once
// Serves a series as a live feed of text lines, for demos and tests (`aaren feed`):
//
//   tcp://HOST:PORT          listen there and send every line to each connected client
//                            (clients that join later start at the current row)
//   tcp+listen://HOST:PORT   connect to a stream that listens there (reconnecting)
//   udp://HOST:PORT          send datagrams there
//
// the same URIs `aaren stream --source` takes at the other end. Lines are CSV
// (`timestamp,v1,v2,…` with the timestamp as "YYYY-MM-DD HH:MM:SS", or values only for an
// untimed series) or JSON ({"timestamp": "...", "values": [...]}); values are written in
// their shortest exact form, NaN as empty (CSV) or null (JSON).
//
// tcp:// never lets one client hold up the others: each client has its own queue of bytes
// written without blocking; a client whose queue passes client_backlog_bytes (it reads
// too slowly, or not at all) is disconnected and counted (FeedProgress::dropped_clients).
// At rate 0 rows are made as fast as the fastest client takes them. tcp+listen:// writes
// without blocking too: Ctrl-C works while the stream is not reading, and a stream that
// takes nothing for stall_timeout_ms is reconnected to (the rows are kept).
// Threading: run() blocks the calling thread until the rows are sent, `cancel` is set, or an
// error is thrown (std::runtime_error naming the address).
#include "core/data/Series.h"
#include "core/stream/LineParser.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace aaren::stream {

struct FeedOptions {
  double rate = 1000;              // lines per second; 0 = as fast as the network takes them
  LineFormat format = LineFormat::Csv;
  std::size_t start_row = 0;
  std::size_t count = 0;           // rows to send; 0 = to the end
  bool loop = false;               // start again after the last row (timestamps go on)
  bool wait_for_client = true;     // tcp://: hold the first row until a client connects
  bool header = false;             // CSV: send a header line to each client first
  std::size_t client_backlog_bytes = std::size_t{4} << 20;  // tcp://: queued for one client at most
  std::int64_t stall_timeout_ms = 5000;  // a peer taking no byte this long is given up on
};

struct FeedProgress {
  std::uint64_t sent = 0;          // rows sent (to at least one client, or datagrams)
  std::uint64_t clients = 0;       // connected now (tcp)
  std::uint64_t connections = 0;   // accepted or made so far
  std::uint64_t dropped_clients = 0;  // tcp://: disconnected for not keeping up
};

// One row as a line (no newline).
std::string formatCsvLine(const data::Series& series, std::size_t row);
std::string formatJsonLine(const data::Series& series, std::size_t row);
std::string formatCsvHeader(const data::Series& series);

class Feed {
 public:
  Feed(const data::Series& series, std::string target, FeedOptions options = {});
  ~Feed();
  // Sends; `progress` (optional) is called on this thread about ten times a second.
  FeedProgress run(const std::atomic<bool>& cancel, const std::function<void(const FeedProgress&)>& progress = {});
  // tcp://: the port listened on once run() has bound it (useful with port 0).
  std::uint16_t boundPort() const noexcept { return bound_port_.load(); }

 private:
  const data::Series& series_;
  std::string target_;
  FeedOptions options_;
  std::atomic<std::uint16_t> bound_port_{0};
};

}  // namespace aaren::stream
