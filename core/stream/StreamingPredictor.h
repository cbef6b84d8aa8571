#pragma once
// Runs one trained model over a live stream, one sample at a time: Aaren with its O(1) step
// (the fused inference path by default, or LibTorch ops), the Transformer with its KV cache
// (optionally a sliding window of the last kv_window tokens). Each push() returns the
// forecast of the next `horizon` steps of every channel in original units, or for a
// classifier the class probabilities of the sequence so far, with the time the step took
// and the exact bytes of state the model now holds.
//
// Values are mapped to the model's columns by name when the stream's column names are
// given, else by position; scaled with the model's scaler; a missing value (NaN) takes the
// channel's last value (its training mean before any). A model that reads the calendar (calendar
// features or a daily cycle) needs timestamps:
// a sample without one is placed one sampling interval after the previous sample.
// The stream's state starts at the first sample pushed: the forecast after n samples equals
// the model's parallel forward over those n samples (tested to 1e-4).
//
// No Torch type here. Threading: a StreamingPredictor belongs to one thread at a time;
// several predictors may share one TrainedModel across threads.
#include "core/stream/Sample.h"
#include "core/train/TrainedModel.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace aaren::stream {

struct PredictorOptions {
  bool fused = true;                          // Aaren: the fused step (no per-op dispatch)
  std::int64_t kv_window = 0;                 // Transformer: keep the last N tokens; 0 = all
  std::vector<std::string> stream_columns;    // the stream's value names; empty = by position
};

struct StepResult {
  std::int64_t index = -1;              // 0-based index of the sample in the stream
  std::int64_t timestamp = kNoTime;     // of that sample (or placed, see above)
  std::vector<double> actual;           // the sample's values in the model's channel order (NaN = missing)
  std::vector<double> forecast;         // forecasting: [horizon][channels], original units
  std::vector<float> probabilities;     // classification: per class, sums to 1
  double seconds = 0;                   // the model's step alone (scaling excluded)
  std::int64_t state_bytes = 0;         // exact logical state after the step
  std::int64_t allocated_bytes = 0;     // what the state's tensors reserve (>= state_bytes)
};

class StreamingPredictor {
 public:
  explicit StreamingPredictor(train::TrainedModel model, PredictorOptions options = {});
  ~StreamingPredictor();
  StreamingPredictor(StreamingPredictor&&) noexcept;
  StreamingPredictor& operator=(StreamingPredictor&&) noexcept;

  // Consumes one sample. Throws std::invalid_argument when it does not fit the model
  // ("the sample has 3 values but the model reads 7 (HUFL, …)") and leaves the state as it was.
  const StepResult& push(const Sample& sample);
  // Forgets the stream (a new sequence): the state is as before the first sample.
  void reset();

  std::int64_t steps() const noexcept;          // samples consumed since the last reset
  std::int64_t stateBytes() const;
  std::int64_t allocatedBytes() const;
  const StepResult& last() const noexcept;
  const train::TrainedModel& model() const noexcept;
  Task task() const;
  std::int64_t channels() const;
  std::int64_t horizon() const;
  const std::vector<std::string>& columns() const;  // the model's channel names
  bool usesFusedStep() const noexcept;
  // "Aaren (fused step)", "Transformer (KV cache, window 4096)"
  std::string kind() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// An untrained Transformer with the same options (widths, heads, layers, channels, horizon or
// classes, embedding) and schema as `model`, for showing what the Transformer's KV cache and
// step would cost on the same stream when no trained Transformer is loaded. Its forecasts
// mean nothing; the session marks it cost-only. Seeded, so its timings are repeatable.
train::TrainedModel makeTransformerTwin(const train::TrainedModel& model, std::uint64_t seed = 1);

}  // namespace aaren::stream
