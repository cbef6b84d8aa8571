#include "core/stream/StreamingPredictor.h"

#include "core/models/CalendarFeatures.h"
#include "core/models/FusedAarenStep.h"
#include "core/models/Model.h"
#include "core/models/Transformer.h"

#include <chrono>
#include <cmath>
#include <optional>
#include <stdexcept>

namespace aaren::stream {

namespace {

std::string joined(const std::vector<std::string>& v, std::size_t max = 8) {
  std::string s;
  for (std::size_t i = 0; i < v.size() && i < max; ++i) s += (i ? ", " : "") + v[i];
  if (v.size() > max) s += ", …";
  return s;
}

}  // namespace

struct StreamingPredictor::Impl {
  train::TrainedModel model;
  PredictorOptions options;
  std::shared_ptr<ModelImpl> module;
  ModelOptions mo;
  std::vector<std::string> columns;
  std::vector<std::size_t> index;      // stream value index per model channel (by name), empty = by position
  std::int64_t frequency = 0;

  std::optional<FusedAarenStep> fused;
  FusedAarenState fused_state;
  ModelState state;

  std::vector<double> last_scaled;     // per channel, for missing values
  std::int64_t last_time = kNoTime;
  std::int64_t steps = 0;
  std::vector<float> x, cal, out;
  StepResult result;

  void freshState() {
    if (fused) {
      fused_state = fused->initialState();
    } else {
      state = module->initialState(1);
      if (mo.type == ModelType::Transformer && options.kv_window > 0) {
        auto* ts = dynamic_cast<TransformerState*>(state.encoder.get());
        if (ts)
          for (auto& cache : ts->layers) cache.window = options.kv_window;
      }
    }
    last_scaled.assign(static_cast<std::size_t>(mo.channels), 0.0);
    last_time = kNoTime;
    steps = 0;
    result = StepResult{};
    result.state_bytes = bytes();
    result.allocated_bytes = allocated();
  }

  std::int64_t bytes() const { return fused ? fused_state.bytes() : state.bytes(); }
  std::int64_t allocated() const { return fused ? fused_state.bytes() : state.allocatedBytes(); }
};

StreamingPredictor::StreamingPredictor(train::TrainedModel model, PredictorOptions options) : impl_(std::make_unique<Impl>()) {
  if (!model.valid()) throw std::invalid_argument("StreamingPredictor: no model");
  auto& m = *impl_;
  m.model = std::move(model);
  m.options = std::move(options);
  m.module = m.model.module();
  m.mo = m.model.options();
  const auto& info = m.model.info();
  m.columns = info.schema.columns;
  if (m.columns.empty())
    for (std::int64_t c = 0; c < m.mo.channels; ++c) m.columns.push_back("channel " + std::to_string(c + 1));
  m.frequency = info.schema.frequency_seconds;
  if (m.options.kv_window < 0) throw std::invalid_argument("StreamingPredictor: kv_window must not be negative");
  if (!m.options.stream_columns.empty() && !info.schema.columns.empty()) {
    for (const auto& name : info.schema.columns) {
      std::size_t i = 0;
      while (i < m.options.stream_columns.size() && m.options.stream_columns[i] != name) ++i;
      if (i == m.options.stream_columns.size())
        throw std::invalid_argument("the stream has no column '" + name + "' (it has " + joined(m.options.stream_columns) +
                                    "; the model reads " + joined(info.schema.columns) + ")");
      m.index.push_back(i);
    }
  }
  m.module->eval();
  if (m.mo.type == ModelType::Aaren && m.options.fused) m.fused.emplace(*m.module);
  m.x.resize(static_cast<std::size_t>(m.mo.channels));
  m.cal.resize(kCalendarFeatures);
  m.out.resize(static_cast<std::size_t>(m.mo.task == Task::Forecast ? m.mo.horizon * m.mo.channels : m.mo.classes));
  m.freshState();
}

StreamingPredictor::~StreamingPredictor() = default;
StreamingPredictor::StreamingPredictor(StreamingPredictor&&) noexcept = default;
StreamingPredictor& StreamingPredictor::operator=(StreamingPredictor&&) noexcept = default;

const StepResult& StreamingPredictor::push(const Sample& sample) {
  auto& m = *impl_;
  const auto C = m.mo.channels;
  const auto& scaler = m.model.info().scaler;
  // Map and scale the values (nothing changes until the sample is known to fit).
  if (m.index.empty()) {
    if (static_cast<std::int64_t>(sample.values.size()) != C)
      throw std::invalid_argument("the sample has " + std::to_string(sample.values.size()) + " values but the model reads " +
                                  std::to_string(C) + " (" + joined(m.columns) + ")");
  } else {
    for (auto i : m.index)
      if (i >= sample.values.size())
        throw std::invalid_argument("the sample has " + std::to_string(sample.values.size()) + " values but the model reads column " +
                                    std::to_string(i + 1) + " of the stream");
  }
  std::int64_t t = sample.timestamp;
  const bool calendar = needsCalendar(m.mo);
  if (calendar && t == kNoTime) {
    if (m.last_time == kNoTime)
      throw std::invalid_argument(calendarUse(m.mo) + " but the sample has no timestamp");
    t = m.last_time + (m.frequency > 0 ? m.frequency : 1);
  }
  m.result.actual.resize(static_cast<std::size_t>(C));
  for (std::int64_t c = 0; c < C; ++c) {
    const auto uc = static_cast<std::size_t>(c);
    double v = sample.values[m.index.empty() ? uc : m.index[uc]];
    m.result.actual[uc] = v;
    if (std::isnan(v)) {
      v = m.last_scaled[uc];
    } else if (scaler.kind != "none" && !scaler.offset.empty()) {
      v = (v - scaler.offset[uc]) / scaler.scale[uc];
    }
    m.last_scaled[uc] = v;
    m.x[uc] = static_cast<float>(v);
  }
  if (calendar) {
    const auto f = calendarFeatures(t);
    std::copy(f.begin(), f.end(), m.cal.begin());
  }

  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  if (m.fused) {
    m.fused->step(m.x.data(), calendar ? m.cal.data() : nullptr, m.fused_state, m.out.data());
  } else {
    torch::NoGradGuard no_grad;
    auto xt = torch::from_blob(m.x.data(), {1, C}, torch::kFloat32);
    torch::Tensor ct;
    if (calendar) ct = torch::from_blob(m.cal.data(), {1, kCalendarFeatures}, torch::kFloat32);
    auto y = m.module->step(xt, m.state, ct).contiguous();
    std::copy_n(y.data_ptr<float>(), y.numel(), m.out.data());
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  auto& r = m.result;
  r.index = m.steps++;
  r.timestamp = t;
  r.seconds = seconds;
  r.state_bytes = m.bytes();
  r.allocated_bytes = m.allocated();
  if (m.mo.task == Task::Forecast) {
    r.forecast.resize(m.out.size());
    for (std::int64_t k = 0; k < m.mo.horizon; ++k)
      for (std::int64_t c = 0; c < C; ++c) {
        const auto i = static_cast<std::size_t>(k * C + c);
        double v = m.out[i];
        if (scaler.kind != "none" && !scaler.offset.empty()) v = v * scaler.scale[static_cast<std::size_t>(c)] + scaler.offset[static_cast<std::size_t>(c)];
        r.forecast[i] = v;
      }
  } else {
    // Softmax of the logits.
    float mx = m.out[0];
    for (float v : m.out) mx = std::max(mx, v);
    double sum = 0;
    r.probabilities.resize(m.out.size());
    for (std::size_t i = 0; i < m.out.size(); ++i) sum += r.probabilities[i] = std::exp(m.out[i] - mx);
    for (auto& p : r.probabilities) p = static_cast<float>(p / sum);
  }
  m.last_time = t;
  return r;
}

void StreamingPredictor::reset() { impl_->freshState(); }

std::int64_t StreamingPredictor::steps() const noexcept { return impl_->steps; }
std::int64_t StreamingPredictor::stateBytes() const { return impl_->bytes(); }
std::int64_t StreamingPredictor::allocatedBytes() const { return impl_->allocated(); }
const StepResult& StreamingPredictor::last() const noexcept { return impl_->result; }
const train::TrainedModel& StreamingPredictor::model() const noexcept { return impl_->model; }
Task StreamingPredictor::task() const { return impl_->mo.task; }
std::int64_t StreamingPredictor::channels() const { return impl_->mo.channels; }
std::int64_t StreamingPredictor::horizon() const { return impl_->mo.task == Task::Forecast ? impl_->mo.horizon : 0; }
const std::vector<std::string>& StreamingPredictor::columns() const { return impl_->columns; }
bool StreamingPredictor::usesFusedStep() const noexcept { return impl_->fused.has_value(); }

std::string StreamingPredictor::kind() const {
  const auto& m = *impl_;
  if (m.mo.type == ModelType::Aaren) return m.fused ? "Aaren (fused step)" : "Aaren (LibTorch step)";
  if (m.options.kv_window > 0) return "Transformer (KV cache, window " + std::to_string(m.options.kv_window) + ")";
  return "Transformer (KV cache)";
}

train::TrainedModel makeTransformerTwin(const train::TrainedModel& model, std::uint64_t seed) {
  if (!model.valid()) throw std::invalid_argument("makeTransformerTwin: no model");
  auto options = model.options();
  options.type = ModelType::Transformer;
  torch::manual_seed(seed);
  auto twin = makeModel(options);
  auto info = model.info();
  info.options = options;
  info.record = TrainingRecord{};
  info.record.command = "untrained Transformer twin (cost only)";
  return train::TrainedModel::fromModule(twin.ptr(), info);
}

}  // namespace aaren::stream
