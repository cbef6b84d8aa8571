#include "core/train/Trainer.h"

#include "core/models/CalendarFeatures.h"
#include "core/train/LinearFit.h"
#include "core/train/TrainLoop.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>

namespace aaren::train {
namespace {

// Windows [start, start + length) of every start in `starts`: values [B, length, C] and,
// when present, calendar [B, length, 8].
std::pair<torch::Tensor, torch::Tensor> gatherWindows(const ForecastData& d, const std::vector<std::int64_t>& starts,
                                                      std::int64_t length) {
  const auto B = static_cast<std::int64_t>(starts.size()), C = d.channels;
  auto x = torch::empty({B, length, C});
  float* px = x.data_ptr<float>();
  for (std::int64_t b = 0; b < B; ++b)
    std::copy_n(d.row(starts[static_cast<std::size_t>(b)]), length * C, px + b * length * C);
  torch::Tensor cal;
  if (d.hasCalendar()) {
    cal = torch::empty({B, length, kCalendarFeatures});
    float* pc = cal.data_ptr<float>();
    for (std::int64_t b = 0; b < B; ++b)
      std::copy_n(d.calendar.data() + starts[static_cast<std::size_t>(b)] * kCalendarFeatures, length * kCalendarFeatures,
                  pc + b * length * kCalendarFeatures);
  }
  return {x, cal};
}

std::vector<std::int64_t> windowStarts(const ForecastData& d, const RowRange& range, std::int64_t max_windows,
                                       std::int64_t stride = 1) {
  const auto n = d.windows(range);
  std::vector<std::int64_t> starts;
  if (max_windows > 0 && n > max_windows) {
    for (std::int64_t i = 0; i < max_windows; ++i) starts.push_back(static_cast<std::int64_t>(range.begin) + i * (n - 1) / std::max<std::int64_t>(1, max_windows - 1));
  } else {
    for (std::int64_t i = 0; i < n; i += std::max<std::int64_t>(1, stride)) starts.push_back(static_cast<std::int64_t>(range.begin) + i);
  }
  return starts;
}

void checkForecastOptions(const ModelOptions& mo, const ForecastData& d) {
  if (mo.task != Task::Forecast) throw std::invalid_argument("trainForecaster: the model options are not for forecasting");
  if (mo.channels != d.channels)
    throw std::invalid_argument("model has " + std::to_string(mo.channels) + " channels but the data has " + std::to_string(d.channels));
  if (mo.horizon != d.horizon)
    throw std::invalid_argument("model horizon " + std::to_string(mo.horizon) + " differs from the data's " + std::to_string(d.horizon));
  if (mo.calendar && !d.hasCalendar()) throw std::invalid_argument("the model uses calendar features but the data has no timestamps");
  if (mo.daily_cycle > 0 && !d.hasCalendar()) throw std::invalid_argument("the model's daily cycle needs timestamps, and the data has none");
}

}  // namespace

ForecastEvaluation evaluateForecaster(ModelImpl& model, const ForecastData& d, const RowRange& range,
                                      std::int64_t max_windows, double mase_scale) {
  checkForecastOptions(model.options, d);
  torch::NoGradGuard no_grad;
  const bool was_training = model.is_training();
  model.eval();
  const auto L = d.lookback, H = d.horizon, C = d.channels;
  const auto starts = windowStarts(d, range, max_windows);
  ForecastMetricsAccumulator acc(d.units);
  std::vector<long double> step_se(static_cast<std::size_t>(H), 0);
  std::vector<double> window_mse;
  window_mse.reserve(starts.size());
  const std::size_t batch = 128;
  for (std::size_t i = 0; i < starts.size(); i += batch) {
    std::vector<std::int64_t> chunk(starts.begin() + static_cast<std::ptrdiff_t>(i),
                                    starts.begin() + static_cast<std::ptrdiff_t>(std::min(starts.size(), i + batch)));
    auto [win, cal] = gatherWindows(d, chunk, L + H);
    auto x = win.narrow(1, 0, L);
    auto pred = model.forecastLast(x, cal.defined() ? cal.narrow(1, 0, L) : cal).contiguous();  // [B, H, C]
    auto target = win.narrow(1, L, H).contiguous();
    const float* p = pred.data_ptr<float>();
    const float* t = target.data_ptr<float>();
    const auto n = static_cast<std::int64_t>(chunk.size());
    for (std::int64_t b = 0; b < n; ++b) {
      long double window_se = 0;
      for (std::int64_t k = 0; k < H; ++k)
        for (std::int64_t c = 0; c < C; ++c) {
          const auto idx = (b * H + k) * C + c;
          acc.add(c, p[idx], t[idx]);
          const double e = static_cast<double>(p[idx]) - t[idx];
          step_se[static_cast<std::size_t>(k)] += e * e;
          window_se += e * e;
        }
      window_mse.push_back(static_cast<double>(window_se / static_cast<long double>(H * C)));
    }
  }
  if (was_training) model.train();
  ForecastEvaluation ev;
  ev.metrics = acc.result(mase_scale);
  ev.window_mse = std::move(window_mse);
  for (auto se : step_se)
    ev.mse_by_step.push_back(starts.empty() ? 0.0 : static_cast<double>(se / (static_cast<long double>(starts.size()) * C)));
  return ev;
}

StreamEvaluation evaluateForecasterStreaming(ModelImpl& model, const ForecastData& d, std::int64_t from,
                                             const RowRange& range, StreamEvalMode mode, double mase_scale) {
  checkForecastOptions(model.options, d);
  const auto L = d.lookback, H = d.horizon, C = d.channels;
  const auto first = static_cast<std::int64_t>(range.begin) + L - 1;  // first forecast row
  const auto last = static_cast<std::int64_t>(range.end) - H - 1;     // last forecast row
  if (from < 0 || from > first)
    throw std::invalid_argument("evaluateForecasterStreaming: the stream must start at a row in [0, " + std::to_string(first) +
                                "], got " + std::to_string(from));
  if (last < first || static_cast<std::int64_t>(range.end) > d.rows)
    throw std::invalid_argument("evaluateForecasterStreaming: the range has " + std::to_string(range.size()) +
                                " rows, fewer than lookback + horizon = " + std::to_string(L + H));
  torch::NoGradGuard no_grad;
  const bool was_training = model.is_training();
  model.eval();
  const auto T = last + 1 - from;
  auto [seq, cal] = gatherWindows(d, {from}, T);  // [1, T, C]
  if (mode == StreamEvalMode::Auto) mode = model.options.type == ModelType::Aaren ? StreamEvalMode::Parallel : StreamEvalMode::Step;
  torch::Tensor pred;  // [T, H, C]
  if (mode == StreamEvalMode::Parallel) {
    pred = model.forward(seq, {}, cal).squeeze(0).contiguous();
  } else {
    pred = torch::empty({T, H, C});
    auto state = model.initialState(1);
    for (std::int64_t t = 0; t < T; ++t)
      pred[t].copy_(model.step(seq.select(1, t), state, cal.defined() ? cal.select(1, t) : cal).squeeze(0));
  }
  if (was_training) model.train();
  ForecastMetricsAccumulator acc(d.units);
  std::vector<long double> step_se(static_cast<std::size_t>(H), 0);
  const float* p = pred.data_ptr<float>();
  for (auto r = first; r <= last; ++r) {
    const float* pr = p + (r - from) * H * C;
    for (std::int64_t k = 0; k < H; ++k) {
      const float* actual = d.row(r + 1 + k);
      for (std::int64_t c = 0; c < C; ++c) {
        acc.add(c, pr[k * C + c], actual[c]);
        const double e = static_cast<double>(pr[k * C + c]) - actual[c];
        step_se[static_cast<std::size_t>(k)] += e * e;
      }
    }
  }
  StreamEvaluation ev;
  ev.forecasts = last - first + 1;
  ev.first_position = first - from;
  ev.last_position = last - from;
  ev.metrics = acc.result(mase_scale);
  for (auto se : step_se) ev.mse_by_step.push_back(static_cast<double>(se / (static_cast<long double>(ev.forecasts) * C)));
  return ev;
}

std::vector<float> forecastAt(ModelImpl& model, const ForecastData& d, std::int64_t end) {
  checkForecastOptions(model.options, d);
  if (end < d.lookback || end > d.rows)
    throw std::invalid_argument("forecastAt: row " + std::to_string(end) + " leaves no full lookback window");
  torch::NoGradGuard no_grad;
  model.eval();
  auto [x, cal] = gatherWindows(d, {end - d.lookback}, d.lookback);
  auto y = model.forecastLast(x, cal).contiguous();  // [1, H, C]
  return {y.data_ptr<float>(), y.data_ptr<float>() + y.numel()};
}

TrainResult trainForecaster(const ModelOptions& mo, const TrainOptions& o, const ForecastData& d,
                            const TrainProgressFn& progress, const std::atomic<bool>* cancel, const LinearChoice* linear) {
  d.check();
  validate(mo);
  checkForecastOptions(mo, d);
  if (d.windows(d.val) < 1)
    throw std::invalid_argument("forecast data: the validation part has " + std::to_string(d.val.size()) +
                                " rows, fewer than lookback + horizon = " + std::to_string(d.lookback + d.horizon));
  if (o.threads > 0) torch::set_num_threads(o.threads);
  torch::manual_seed(o.seed);
  if (o.train_length < 0) throw std::invalid_argument("train_length must be >= 0, got " + std::to_string(o.train_length));
  if (o.max_position_offset < 0)
    throw std::invalid_argument("max_position_offset must be >= 0, got " + std::to_string(o.max_position_offset));
  Model model = makeModel(mo);
  if (!o.resume) {  // a resumed run reads them from the checkpoint
    if (linear) detail::applyLinearChoice(*model, *linear);
    else detail::fitLinearParts(*model, d);
  }
  if (!o.train_linear_parts) {
    if (model->cycle) model->cycle->coef.set_requires_grad(false);
    if (model->skip)
      for (auto& p : model->skip->parameters()) p.set_requires_grad(false);
  }
  const auto H = d.horizon;
  const auto L = o.train_length > 0 ? o.train_length : d.lookback;  // training sequence length
  std::vector<std::int64_t> train_starts;
  const auto train_sequences = static_cast<std::int64_t>(d.train.size()) - L - H + 1;
  if (train_sequences < 1)
    throw std::invalid_argument("forecast data: the training part has " + std::to_string(d.train.size()) +
                                " rows, fewer than the training length + horizon = " + std::to_string(L + H));
  for (std::int64_t i = 0; i < train_sequences; i += std::max<std::int64_t>(1, o.train_stride))
    train_starts.push_back(static_cast<std::int64_t>(d.train.begin) + i);
  std::vector<std::int64_t> order = train_starts;
  std::int64_t current_epoch = 0;

  detail::LoopTask task;
  task.samples_per_batch = o.batch_size;
  task.batches_per_epoch = (static_cast<std::int64_t>(order.size()) + o.batch_size - 1) / o.batch_size;
  task.begin_epoch = [&](std::int64_t epoch) {
    current_epoch = epoch;
    order = train_starts;
    std::mt19937_64 rng(o.seed * 1000003ULL + static_cast<std::uint64_t>(epoch));
    std::shuffle(order.begin(), order.end(), rng);
  };
  task.batch_loss = [&](std::int64_t b) {
    const auto first = static_cast<std::size_t>(b * o.batch_size);
    const auto last = std::min(order.size(), first + static_cast<std::size_t>(o.batch_size));
    std::vector<std::int64_t> chunk(order.begin() + static_cast<std::ptrdiff_t>(first), order.begin() + static_cast<std::ptrdiff_t>(last));
    auto [win, cal] = gatherWindows(d, chunk, L + H);
    auto x = win.narrow(1, 0, L);
    std::int64_t offset = 0;
    if (o.max_position_offset > 0) {
      // A function of (seed, epoch, batch): a resumed run draws the same offsets.
      std::mt19937_64 rng(o.seed * 1000003ULL + static_cast<std::uint64_t>(current_epoch) * 7919ULL + static_cast<std::uint64_t>(b) + 1);
      offset = std::uniform_int_distribution<std::int64_t>(0, o.max_position_offset - 1)(rng);
    }
    // Only the last position carries a loss (so also a full-context loss over a lookback):
    // the head's work at the other positions is skipped.
    if (!o.all_positions || (o.full_context_loss && L <= d.lookback))
      return torch::mse_loss(model->forecastLast(x, cal.defined() ? cal.narrow(1, 0, L) : cal, offset), win.narrow(1, L, H));
    auto pred = model->forward(x, {}, cal.defined() ? cal.narrow(1, 0, L) : cal, offset);  // [B, L, H, C]
    // Position t forecasts rows t+1 … t+H of the window.
    auto target = win.narrow(1, 1, L + H - 1).unfold(1, H, 1).permute({0, 1, 3, 2});  // [B, L, H, C]
    if (o.full_context_loss) {
      const auto skip = std::min(L - 1, d.lookback - 1);
      return torch::mse_loss(pred.narrow(1, skip, L - skip), target.narrow(1, skip, L - skip));
    }
    return torch::mse_loss(pred, target);
  };
  task.validate = [&]() -> std::pair<double, std::map<std::string, double>> {
    auto ev = evaluateForecaster(*model, d, d.val, o.max_val_windows);
    return {ev.metrics.mse, {{"mse", ev.metrics.mse}, {"mae", ev.metrics.mae}}};
  };
  return detail::runLoop(model, o, task, progress, cancel);
}

// --- classification --------------------------------------------------------------

namespace {

std::tuple<torch::Tensor, torch::Tensor, torch::Tensor> gatherCases(const std::vector<const LabeledCase*>& cases,
                                                                    std::int64_t channels) {
  std::int64_t T = 1;
  for (const auto* c : cases) T = std::max(T, c->length);
  const auto B = static_cast<std::int64_t>(cases.size());
  auto x = torch::zeros({B, T, channels});
  auto mask = torch::zeros({B, T}, torch::kBool);
  auto labels = torch::empty({B}, torch::kLong);
  float* px = x.data_ptr<float>();
  bool* pm = mask.data_ptr<bool>();
  auto* pl = labels.data_ptr<std::int64_t>();
  for (std::int64_t b = 0; b < B; ++b) {
    const auto& c = *cases[static_cast<std::size_t>(b)];
    std::copy(c.values.begin(), c.values.end(), px + b * T * channels);
    std::fill_n(pm + b * T, c.length, true);
    pl[b] = c.label;
  }
  return {x, mask, labels};
}

}  // namespace

ClassificationEvaluation evaluateClassifier(ModelImpl& model, const std::vector<LabeledCase>& cases, int classes) {
  if (model.options.task != Task::Classify) throw std::invalid_argument("evaluateClassifier: not a classification model");
  torch::NoGradGuard no_grad;
  const bool was_training = model.is_training();
  model.eval();
  ClassificationEvaluation ev;
  std::vector<int> actual;
  double loss_sum = 0;
  const std::size_t batch = 64;
  for (std::size_t i = 0; i < cases.size(); i += batch) {
    std::vector<const LabeledCase*> chunk;
    for (std::size_t j = i; j < std::min(cases.size(), i + batch); ++j) chunk.push_back(&cases[j]);
    auto [x, mask, labels] = gatherCases(chunk, model.options.channels);
    auto logits = model.forward(x, mask);
    loss_sum += torch::nn::functional::cross_entropy(logits, labels, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                    .item<double>();
    auto probs = torch::softmax(logits, -1).contiguous();
    auto pred = probs.argmax(-1);
    for (std::int64_t b = 0; b < x.size(0); ++b) {
      ev.predicted.push_back(static_cast<int>(pred[b].item<std::int64_t>()));
      actual.push_back(chunk[static_cast<std::size_t>(b)]->label);
      const float* p = probs.data_ptr<float>() + b * probs.size(1);
      ev.probabilities.emplace_back(p, p + probs.size(1));
    }
  }
  if (was_training) model.train();
  ev.loss = cases.empty() ? 0 : loss_sum / static_cast<double>(cases.size());
  ev.metrics = classificationMetrics(ev.predicted, actual, classes);
  return ev;
}

TrainResult trainClassifier(const ModelOptions& mo, const TrainOptions& o, const ClassifyData& d_in,
                            const TrainProgressFn& progress, const std::atomic<bool>* cancel) {
  d_in.check();
  validate(mo);
  if (mo.task != Task::Classify) throw std::invalid_argument("trainClassifier: the model options are not for classification");
  const auto classes = static_cast<int>(d_in.class_names.size());
  if (mo.classes != classes)
    throw std::invalid_argument("model has " + std::to_string(mo.classes) + " classes but the data has " + std::to_string(classes));
  if (mo.channels != d_in.channels)
    throw std::invalid_argument("model has " + std::to_string(mo.channels) + " channels but the data has " + std::to_string(d_in.channels));
  if (o.threads > 0) torch::set_num_threads(o.threads);
  torch::manual_seed(o.seed);

  // Without a validation set, hold out a stratified val_fraction of the training cases.
  std::vector<const LabeledCase*> train, val;
  if (!d_in.val.empty() || o.val_fraction <= 0) {
    for (const auto& c : d_in.train) train.push_back(&c);
    for (const auto& c : d_in.val) val.push_back(&c);
  } else {
    std::mt19937_64 rng(o.seed);
    std::vector<std::vector<const LabeledCase*>> by_class(static_cast<std::size_t>(classes));
    for (const auto& c : d_in.train) by_class[static_cast<std::size_t>(c.label)].push_back(&c);
    for (auto& group : by_class) {
      std::shuffle(group.begin(), group.end(), rng);
      const auto held = static_cast<std::size_t>(std::floor(o.val_fraction * static_cast<double>(group.size())));
      for (std::size_t i = 0; i < group.size(); ++i) (i < held ? val : train).push_back(group[i]);
    }
  }
  if (val.empty()) val = train;  // tiny sets: validate on the training cases

  Model model = makeModel(mo);
  std::vector<const LabeledCase*> order = train;
  std::vector<LabeledCase> val_cases;
  for (const auto* c : val) val_cases.push_back(*c);

  detail::LoopTask task;
  task.samples_per_batch = o.batch_size;
  task.batches_per_epoch = (static_cast<std::int64_t>(order.size()) + o.batch_size - 1) / o.batch_size;
  task.begin_epoch = [&](std::int64_t epoch) {
    order = train;
    std::mt19937_64 rng(o.seed * 1000003ULL + static_cast<std::uint64_t>(epoch));
    std::shuffle(order.begin(), order.end(), rng);
  };
  task.batch_loss = [&](std::int64_t b) {
    const auto first = static_cast<std::size_t>(b * o.batch_size);
    const auto last = std::min(order.size(), first + static_cast<std::size_t>(o.batch_size));
    std::vector<const LabeledCase*> chunk(order.begin() + static_cast<std::ptrdiff_t>(first), order.begin() + static_cast<std::ptrdiff_t>(last));
    auto [x, mask, labels] = gatherCases(chunk, mo.channels);
    return torch::nn::functional::cross_entropy(model->forward(x, mask), labels);
  };
  task.validate = [&]() -> std::pair<double, std::map<std::string, double>> {
    auto ev = evaluateClassifier(*model, val_cases, classes);
    return {ev.loss, {{"accuracy", ev.metrics.accuracy}, {"macro_f1", ev.metrics.macro_f1}}};
  };
  return detail::runLoop(model, o, task, progress, cancel);
}

}  // namespace aaren::train
