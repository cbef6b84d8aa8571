#pragma once
// A bounded queue of samples between a source's thread (producer) and a consumer.
// When it is full the policy decides: Block waits for room (replay and file sources: nothing
// is lost, the producer slows down), DropOldest discards the oldest queued sample (live
// network feeds: the newest data wins), DropNewest discards the incoming one. Every drop is
// counted. close() ends the stream: producers stop, the consumer drains what is left.
//
// Threading: any number of producers and consumers; every member is thread-safe.
#include "core/stream/Sample.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace aaren::stream {

enum class OverflowPolicy { Block, DropOldest, DropNewest };
std::string toString(OverflowPolicy policy);

class SampleBuffer {
 public:
  explicit SampleBuffer(std::size_t capacity = 1 << 16, OverflowPolicy policy = OverflowPolicy::DropOldest);

  // Queues a sample. Returns false (and drops it) once the buffer is closed; with Block it
  // waits for room until then.
  bool push(Sample sample);
  // Moves up to `max` samples into `out` (appended), waiting up to `wait` for the first one.
  // Returns how many were moved (0 on timeout or when closed and empty).
  std::size_t pop(std::vector<Sample>& out, std::size_t max, std::chrono::milliseconds wait);

  void close();                // wakes every waiter; push() refuses from now on
  bool closed() const;
  bool drained() const;        // closed and empty: nothing more will come
  std::size_t size() const;
  std::uint64_t dropped() const;
  std::size_t capacity() const noexcept { return capacity_; }
  OverflowPolicy policy() const noexcept { return policy_; }

 private:
  const std::size_t capacity_;
  const OverflowPolicy policy_;
  mutable std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<Sample> queue_;
  std::uint64_t dropped_ = 0;
  bool closed_ = false;
};

}  // namespace aaren::stream
