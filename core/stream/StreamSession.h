#pragma once
// A live session: one source feeding every loaded model. What the app's Live tab and
// `aaren stream` both drive.
//
//   StreamSession session(makeSource("tcp://127.0.0.1:9000"), {{aaren, "Aaren"}, {tf, "Transformer"}});
//   session.start();
//   every ~33 ms:  SessionUpdate u = session.takeUpdate();   // what is new since the last call
//
// Threads: a dispatcher takes samples from the source's buffer and hands each to every
// model's runner; each model runs on its own thread with its own queue, so a Transformer
// whose steps grow with its KV cache falls behind without holding back Aaren. The fastest
// running model sets the pace: the dispatcher waits while its backlog is over a quarter of
// `model_queue` or 2,048 samples, whichever is less (a replay then slows down, a network source's buffer applies its overflow
// policy). A runner that falls `model_queue` samples behind, or whose state passes its byte
// limit, is stopped with a message saying so (its figures stay); the others go on.
//
// Per model it keeps: the latest forecast of the next horizon steps, the one-step-ahead
// forecasts aligned with the samples they forecast (new ones since the last take), the mean
// absolute error of the last `rolling_window` one-step forecasts per channel, step latency
// (median and p99 over the last `latency_window` steps), cumulative step time, exact state
// bytes, and a decimated memory/latency trace over the whole run (bounded). Classifiers
// give live class probabilities and, when samples carry labels, the accuracy over finished
// sequences. Everything is bounded: an untaken backlog of actual samples is capped at
// `display_capacity`, so a 10-million-sample stream holds flat memory.
//
// Threading: construct, start(), stop() and destroy from one thread; takeUpdate(),
// traces(), finished() and snapshot queries may be called from any thread.
#include "core/stream/RollingStats.h"
#include "core/stream/StreamSource.h"
#include "core/stream/StreamingPredictor.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace aaren::stream {

struct ModelSlot {
  train::TrainedModel model;
  std::string label;                   // "" = from the model type
  PredictorOptions options;
  bool cost_only = false;              // its forecasts are not shown or scored (a twin)
  std::int64_t max_state_bytes = 0;    // stop the model when its state passes this; 0 = no limit
};

struct SessionOptions {
  std::size_t display_capacity = 100000;  // actual samples kept until taken
  std::size_t rolling_window = 100;       // one-step forecasts in the rolling MAE
  std::size_t latency_window = 1000;      // steps in the latency median / p99
  std::size_t model_queue = 1 << 16;      // samples a model may lag before it is stopped
  std::size_t trace_points = 2048;        // points per memory trace
  std::size_t one_step_capacity = 100000; // one-step points kept until taken, per model
};

enum class ModelStatus { Waiting, Running, Stopped, Failed, Finished };
std::string toString(ModelStatus status);

struct ActualPoint {
  std::int64_t index = 0;
  std::int64_t timestamp = kNoTime;
  std::vector<double> values;
};

// The forecast made after sample index - 1 for sample `index` (its first step); indices are
// the stream's (ActualPoint::index), so they stay aligned when a model rejects a sample.
struct OneStepPoint {
  std::int64_t index = 0;
  std::int64_t timestamp = kNoTime;
  std::vector<double> values;   // per model channel, original units
};

struct ModelView {
  std::string label, kind;
  bool cost_only = false;
  Task task = Task::Forecast;
  std::vector<std::string> columns;   // the model's channels
  std::vector<std::string> classes;
  std::int64_t horizon = 0;
  ModelStatus status = ModelStatus::Waiting;
  std::string message;                // why it stopped or failed
  std::uint64_t samples = 0;          // consumed
  std::int64_t last_index = -1;       // stream index of the last sample it took (consumed or rejected)
  std::uint64_t rejected = 0;         // samples that did not fit the model
  std::uint64_t backlog = 0;          // queued for it, not yet consumed

  std::vector<OneStepPoint> one_step; // new since the last take (forecasting, not cost-only)
  std::int64_t forecast_origin = -1;  // stream index of the sample the latest forecast follows
  std::vector<double> forecast;       // [horizon][channels], original units
  std::vector<std::int64_t> forecast_times;  // per step, when the stream is timed
  std::vector<double> rolling_mae;    // per channel over the last rolling_window one-step forecasts
  std::size_t mae_count = 0;          // one-step forecasts in it

  std::vector<float> probabilities;   // classification: latest
  int predicted = -1;
  std::uint64_t cases = 0, correct = 0;  // finished labelled sequences

  MemorySample latest;                // current figures
  std::vector<MemorySample> trace;    // the whole run, decimated
};

struct SessionUpdate {
  std::vector<ActualPoint> actuals;   // new since the last take
  std::uint64_t actuals_dropped = 0;  // untaken actuals discarded (display_capacity) so far
  std::vector<ModelView> models;
  StreamStats source;
  std::vector<std::string> columns;   // the stream's value names (may be empty)
  std::uint64_t samples = 0;          // taken from the source so far
  std::int64_t rss_bytes = 0;
  double elapsed_seconds = 0;
  bool finished = false;              // the source ended and every model has caught up
};

class StreamSession {
 public:
  StreamSession(std::unique_ptr<StreamSource> source, std::vector<ModelSlot> models, SessionOptions options = {});
  ~StreamSession();
  StreamSession(const StreamSession&) = delete;
  StreamSession& operator=(const StreamSession&) = delete;

  void start();
  void stop();   // stops the source and every model (idempotent)
  bool running() const;
  bool finished() const;
  // Waits until finished() or the timeout; true when finished.
  bool waitFinished(std::chrono::milliseconds timeout) const;

  SessionUpdate takeUpdate();
  // Every model's memory/latency trace so far (for a report).
  std::vector<std::pair<std::string, std::vector<MemorySample>>> traces() const;
  // Starts every model's state afresh at the next sample (e.g. a new sequence to classify).
  void resetModels();

  const StreamSource& source() const;
  std::size_t modelCount() const;

 private:
  struct Runner;
  struct Shared;
  void dispatch(std::stop_token stop);

  std::unique_ptr<StreamSource> source_;
  SessionOptions options_;
  std::vector<std::unique_ptr<Runner>> runners_;
  std::unique_ptr<Shared> shared_;
  std::jthread dispatcher_;
  std::atomic<bool> started_{false}, stopped_{false};
};

}  // namespace aaren::stream
