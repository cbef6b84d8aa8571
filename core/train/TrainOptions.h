#pragma once
// Training settings and what the trainer reports while it runs. No Torch: the GUI's
// worker and the CLI fill these in and receive them back.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace aaren::train {

enum class Schedule { Constant, Cosine };

struct TrainOptions {
  std::int64_t epochs = 10;
  std::int64_t batch_size = 64;
  double learning_rate = 1e-3;
  double weight_decay = 1e-4;
  Schedule schedule = Schedule::Cosine;   // cosine decay after a linear warm-up
  double warmup_fraction = 0.05;
  std::int64_t patience = 3;              // early stopping: epochs without validation gain
  double grad_clip = 1.0;                 // max gradient norm; 0 = off
  std::uint64_t seed = 42;
  bool all_positions = true;              // forecasting: every position carries a loss
  std::int64_t train_stride = 1;          // forecasting: use every k-th training window
  // Forecasting: the length of a training sequence (0 = the lookback). Longer sequences
  // teach the forecast from every position of a long context, as on a stream.
  std::int64_t train_length = 0;
  // Forecasting: every batch numbers its steps from a random offset in [0, max) instead of
  // 0, so the absolute position (which grows without bound on a stream) carries no meaning.
  // 0 = off.
  std::int64_t max_position_offset = 0;
  // Forecasting with all_positions: only the positions with a full lookback of context
  // (t >= lookback - 1 in a training sequence) carry a loss: the forecasts a window and a
  // stream past its first lookback steps make. With train_length = lookback that is the
  // last position alone.
  bool full_context_loss = false;
  // Forecasting with a daily cycle or a linear skip: those start from their least-squares fit
  // on the training rows and keep it (only the network trains) unless this is set.
  bool train_linear_parts = false;
  std::int64_t max_val_windows = 0;       // forecasting: 0 = all (evenly spaced otherwise)
  double val_fraction = 0.2;              // classification without a validation set
  int threads = 0;                        // 0 = LibTorch default
  std::string checkpoint_path;            // written after each epoch when set
  bool resume = false;                    // continue from checkpoint_path
};

enum class TrainStatus { Completed, EarlyStopped, Cancelled, Failed };
std::string toString(TrainStatus status);

struct TrainingProgress {
  std::int64_t epoch = 0, epochs = 0;     // 1-based epoch
  std::int64_t batch = 0, batches = 0;    // 1-based batch within the epoch
  double train_loss = 0;                  // running mean over the epoch so far
  double val_loss = -1;                   // last validation loss (-1 before the first)
  std::map<std::string, double> val_metrics;
  double samples_per_second = 0;
  double elapsed_seconds = 0;
  double eta_seconds = 0;
  bool epoch_end = false;                 // true once per epoch, after validation
};

// Return false to cancel (honoured within one batch).
using TrainProgressFn = std::function<bool(const TrainingProgress&)>;

struct EpochRecord {
  std::int64_t epoch = 0;
  double train_loss = 0, val_loss = 0;
  std::map<std::string, double> val_metrics;
  double seconds = 0;
};

}  // namespace aaren::train
