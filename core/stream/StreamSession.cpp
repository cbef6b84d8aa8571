#include "core/stream/StreamSession.h"

#include "core/data/Frequency.h"
#include "core/data/Timestamp.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <limits>
#include <mutex>
#include <iomanip>
#include <sstream>
#include <thread>

namespace aaren::stream {

std::string toString(ModelStatus status) {
  switch (status) {
    case ModelStatus::Waiting: return "waiting";
    case ModelStatus::Running: return "running";
    case ModelStatus::Stopped: return "stopped";
    case ModelStatus::Failed: return "failed";
    case ModelStatus::Finished: return "finished";
  }
  return "waiting";
}

namespace {

using Clock = std::chrono::steady_clock;

// The timestamp k sampling intervals after t (calendar months step by month).
std::int64_t stepTime(std::int64_t t, std::int64_t interval, std::int64_t k) {
  if (interval > 0 && interval % data::kSecondsPerMonth == 0) {
    const auto months_per_step = interval / data::kSecondsPerMonth;
    const auto c = data::civilFromEpoch(t);
    const std::int64_t months = c.year * 12 + (c.month - 1) + k * months_per_step;
    const std::int64_t year = months >= 0 ? months / 12 : (months - 11) / 12;
    const auto month = static_cast<unsigned>(months - year * 12 + 1);
    unsigned day = c.day;
    while (day > 28 && !data::isValidDate(year, month, day)) --day;
    return data::daysFromCivil(year, month, day) * 86400 + ((t % 86400) + 86400) % 86400;
  }
  return t + k * interval;
}

std::string bytesText(std::int64_t b) {
  std::ostringstream os;
  if (b >= (1 << 20)) os << static_cast<double>(b) / (1 << 20) << " MiB";
  else if (b >= 1024) os << static_cast<double>(b) / 1024 << " KiB";
  else os << b << " B";
  return os.str();
}

// "850 µs", "4.8 ms", "1.25 s" from microseconds.
std::string durationText(double us) {
  std::ostringstream os;
  os.setf(std::ios::fixed);
  if (us >= 1e6) os << std::setprecision(2) << us / 1e6 << " s";
  else if (us >= 1000) os << std::setprecision(us >= 10000 ? 0 : 1) << us / 1000 << " ms";
  else os << std::setprecision(us >= 10 ? 0 : 1) << us << " µs";
  return os.str();
}

std::string labelFor(const ModelSlot& slot) {
  if (!slot.label.empty()) return slot.label;
  std::string l = slot.model.options().type == ModelType::Aaren ? "Aaren" : "Transformer";
  if (slot.cost_only) l += " (untrained, cost only)";
  return l;
}

}  // namespace

struct StreamSession::Shared {
  mutable std::mutex mutex;
  std::deque<ActualPoint> actuals;
  std::uint64_t actuals_dropped = 0;
  std::uint64_t samples = 0;
  std::vector<std::string> columns;
  Clock::time_point started{};
  bool dispatch_done = false;
  mutable std::condition_variable changed;
  std::atomic<std::int64_t> rss{0};
};

struct StreamSession::Runner {
  ModelSlot slot;
  SessionOptions options;
  Shared* shared = nullptr;
  std::unique_ptr<StreamingPredictor> predictor;

  // Input queue (dispatcher -> runner).
  std::mutex qmutex;
  std::condition_variable qcv;
  std::deque<std::pair<std::int64_t, Sample>> queue;  // (stream index, sample)
  bool input_closed = false;
  std::atomic<bool> stop_flag{false}, done{false}, reset_pending{false};

  // Published view (runner -> takeUpdate).
  mutable std::mutex pub;
  ModelView view;
  DecimatedTrace trace;

  // Runner thread only.
  RollingWindow latency;
  std::vector<RollingWindow> errors;
  std::vector<double> prev_one_step;
  std::int64_t prev_index = -1, prev_time = kNoTime;
  std::int64_t last_index = -1;  // stream index of the last sample consumed or rejected
  double cumulative = 0;
  std::uint64_t samples = 0;
  std::string case_label;
  int last_predicted = -1;
  std::int64_t interval = 0;
  std::vector<OneStepPoint> pending_one_step;

  std::jthread thread;

  Runner(ModelSlot s, const SessionOptions& o, Shared* sh)
      : slot(std::move(s)), options(o), shared(sh), trace(o.trace_points), latency(o.latency_window) {
    view.label = labelFor(slot);
    view.cost_only = slot.cost_only;
    view.task = slot.model.task();
    view.columns = slot.model.info().schema.columns;
    view.classes = slot.model.info().schema.classes;
    view.horizon = view.task == Task::Forecast ? slot.model.horizon() : 0;
    interval = slot.model.info().schema.frequency_seconds;
    view.kind = slot.model.options().type == ModelType::Aaren
                    ? (slot.options.fused ? "Aaren (fused step)" : "Aaren (LibTorch step)")
                    : (slot.options.kv_window > 0 ? "Transformer (KV cache, window " + std::to_string(slot.options.kv_window) + ")"
                                                  : "Transformer (KV cache)");
  }

  void enqueue(std::int64_t index, const Sample& s) {
    {
      std::lock_guard lock(qmutex);
      queue.emplace_back(index, s);
    }
    qcv.notify_one();
  }
  std::size_t backlog() {
    std::lock_guard lock(qmutex);
    return queue.size();
  }
  void closeInput() {
    {
      std::lock_guard lock(qmutex);
      input_closed = true;
    }
    qcv.notify_one();
  }
  // Stops the model for good: its queue is dropped, its figures stay.
  void halt(ModelStatus status, std::string message) {
    stop_flag = true;
    {
      std::lock_guard lock(qmutex);
      queue.clear();
      input_closed = true;
    }
    qcv.notify_one();
    std::lock_guard lock(pub);
    if (view.status != ModelStatus::Failed && view.status != ModelStatus::Stopped) {
      view.status = status;
      view.message = std::move(message);
    }
  }

  MemorySample figures() const {
    MemorySample m;
    m.samples = samples;
    m.state_bytes = predictor ? predictor->stateBytes() : 0;
    m.allocated_bytes = predictor ? predictor->allocatedBytes() : 0;
    m.step_median_us = latency.empty() ? 0 : latency.median() * 1e6;
    m.step_p99_us = latency.empty() ? 0 : latency.percentile(99) * 1e6;
    m.cumulative_seconds = cumulative;
    m.rss_bytes = shared->rss.load();
    return m;
  }

  void finishCase() {
    if (view.task != Task::Classify || case_label.empty() || samples == 0) return;
    std::lock_guard lock(pub);
    ++view.cases;
    if (last_predicted >= 0 && static_cast<std::size_t>(last_predicted) < view.classes.size() &&
        view.classes[static_cast<std::size_t>(last_predicted)] == case_label)
      ++view.correct;
  }

  bool create(const std::vector<std::string>& stream_columns) {
    auto options = slot.options;
    const auto& model_cols = slot.model.info().schema.columns;
    bool all_named = !stream_columns.empty() && !model_cols.empty();
    for (const auto& c : model_cols)
      all_named = all_named && std::find(stream_columns.begin(), stream_columns.end(), c) != stream_columns.end();
    options.stream_columns = all_named ? stream_columns : std::vector<std::string>{};
    try {
      predictor = std::make_unique<StreamingPredictor>(slot.model, options);
    } catch (const std::exception& e) {
      halt(ModelStatus::Failed, e.what());
      return false;
    }
    errors.assign(static_cast<std::size_t>(predictor->channels()), RollingWindow(options_rolling()));
    std::lock_guard lock(pub);
    view.kind = predictor->kind();
    view.columns = predictor->columns();
    view.status = ModelStatus::Running;
    return true;
  }
  std::size_t options_rolling() const { return std::max<std::size_t>(1, options.rolling_window); }

  void process(std::int64_t index, const Sample& s, const std::vector<std::string>& stream_columns) {
    if (!predictor && !create(stream_columns)) return;
    last_index = index;
    if ((s.reset || reset_pending.exchange(false)) && predictor->steps() > 0) {
      finishCase();
      predictor->reset();
      prev_one_step.clear();
      prev_index = -1;
    }
    const StepResult* r = nullptr;
    try {
      r = &predictor->push(s);
    } catch (const std::exception& e) {
      std::lock_guard lock(pub);
      ++view.rejected;
      view.message = e.what();
      view.last_index = index;
      return;
    }
    ++samples;
    latency.add(r->seconds);
    cumulative += r->seconds;
    case_label = s.label;
    if (!r->probabilities.empty())
      last_predicted = static_cast<int>(std::max_element(r->probabilities.begin(), r->probabilities.end()) - r->probabilities.begin());
    if (s.hasTime() && prev_time != kNoTime && interval <= 0 && s.timestamp > prev_time) interval = s.timestamp - prev_time;
    if (view.task == Task::Forecast && !slot.cost_only) {
      const auto C = static_cast<std::size_t>(predictor->channels());
      if (!prev_one_step.empty() && prev_index == index - 1) {
        OneStepPoint p;
        p.index = index;
        p.timestamp = r->timestamp;
        p.values = prev_one_step;
        for (std::size_t c = 0; c < C; ++c)
          if (!std::isnan(r->actual[c])) errors[c].add(std::abs(r->actual[c] - prev_one_step[c]));
        if (pending_one_step.size() >= options.one_step_capacity) pending_one_step.erase(pending_one_step.begin());
        pending_one_step.push_back(std::move(p));
      }
      prev_one_step.assign(r->forecast.begin(), r->forecast.begin() + static_cast<std::ptrdiff_t>(C));
      prev_index = index;
    }
    prev_time = r->timestamp;
    if (slot.max_state_bytes > 0 && r->state_bytes > slot.max_state_bytes) {
      publish(true);
      halt(ModelStatus::Stopped, "stopped after " + std::to_string(samples) + " samples: its state reached " + bytesText(r->state_bytes) +
                                     " (the limit is " + bytesText(slot.max_state_bytes) + ")");
      return;
    }
    if (trace.due(samples)) {
      const auto f = figures();
      std::lock_guard lock(pub);
      trace.add(f);
    }
  }

  // Publishes the latest forecast, probabilities and figures.
  void publish(bool with_forecast) {
    const auto f = figures();
    std::lock_guard lock(pub);
    view.samples = samples;
    view.last_index = last_index;
    view.latest = f;
    view.backlog = 0;
    if (!pending_one_step.empty()) {
      if (view.one_step.empty()) view.one_step.swap(pending_one_step);
      else {
        for (auto& p : pending_one_step) view.one_step.push_back(std::move(p));
        pending_one_step.clear();
      }
      if (view.one_step.size() > options.one_step_capacity)
        view.one_step.erase(view.one_step.begin(), view.one_step.end() - static_cast<std::ptrdiff_t>(options.one_step_capacity));
    }
    view.rolling_mae.resize(errors.size());
    view.mae_count = errors.empty() ? 0 : errors[0].size();
    for (std::size_t c = 0; c < errors.size(); ++c) view.rolling_mae[c] = errors[c].mean();
    if (!with_forecast || !predictor || predictor->steps() == 0) return;
    const auto& r = predictor->last();
    if (view.task == Task::Forecast) {
      if (slot.cost_only) return;
      view.forecast_origin = last_index;
      view.forecast = r.forecast;
      view.forecast_times.clear();
      if (r.timestamp != kNoTime && interval > 0)
        for (std::int64_t k = 1; k <= view.horizon; ++k) view.forecast_times.push_back(stepTime(r.timestamp, interval, k));
    } else {
      view.probabilities = r.probabilities;
      view.predicted = r.probabilities.empty()
                           ? -1
                           : static_cast<int>(std::max_element(r.probabilities.begin(), r.probabilities.end()) - r.probabilities.begin());
    }
  }

  void run(std::stop_token stop) {
    std::vector<std::pair<std::int64_t, Sample>> batch;
    std::vector<std::string> stream_columns;
    bool have_columns = false;
    while (!stop.stop_requested() && !stop_flag.load()) {
      {
        std::unique_lock lock(qmutex);
        qcv.wait_for(lock, std::chrono::milliseconds(50), [&] { return !queue.empty() || input_closed || stop_flag.load(); });
        if (queue.empty() && input_closed) break;
        const std::size_t n = std::min<std::size_t>(queue.size(), 512);
        for (std::size_t i = 0; i < n; ++i) {
          batch.push_back(std::move(queue.front()));
          queue.pop_front();
        }
      }
      if (batch.empty()) continue;
      if (!have_columns) {
        std::lock_guard lock(shared->mutex);
        stream_columns = shared->columns;
        have_columns = true;
      }
      for (const auto& [index, s] : batch) {
        if (stop_flag.load()) break;
        process(index, s, stream_columns);
      }
      batch.clear();
      if (!stop_flag.load()) publish(true);
    }
    finishCase();
    publish(true);
    {
      std::lock_guard lock(pub);
      if (view.status == ModelStatus::Running || view.status == ModelStatus::Waiting)
        view.status = stop.stop_requested() ? ModelStatus::Stopped : ModelStatus::Finished;
      if (view.status == ModelStatus::Finished && view.message.empty())
        view.message = "consumed " + std::to_string(samples) + " samples";
    }
    done = true;
    shared->changed.notify_all();
  }
};

StreamSession::StreamSession(std::unique_ptr<StreamSource> source, std::vector<ModelSlot> models, SessionOptions options)
    : source_(std::move(source)), options_(options), shared_(std::make_unique<Shared>()) {
  if (!source_) throw std::invalid_argument("StreamSession: no source");
  for (auto& slot : models) {
    if (!slot.model.valid()) throw std::invalid_argument("StreamSession: a model slot holds no model");
    runners_.push_back(std::make_unique<Runner>(std::move(slot), options_, shared_.get()));
  }
}

StreamSession::~StreamSession() { stop(); }

void StreamSession::start() {
  if (started_.exchange(true)) return;
  shared_->started = Clock::now();
  shared_->rss = processRssBytes();
  for (auto& r : runners_) {
    Runner* runner = r.get();
    runner->thread = std::jthread([runner](std::stop_token st) { runner->run(st); });
  }
  source_->start();
  dispatcher_ = std::jthread([this](std::stop_token st) { dispatch(st); });
}

void StreamSession::stop() {
  if (!started_.load() || stopped_.exchange(true)) return;
  for (auto& r : runners_) r->thread.request_stop();  // before their input closes: they end as stopped
  source_->stop();
  dispatcher_.request_stop();
  if (dispatcher_.joinable()) dispatcher_.join();
  for (auto& r : runners_) {
    r->thread.request_stop();
    r->closeInput();
  }
  for (auto& r : runners_)
    if (r->thread.joinable()) r->thread.join();
  {
    std::lock_guard lock(shared_->mutex);
    shared_->dispatch_done = true;
  }
  shared_->changed.notify_all();
}

bool StreamSession::running() const { return started_.load() && !stopped_.load() && !finished(); }

bool StreamSession::finished() const {
  {
    std::lock_guard lock(shared_->mutex);
    if (!shared_->dispatch_done) return false;
  }
  for (const auto& r : runners_)
    if (!r->done.load()) return false;
  return true;
}

bool StreamSession::waitFinished(std::chrono::milliseconds timeout) const {
  const auto until = Clock::now() + timeout;
  std::unique_lock lock(shared_->mutex);
  while (true) {
    bool all = shared_->dispatch_done;
    for (const auto& r : runners_) all = all && r->done.load();
    if (all) return true;
    if (shared_->changed.wait_until(lock, std::min(until, Clock::now() + std::chrono::milliseconds(20))) == std::cv_status::timeout &&
        Clock::now() >= until)
      return false;
  }
}

void StreamSession::dispatch(std::stop_token stop) {
  std::vector<Sample> batch;
  auto last_rss = Clock::now();
  bool have_columns = false;
  // Batches and pacing: the fastest running model sets the pace (its backlog stays under a
  // quarter of model_queue); a slower one drifts behind and is stopped at model_queue.
  const std::size_t quarter = std::max<std::size_t>(1, std::min<std::size_t>(options_.model_queue / 4, 2048));
  const std::size_t max_batch = std::min<std::size_t>(1024, quarter);
  auto fastestBacklog = [&] {
    std::size_t least = std::numeric_limits<std::size_t>::max();
    for (auto& r : runners_)
      if (!r->stop_flag.load()) least = std::min(least, r->backlog());
    return least == std::numeric_limits<std::size_t>::max() ? 0 : least;
  };
  while (!stop.stop_requested()) {
    while (!stop.stop_requested() && fastestBacklog() > quarter) std::this_thread::sleep_for(std::chrono::microseconds(200));
    batch.clear();
    const auto n = source_->buffer().pop(batch, max_batch, std::chrono::milliseconds(50));
    const auto now = Clock::now();
    if (now - last_rss > std::chrono::milliseconds(100)) {
      shared_->rss = processRssBytes();
      last_rss = now;
    }
    if (n == 0) {
      if (source_->buffer().drained()) break;
      continue;
    }
    if (!have_columns) {
      auto cols = source_->stats().columns;
      std::lock_guard lock(shared_->mutex);
      shared_->columns = std::move(cols);
      have_columns = true;
    }
    std::uint64_t first_index = 0;
    {
      std::lock_guard lock(shared_->mutex);
      first_index = shared_->samples;
      for (const auto& s : batch) {
        ActualPoint p;
        p.index = static_cast<std::int64_t>(shared_->samples++);
        p.timestamp = s.timestamp;
        p.values = s.values;
        shared_->actuals.push_back(std::move(p));
      }
      while (shared_->actuals.size() > options_.display_capacity) {
        shared_->actuals.pop_front();
        ++shared_->actuals_dropped;
      }
    }
    for (auto& r : runners_) {
      if (r->stop_flag.load()) continue;
      const auto lag = r->backlog();
      if (lag + batch.size() > options_.model_queue) {
        double step_us = 0;
        {
          std::lock_guard lock(r->pub);
          step_us = r->view.latest.step_median_us;
        }
        const double elapsed = std::chrono::duration<double>(now - shared_->started).count();
        const double arrival_us = first_index > 0 ? elapsed / static_cast<double>(first_index) * 1e6 : 0;
        std::ostringstream os;
        os << "stopped at sample " << first_index << ": it fell " << lag << " samples behind the stream (a step takes " << durationText(step_us)
           << "; samples arrive every " << durationText(arrival_us) << ")";
        r->halt(ModelStatus::Stopped, os.str());
        continue;
      }
      for (std::size_t k = 0; k < batch.size(); ++k) r->enqueue(static_cast<std::int64_t>(first_index + k), batch[k]);
    }
  }
  for (auto& r : runners_) r->closeInput();
  {
    std::lock_guard lock(shared_->mutex);
    shared_->dispatch_done = true;
  }
  shared_->changed.notify_all();
}

SessionUpdate StreamSession::takeUpdate() {
  SessionUpdate u;
  {
    std::lock_guard lock(shared_->mutex);
    u.actuals.assign(std::make_move_iterator(shared_->actuals.begin()), std::make_move_iterator(shared_->actuals.end()));
    shared_->actuals.clear();
    u.actuals_dropped = shared_->actuals_dropped;
    u.samples = shared_->samples;
    u.columns = shared_->columns;
    if (started_.load()) u.elapsed_seconds = std::chrono::duration<double>(Clock::now() - shared_->started).count();
  }
  u.source = source_->stats();
  u.rss_bytes = shared_->rss.load();
  for (auto& r : runners_) {
    const auto backlog = r->backlog();
    std::lock_guard lock(r->pub);
    auto points = std::move(r->view.one_step);
    r->view.one_step.clear();
    ModelView v = r->view;
    v.one_step = std::move(points);
    v.backlog = backlog;
    v.trace = r->trace.points();
    u.models.push_back(std::move(v));
  }
  u.finished = finished();
  return u;
}

std::vector<std::pair<std::string, std::vector<MemorySample>>> StreamSession::traces() const {
  std::vector<std::pair<std::string, std::vector<MemorySample>>> out;
  for (const auto& r : runners_) {
    std::lock_guard lock(r->pub);
    out.emplace_back(r->view.label, r->trace.points());
  }
  return out;
}

void StreamSession::resetModels() {
  for (auto& r : runners_) r->reset_pending = true;
}

const StreamSource& StreamSession::source() const { return *source_; }
std::size_t StreamSession::modelCount() const { return runners_.size(); }

}  // namespace aaren::stream
