#pragma once
// A live data source: delivers Samples into its SampleBuffer from a thread of its own until
// it is stopped or its data ends (a replay reaching the last row). Sources: ReplaySource,
// FileFollowSource, TcpSource (connect or listen), UdpSource, SqlitePollSource; SourceUri.h
// builds one from a URI.
//
// A source never fails on bad data: malformed lines are counted (stats().malformed, with the
// last one's line number and message) and skipped; lost connections are retried with
// exponential backoff (stats().reconnects) and shown as SourceState::Waiting.
//
// Threading: start(), stop() and the destructor are called from one controlling thread.
// The source's own thread pushes into buffer() and calls the data-ready callback after each
// batch; stats(), isRunning() and buffer() may be used from any thread.
#include "core/stream/SampleBuffer.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace aaren::stream {

enum class SourceState {
  Idle,        // not started
  Connecting,  // opening a file, connecting, binding
  Running,     // delivering (or ready to deliver) samples
  Waiting,     // lost the connection or the file: retrying after a backoff
  Finished,    // the data ended (replay); the buffer is closed
  Failed,      // cannot go on (a port that cannot be bound, a database that is not SQLite)
  Stopped,     // stop() was called
};
std::string toString(SourceState state);

struct StreamStats {
  SourceState state = SourceState::Idle;
  std::uint64_t samples = 0;      // delivered into the buffer
  std::uint64_t malformed = 0;    // lines or rows that could not be read
  std::uint64_t dropped = 0;      // discarded by the buffer's overflow policy
  std::uint64_t reconnects = 0;   // connections (re)established after the first
  std::uint64_t bytes = 0;        // bytes read from the wire or the file
  std::int64_t last_malformed_line = 0;  // 1-based line (or row) of the latest malformed one
  std::string last_malformed;     // what was wrong with it
  std::string message;            // the state's detail: "connected to 127.0.0.1:9000", an error
  std::vector<std::string> columns;  // value column names, when the source knows them
  OverflowPolicy policy = OverflowPolicy::DropOldest;
};

class StreamSource {
 public:
  virtual ~StreamSource();
  StreamSource(const StreamSource&) = delete;
  StreamSource& operator=(const StreamSource&) = delete;

  // Starts the source's thread (returns at once). A stopped source cannot be restarted.
  void start();
  // Stops the thread and closes the buffer (idempotent; returns once the thread has ended).
  void stop();
  bool isRunning() const;
  // Whether the data has ended by itself (a finished replay); the buffer is then closed.
  bool finished() const;

  // What the source reads: "tcp://127.0.0.1:9000", "replay of ETTh1.csv at 1000/s".
  virtual std::string describe() const = 0;

  SampleBuffer& buffer() noexcept { return buffer_; }
  StreamStats stats() const;
  // Called on the source's thread after samples were pushed. Set it before start().
  void setDataReady(std::function<void()> callback);

 protected:
  StreamSource(std::size_t capacity, OverflowPolicy policy);

  // The source's body, on its own thread; return when `stop` is requested or the data ends.
  virtual void run(std::stop_token stop) = 0;
  // Wakes run() from a blocking wait (sockets); called by stop() after request_stop().
  virtual void interrupt() {}

  // For run(): deliver a sample (counted; a drop by the policy is counted too).
  void deliver(Sample sample);
  void notifyDataReady();
  void countMalformed(std::int64_t line, std::string what);
  void countBytes(std::uint64_t n);
  void countReconnect();
  void setState(SourceState state, std::string message = {});
  void setColumns(std::vector<std::string> columns);
  // The data ended: state Finished, buffer closed.
  void finish(std::string message = {});
  // Stops the thread; derived destructors call it first (run() may use their members).
  void shutdown();

 private:
  SampleBuffer buffer_;
  mutable std::mutex mutex_;
  StreamStats stats_;
  std::function<void()> data_ready_;
  std::jthread thread_;
  std::atomic<bool> running_{false}, finished_{false}, stopped_{false};
};

// Exponential backoff for reconnecting: initial, doubled after each failure up to max.
struct Backoff {
  std::int64_t initial_ms = 100, max_ms = 5000;
  std::int64_t next_ms = 100;
  std::int64_t next() {
    const auto d = next_ms;
    next_ms = std::min(max_ms, next_ms * 2);
    return d;
  }
  void reset() { next_ms = initial_ms; }
};

// Sleeps up to `ms` milliseconds; returns early (false) when `stop` is requested.
bool sleepFor(std::stop_token stop, std::int64_t ms);

}  // namespace aaren::stream
