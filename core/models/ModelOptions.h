#pragma once
// Plain model configuration: no Torch here, so the UI and the CLI may include it.
#include <cstdint>
#include <string>

namespace aaren {

enum class ModelType { Aaren, Transformer };
enum class Task { Forecast, Classify };
enum class Pooling { Last, Mean };
// What the linear skip reads (Task::Forecast with linear_skip and predict_delta):
//   Absolute:   ŷ = W x + b                      (the window as it is)
//   Mean:       ŷ = W (x − μ) + b               ("level-free": the window less its mean μ)
//   MeanSpread: ŷ = W (x − μ) + σ·b             (RLinear: the bias scaled by the window's
//               spread σ = √(population variance + 1e-5))
// plus, with predict_delta, the last input x_L the model adds back. A level-free or RLinear
// map ŷ = V(x − μ) + … + μ is stored as W = V − 1·e_Lᵀ, since μ − x_L = −e_Lᵀ(x − μ).
enum class SkipLevel { Absolute, Mean, MeanSpread };

struct ModelOptions {
  ModelType type = ModelType::Aaren;
  Task task = Task::Forecast;
  std::int64_t channels = 1;         // input values per time step
  std::int64_t d_model = 64;
  std::int64_t heads = 4;
  std::int64_t layers = 2;
  std::int64_t d_ff = 128;
  double dropout = 0.1;
  std::int64_t horizon = 24;         // Task::Forecast: next H values of every channel
  std::int64_t classes = 2;          // Task::Classify
  Pooling pooling = Pooling::Last;   // Task::Classify: final state or mean over valid steps
  bool calendar = false;             // add calendar features (needs timestamps)
  // Task::Forecast only. channel_independent: every channel runs as its own univariate
  // sequence through shared weights (the state is per channel). predict_delta: the head
  // predicts x[t+k] - x[t] and the model adds x[t] back (causal, stream-friendly).
  bool channel_independent = false;
  bool predict_delta = false;
  std::int64_t scan_chunk = 32;      // Aaren: steps per chunk of the reduce-then-scan (Scan.h)
  // The value embedding reads the last `input_window` samples of every channel (oldest
  // first), not only the current one: a causal window like a convolution's. Before the
  // first sample the window repeats it. A stream keeps the previous input_window - 1
  // samples: a fixed number of floats, whatever the stream's length. 1 = current sample.
  std::int64_t input_window = 1;
  // With input_window > 1: the window is read relative to the current sample,
  // x[t-j] - x[t] (the current sample itself is then 0), so the network sees the window's
  // shape and not its level, like instance normalisation by the last value. Forecasting
  // models need predict_delta with it (the level comes back through x[t]).
  bool relative_window = false;
  // With relative_window: every channel's window is also divided by its spread
  // s = sqrt(mean_j (x[t-j] - x[t])^2 + 1e-6), and a forecaster's predicted changes are
  // multiplied by s: instance normalisation by the last value and the recent spread, so the
  // forecast follows the series' local level and scale (the state stays the same size).
  bool scale_window = false;
  // Add the sinusoidal encoding of the step index to the embedding. A stream's index grows
  // without bound, past every position seen in training; without it the model sees only
  // values (the order of recent samples through input_window; a Transformer's causal mask).
  bool positional = true;
  // A LayerNorm on the encoder's output before the head. Without it a forecaster's head
  // reads the residual stream itself, so the network holds a linear map of the input window
  // (embedding, then head) exactly, at any amplitude.
  bool final_norm = true;
  // Task::Forecast only. A per-channel daily cycle: a Fourier series of `daily_cycle`
  // harmonics of the time of day (from the timestamps' calendar features), subtracted from
  // every input and added back at every forecast step's time of day, so the network and
  // the linear skip see what the cycle leaves. 0 = off. Needs timestamps and step_seconds
  // (the sampling interval, which places the forecast steps on the clock).
  std::int64_t daily_cycle = 0;
  std::int64_t step_seconds = 0;
  // Task::Forecast with input_window > 1 only. A linear skip: an affine map (shared by the
  // channels) from every channel's input window (absolute values, after the daily cycle) to
  // its forecast, added to the head's output: the network holds a full-rank linear forecast
  // and learns what it misses. The trainer starts it from the least-squares fit.
  bool linear_skip = false;
  SkipLevel skip_level = SkipLevel::Absolute;  // needs linear_skip and predict_delta unless Absolute
};

// True when the model reads calendar features: the embedding's (calendar) or the daily
// cycle's time of day.
bool needsCalendar(const ModelOptions& options);
// Why it does, for messages: "the model uses calendar features" or "the model has a daily
// cycle" (empty when it does not).
std::string calendarUse(const ModelOptions& options);

// Throws std::invalid_argument naming the offending field and value.
void validate(const ModelOptions& options);

std::string toString(ModelType type);
std::string toString(Task task);
std::string toString(Pooling pooling);
std::string toString(SkipLevel level);  // "absolute", "mean", "mean_spread"
// Throw std::invalid_argument listing the accepted names.
ModelType modelTypeFromString(const std::string& name);
Task taskFromString(const std::string& name);
Pooling poolingFromString(const std::string& name);
SkipLevel skipLevelFromString(const std::string& name);

}  // namespace aaren
