#include "core/train/TrainLoop.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <stdexcept>

namespace aaren::train {

std::string toString(TrainStatus status) {
  switch (status) {
    case TrainStatus::Completed: return "completed";
    case TrainStatus::EarlyStopped: return "early-stopped";
    case TrainStatus::Cancelled: return "cancelled";
    case TrainStatus::Failed: return "failed";
  }
  return "unknown";
}

namespace detail {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<torch::Tensor> snapshot(Model& model) {
  std::vector<torch::Tensor> out;
  torch::NoGradGuard no_grad;
  for (auto& p : model->parameters()) out.push_back(p.detach().clone());
  for (auto& b : model->buffers()) out.push_back(b.detach().clone());
  return out;
}

void restore(Model& model, const std::vector<torch::Tensor>& saved) {
  torch::NoGradGuard no_grad;
  std::size_t i = 0;
  for (auto& p : model->parameters()) p.copy_(saved[i++]);
  for (auto& b : model->buffers()) b.copy_(saved[i++]);
}

double learningRate(const TrainOptions& o, std::int64_t step, std::int64_t total) {
  if (o.schedule == Schedule::Constant) return o.learning_rate;
  const auto warmup = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(o.warmup_fraction * static_cast<double>(total))));
  if (step < warmup) return o.learning_rate * static_cast<double>(step + 1) / static_cast<double>(warmup);
  const double progress = static_cast<double>(step - warmup) / static_cast<double>(std::max<std::int64_t>(1, total - warmup));
  return o.learning_rate * (0.02 + 0.98 * 0.5 * (1 + std::cos(std::numbers::pi * std::min(1.0, progress))));
}

struct LoopState {
  std::int64_t epoch = 0;  // epochs finished
  std::int64_t best_epoch = 0;
  double best_val = 0;
  std::int64_t bad_epochs = 0;
};

void saveCheckpoint(const std::string& path, Model& model, torch::optim::Optimizer& optimizer,
                    const LoopState& s, const std::vector<torch::Tensor>& best) {
  torch::serialize::OutputArchive archive;
  archive.write("meta", torch::tensor({static_cast<double>(s.epoch), static_cast<double>(s.best_epoch), s.best_val,
                                       static_cast<double>(s.bad_epochs)},
                                      torch::kFloat64));
  torch::serialize::OutputArchive model_archive, optimizer_archive, best_archive;
  model->save(model_archive);
  optimizer.save(optimizer_archive);
  for (std::size_t i = 0; i < best.size(); ++i) best_archive.write(std::to_string(i), best[i]);
  archive.write("model", model_archive);
  archive.write("optimizer", optimizer_archive);
  archive.write("best", best_archive);
  const std::string tmp = path + ".tmp";
  archive.save_to(tmp);
  std::filesystem::rename(tmp, path);
}

LoopState loadCheckpoint(const std::string& path, Model& model, torch::optim::Optimizer& optimizer,
                         std::vector<torch::Tensor>& best) {
  if (!std::filesystem::exists(path)) throw std::invalid_argument(path + ": no checkpoint to resume from");
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path);
  } catch (const std::exception&) {
    throw std::invalid_argument(path + ": not a readable training checkpoint");
  }
  torch::Tensor meta;
  archive.read("meta", meta);
  torch::serialize::InputArchive model_archive, optimizer_archive, best_archive;
  archive.read("model", model_archive);
  archive.read("optimizer", optimizer_archive);
  archive.read("best", best_archive);
  model->load(model_archive);
  optimizer.load(optimizer_archive);
  best = snapshot(model);
  for (std::size_t i = 0; i < best.size(); ++i) best_archive.read(std::to_string(i), best[i]);
  auto m = meta.accessor<double, 1>();
  return {static_cast<std::int64_t>(m[0]), static_cast<std::int64_t>(m[1]), m[2], static_cast<std::int64_t>(m[3])};
}

}  // namespace

TrainResult runLoop(Model& model, const TrainOptions& o, const LoopTask& task,
                    const TrainProgressFn& progress, const std::atomic<bool>* cancel) {
  if (o.epochs < 1) throw std::invalid_argument("TrainOptions.epochs must be at least 1");
  if (o.batch_size < 1) throw std::invalid_argument("TrainOptions.batch_size must be at least 1");
  if (!(o.learning_rate > 0)) throw std::invalid_argument("TrainOptions.learning_rate must be positive");
  if (task.batches_per_epoch < 1) throw std::invalid_argument("training data gives no batches");

  const auto start = Clock::now();
  torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(o.learning_rate).weight_decay(o.weight_decay));
  TrainResult result;
  LoopState s;
  std::vector<torch::Tensor> best = snapshot(model);
  if (o.resume) {
    if (o.checkpoint_path.empty()) throw std::invalid_argument("resume needs a checkpoint path");
    s = loadCheckpoint(o.checkpoint_path, model, optimizer, best);
  }
  const std::int64_t total_steps = o.epochs * task.batches_per_epoch;
  std::int64_t done_batches_run = 0;  // in this call (for throughput / ETA)
  const std::int64_t batches_to_run = (o.epochs - s.epoch) * task.batches_per_epoch;
  auto stopped = [&] { return cancel != nullptr && cancel->load(std::memory_order_relaxed); };

  auto finish = [&](TrainStatus status, std::string message) {
    if (s.best_epoch > 0) restore(model, best);
    model->eval();
    result.status = status;
    result.message = std::move(message);
    result.best_epoch = s.best_epoch;
    result.best_val_loss = s.best_val;
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.model = model.ptr();
    return result;
  };

  for (std::int64_t epoch = s.epoch + 1; epoch <= o.epochs; ++epoch) {
    const auto epoch_start = Clock::now();
    model->train();
    if (task.begin_epoch) task.begin_epoch(epoch);
    double loss_sum = 0;
    for (std::int64_t b = 0; b < task.batches_per_epoch; ++b) {
      if (stopped())
        return finish(TrainStatus::Cancelled, "cancelled during epoch " + std::to_string(epoch) +
                                                  (s.best_epoch ? "; kept the best weights (epoch " + std::to_string(s.best_epoch) + ")"
                                                                : "; no epoch had finished"));
      const std::int64_t step = (epoch - 1) * task.batches_per_epoch + b;
      const double lr = learningRate(o, step, total_steps);
      for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
      optimizer.zero_grad();
      auto loss = task.batch_loss(b);
      const double value = loss.item<double>();
      if (!std::isfinite(value))
        return finish(TrainStatus::Failed, "training stopped: the loss became " + std::string(std::isnan(value) ? "NaN" : "infinite") +
                                               " at epoch " + std::to_string(epoch) + ", batch " + std::to_string(b + 1) +
                                               " (try a lower learning rate)");
      loss.backward();
      if (o.grad_clip > 0) torch::nn::utils::clip_grad_norm_(model->parameters(), o.grad_clip);
      optimizer.step();
      loss_sum += value;
      ++done_batches_run;
      if (progress) {
        TrainingProgress p;
        p.epoch = epoch;
        p.epochs = o.epochs;
        p.batch = b + 1;
        p.batches = task.batches_per_epoch;
        p.train_loss = loss_sum / static_cast<double>(b + 1);
        p.val_loss = result.history.empty() ? -1 : result.history.back().val_loss;
        p.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start).count();
        p.samples_per_second = static_cast<double>(done_batches_run * task.samples_per_batch) / std::max(1e-9, p.elapsed_seconds);
        p.eta_seconds = p.elapsed_seconds / static_cast<double>(done_batches_run) * static_cast<double>(batches_to_run - done_batches_run);
        if (!progress(p))
          return finish(TrainStatus::Cancelled, "cancelled during epoch " + std::to_string(epoch) +
                                                    (s.best_epoch ? "; kept the best weights (epoch " + std::to_string(s.best_epoch) + ")"
                                                                  : "; no epoch had finished"));
      }
    }
    model->eval();
    std::pair<double, std::map<std::string, double>> val;
    {
      torch::NoGradGuard no_grad;
      val = task.validate();
    }
    EpochRecord record{epoch, loss_sum / static_cast<double>(task.batches_per_epoch), val.first, val.second,
                       std::chrono::duration<double>(Clock::now() - epoch_start).count()};
    result.history.push_back(record);
    s.epoch = epoch;
    if (s.best_epoch == 0 || val.first < s.best_val) {
      s.best_epoch = epoch;
      s.best_val = val.first;
      s.bad_epochs = 0;
      best = snapshot(model);
    } else {
      ++s.bad_epochs;
    }
    if (!o.checkpoint_path.empty()) saveCheckpoint(o.checkpoint_path, model, optimizer, s, best);
    if (progress) {
      TrainingProgress p;
      p.epoch = epoch;
      p.epochs = o.epochs;
      p.batch = p.batches = task.batches_per_epoch;
      p.train_loss = record.train_loss;
      p.val_loss = record.val_loss;
      p.val_metrics = record.val_metrics;
      p.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start).count();
      p.samples_per_second = static_cast<double>(done_batches_run * task.samples_per_batch) / std::max(1e-9, p.elapsed_seconds);
      p.eta_seconds = p.elapsed_seconds / static_cast<double>(std::max<std::int64_t>(1, done_batches_run)) *
                      static_cast<double>(batches_to_run - done_batches_run);
      p.epoch_end = true;
      if (!progress(p)) return finish(TrainStatus::Cancelled, "cancelled after epoch " + std::to_string(epoch));
    }
    if (o.patience > 0 && s.bad_epochs >= o.patience && epoch < o.epochs)
      return finish(TrainStatus::EarlyStopped, "stopped early after epoch " + std::to_string(epoch) + ": no validation gain for " +
                                                   std::to_string(o.patience) + " epochs; best epoch " + std::to_string(s.best_epoch));
  }
  return finish(TrainStatus::Completed, "completed " + std::to_string(o.epochs) + " epochs; best epoch " + std::to_string(s.best_epoch));
}

}  // namespace detail
}  // namespace aaren::train
