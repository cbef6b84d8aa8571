#include "core/stream/ReplaySource.h"

#include "core/stream/LoopShift.h"

#include <chrono>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace aaren::stream {

namespace {

std::string rateText(double rate) {
  if (rate <= 0) return "as fast as possible";
  std::ostringstream os;
  os << "at " << rate << "/s";
  return os.str();
}

}  // namespace

ReplaySource::ReplaySource(const data::Series& series, ReplayOptions options)
    : StreamSource(options.buffer, OverflowPolicy::Block), options_(std::move(options)) {
  const std::size_t end = options_.end_row == 0 ? series.rows : std::min(options_.end_row, series.rows);
  if (options_.start_row >= end) throw std::invalid_argument("replay: no rows to replay (start row " + std::to_string(options_.start_row) +
                                                              " of " + std::to_string(series.rows) + ")");
  if (options_.rate < 0 || options_.rate > 1e7) throw std::invalid_argument("replay: the rate must be between 0 and 10,000,000 samples/s");
  rows_ = end - options_.start_row;
  channels_ = series.cols();
  values_.resize(rows_ * channels_);
  for (std::size_t r = 0; r < rows_; ++r)
    for (std::size_t c = 0; c < channels_; ++c) values_[r * channels_ + c] = series.at(options_.start_row + r, c);
  if (series.hasTime()) {
    timestamps_.assign(series.timestamps.begin() + static_cast<std::ptrdiff_t>(options_.start_row),
                       series.timestamps.begin() + static_cast<std::ptrdiff_t>(end));
    period_ = series.time.frequency.seconds;
    if (period_ <= 0 && rows_ > 1) period_ = timestamps_.back() > timestamps_.front() ? (timestamps_.back() - timestamps_.front()) / static_cast<std::int64_t>(rows_ - 1) : 1;
  }
  setColumns(series.names);
}

ReplaySource::ReplaySource(const data::LabeledSeriesSet& set, ReplayOptions options)
    : StreamSource(options.buffer, OverflowPolicy::Block), options_(std::move(options)) {
  if (options_.rate < 0 || options_.rate > 1e7) throw std::invalid_argument("replay: the rate must be between 0 and 10,000,000 samples/s");
  channels_ = set.channels;
  for (std::size_t i = 0; i < set.size(); ++i) rows_ += set.lengths[i];
  if (rows_ == 0) throw std::invalid_argument("replay: the set has no samples");
  values_.resize(rows_ * channels_);
  resets_.assign(rows_, 0);
  labels_.reserve(rows_);
  std::size_t r = 0;
  for (std::size_t i = 0; i < set.size(); ++i) {
    const auto len = set.lengths[i];
    for (std::size_t t = 0; t < len; ++t, ++r) {
      for (std::size_t c = 0; c < channels_; ++c) values_[r * channels_ + c] = set.channel(i, c)[t];
      resets_[r] = t == 0;
      labels_.push_back(set.labels[i]);
    }
  }
  setColumns(set.channelNames);
}

ReplaySource::~ReplaySource() { shutdown(); }

std::string ReplaySource::describe() const {
  return "replay of " + (options_.name.empty() ? std::string("the series") : options_.name) + " " + rateText(options_.rate) +
         (options_.loop ? " (looping)" : "");
}

Sample ReplaySource::sampleAt(std::size_t i) const {
  Sample s;
  s.values.assign(values_.begin() + static_cast<std::ptrdiff_t>(i * channels_), values_.begin() + static_cast<std::ptrdiff_t>((i + 1) * channels_));
  if (!resets_.empty()) s.reset = resets_[i] != 0;
  if (!labels_.empty()) s.label = labels_[i];
  if (!timestamps_.empty()) s.timestamp = timestamps_[i];
  return s;
}

void ReplaySource::run(std::stop_token stop) {
  using Clock = std::chrono::steady_clock;
  setState(SourceState::Running, describe());
  const auto begin = Clock::now();
  std::uint64_t sent = 0;
  std::int64_t time_shift = 0;  // looping: later passes continue the time axis (see loopTimeShift)
  const std::int64_t span = timestamps_.empty() ? 0 : loopTimeShift(timestamps_.front(), timestamps_.back(), period_);
  // Deliver in batches of up to 1/200 s of samples: a sleep per batch, not per sample.
  const std::size_t batch = options_.rate <= 0 ? 256 : std::max<std::size_t>(1, static_cast<std::size_t>(options_.rate / 200));
  std::size_t i = 0;
  while (!stop.stop_requested()) {
    if (i == rows_) {
      if (!options_.loop) break;
      i = 0;
      time_shift += span;
    }
    if (options_.rate > 0) {
      const auto due = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(static_cast<double>(sent) / options_.rate));
      const auto now = Clock::now();
      if (due > now) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(due - now).count();
        if (ms > 0 && !sleepFor(stop, ms)) break;
        std::this_thread::sleep_until(due);  // the rest below a millisecond
      }
    }
    const std::size_t n = std::min(batch, rows_ - i);
    for (std::size_t k = 0; k < n; ++k, ++i, ++sent) {
      Sample s = sampleAt(i);
      if (s.hasTime()) s.timestamp += time_shift;
      deliver(std::move(s));
    }
    notifyDataReady();
  }
  if (!stop.stop_requested()) finish("replayed " + std::to_string(sent) + " samples");
}

}  // namespace aaren::stream
