#pragma once
// The epoch loop shared by the forecasting and classification trainers: AdamW, warm-up +
// cosine schedule, gradient clipping, early stopping, best-weights checkpoint in memory,
// a resumable checkpoint file, progress, cancel, NaN detection. Internal to core/train.
#include "core/models/Model.h"
#include "core/train/Trainer.h"

#include <functional>
#include <utility>

namespace aaren::train::detail {

struct LoopTask {
  std::int64_t batches_per_epoch = 0;
  std::int64_t samples_per_batch = 0;
  // Called at the start of each epoch (reshuffle); 1-based epoch.
  std::function<void(std::int64_t epoch)> begin_epoch;
  // Loss of batch i of the current epoch, with autograd.
  std::function<torch::Tensor(std::int64_t batch)> batch_loss;
  // Validation loss and metrics (model in eval mode, no grad).
  std::function<std::pair<double, std::map<std::string, double>>()> validate;
};

TrainResult runLoop(Model& model, const TrainOptions& options, const LoopTask& task,
                    const TrainProgressFn& progress, const std::atomic<bool>* cancel);

}  // namespace aaren::train::detail
