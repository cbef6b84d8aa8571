#include "core/stream/SampleBuffer.h"

#include <stdexcept>

namespace aaren::stream {

std::string toString(OverflowPolicy policy) {
  switch (policy) {
    case OverflowPolicy::Block: return "block (nothing dropped)";
    case OverflowPolicy::DropOldest: return "drop oldest";
    case OverflowPolicy::DropNewest: return "drop newest";
  }
  return "drop oldest";
}

SampleBuffer::SampleBuffer(std::size_t capacity, OverflowPolicy policy) : capacity_(capacity), policy_(policy) {
  if (capacity == 0) throw std::invalid_argument("SampleBuffer: capacity must be at least 1");
}

bool SampleBuffer::push(Sample sample) {
  std::unique_lock lock(mutex_);
  if (closed_) return false;
  if (queue_.size() >= capacity_) {
    switch (policy_) {
      case OverflowPolicy::Block:
        not_full_.wait(lock, [&] { return closed_ || queue_.size() < capacity_; });
        if (closed_) return false;
        break;
      case OverflowPolicy::DropOldest:
        queue_.pop_front();
        ++dropped_;
        break;
      case OverflowPolicy::DropNewest:
        ++dropped_;
        return true;
    }
  }
  queue_.push_back(std::move(sample));
  lock.unlock();
  not_empty_.notify_one();
  return true;
}

std::size_t SampleBuffer::pop(std::vector<Sample>& out, std::size_t max, std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  if (queue_.empty() && !closed_) not_empty_.wait_for(lock, wait, [&] { return closed_ || !queue_.empty(); });
  std::size_t n = 0;
  while (n < max && !queue_.empty()) {
    out.push_back(std::move(queue_.front()));
    queue_.pop_front();
    ++n;
  }
  lock.unlock();
  if (n > 0) not_full_.notify_all();
  return n;
}

void SampleBuffer::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  not_empty_.notify_all();
  not_full_.notify_all();
}

bool SampleBuffer::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

bool SampleBuffer::drained() const {
  std::lock_guard lock(mutex_);
  return closed_ && queue_.empty();
}

std::size_t SampleBuffer::size() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

std::uint64_t SampleBuffer::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace aaren::stream
