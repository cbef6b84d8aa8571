#pragma once
// Replays a loaded series (or the cases of a labelled set) as a live stream at a chosen rate:
// 1 to 100,000 samples per second, or as fast as the consumer takes them (rate 0). The
// buffer blocks when full, so a replay loses nothing; pacing is by the steady clock, in
// small batches at high rates, so the average rate holds even when one sleep oversleeps.
// Threading: see StreamSource.h.
#include "core/data/LabeledSeriesSet.h"
#include "core/data/Series.h"
#include "core/stream/StreamSource.h"

#include <memory>

namespace aaren::stream {

struct ReplayOptions {
  double rate = 1000;           // samples per second; 0 = as fast as possible
  std::size_t start_row = 0;    // first row replayed
  std::size_t end_row = 0;      // one past the last row; 0 = the end of the series
  bool loop = false;            // start again at start_row after the last row (timestamps go on)
  std::string name;             // shown by describe() ("ETTh1.csv")
  std::size_t buffer = 1 << 14;
};

class ReplaySource : public StreamSource {
 public:
  // Copies what it needs of the series (the rows replayed).
  ReplaySource(const data::Series& series, ReplayOptions options = {});
  // Every case in order; the first sample of each case has reset = true and every sample the
  // case's label. Channels are the set's channels; no timestamps.
  ReplaySource(const data::LabeledSeriesSet& set, ReplayOptions options = {});
  ~ReplaySource() override;

  std::string describe() const override;
  std::size_t rows() const noexcept { return rows_; }

 private:
  void run(std::stop_token stop) override;
  Sample sampleAt(std::size_t i) const;

  ReplayOptions options_;
  std::size_t rows_ = 0, channels_ = 0;
  std::vector<double> values_;          // row-major [rows][channels]
  std::vector<std::int64_t> timestamps_;
  std::vector<std::uint8_t> resets_;
  std::vector<std::string> labels_;     // per row (labelled sets)
  std::int64_t period_ = 0;             // seconds between rows, for looping timestamps
};

}  // namespace aaren::stream
