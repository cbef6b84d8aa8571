#include "core/stream/StreamSource.h"

#include <chrono>
#include <condition_variable>
#include <exception>

namespace aaren::stream {

std::string toString(SourceState state) {
  switch (state) {
    case SourceState::Idle: return "idle";
    case SourceState::Connecting: return "connecting";
    case SourceState::Running: return "running";
    case SourceState::Waiting: return "waiting to retry";
    case SourceState::Finished: return "finished";
    case SourceState::Failed: return "failed";
    case SourceState::Stopped: return "stopped";
  }
  return "idle";
}

StreamSource::StreamSource(std::size_t capacity, OverflowPolicy policy) : buffer_(capacity, policy) {
  stats_.policy = policy;
}

StreamSource::~StreamSource() { shutdown(); }

void StreamSource::start() {
  if (running_.load() || stopped_.load()) return;
  running_ = true;
  setState(SourceState::Connecting);
  thread_ = std::jthread([this](std::stop_token stop) {
    try {
      run(stop);
    } catch (const std::exception& e) {
      setState(SourceState::Failed, e.what());
      buffer_.close();
    }
    running_ = false;
    notifyDataReady();
  });
}

void StreamSource::shutdown() {
  if (thread_.joinable()) {
    thread_.request_stop();
    interrupt();
    buffer_.close();  // a producer blocked on a full buffer wakes up
    thread_.join();
  }
  running_ = false;
}

void StreamSource::stop() {
  const bool was_stopped = stopped_.exchange(true);
  shutdown();
  buffer_.close();
  if (!was_stopped) {
    std::lock_guard lock(mutex_);
    if (stats_.state != SourceState::Finished && stats_.state != SourceState::Failed) stats_.state = SourceState::Stopped;
  }
}

bool StreamSource::isRunning() const { return running_.load(); }
bool StreamSource::finished() const { return finished_.load(); }

StreamStats StreamSource::stats() const {
  std::lock_guard lock(mutex_);
  StreamStats s = stats_;
  s.dropped = buffer_.dropped();
  return s;
}

void StreamSource::setDataReady(std::function<void()> callback) {
  std::lock_guard lock(mutex_);
  data_ready_ = std::move(callback);
}

void StreamSource::deliver(Sample sample) {
  if (buffer_.push(std::move(sample))) {
    std::lock_guard lock(mutex_);
    ++stats_.samples;
  }
}

void StreamSource::notifyDataReady() {
  std::function<void()> fn;
  {
    std::lock_guard lock(mutex_);
    fn = data_ready_;
  }
  if (fn) fn();
}

void StreamSource::countMalformed(std::int64_t line, std::string what) {
  std::lock_guard lock(mutex_);
  ++stats_.malformed;
  stats_.last_malformed_line = line;
  stats_.last_malformed = std::move(what);
}

void StreamSource::countBytes(std::uint64_t n) {
  std::lock_guard lock(mutex_);
  stats_.bytes += n;
}

void StreamSource::countReconnect() {
  std::lock_guard lock(mutex_);
  ++stats_.reconnects;
}

void StreamSource::setState(SourceState state, std::string message) {
  std::lock_guard lock(mutex_);
  stats_.state = state;
  stats_.message = std::move(message);
}

void StreamSource::setColumns(std::vector<std::string> columns) {
  std::lock_guard lock(mutex_);
  stats_.columns = std::move(columns);
}

void StreamSource::finish(std::string message) {
  finished_ = true;
  setState(SourceState::Finished, std::move(message));
  buffer_.close();
}

bool sleepFor(std::stop_token stop, std::int64_t ms) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  cv.wait_for(lock, stop, std::chrono::milliseconds(ms), [] { return false; });
  return !stop.stop_requested();
}

}  // namespace aaren::stream
