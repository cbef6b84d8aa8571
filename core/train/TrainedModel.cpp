#include "core/train/TrainedModel.h"

#include "core/data/Timestamp.h"
#include "core/models/CalendarFeatures.h"
#include "core/models/Model.h"
#include "core/models/ModelFile.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace aaren::train {

struct TrainedModel::Impl {
  std::shared_ptr<ModelImpl> model;  // shared, used read-only (eval, no grad)
  ModelFileInfo info;
  std::filesystem::path path;
};

TrainedModel::TrainedModel() = default;
TrainedModel::~TrainedModel() = default;
TrainedModel::TrainedModel(const TrainedModel&) = default;
TrainedModel& TrainedModel::operator=(const TrainedModel&) = default;
TrainedModel::TrainedModel(TrainedModel&&) noexcept = default;
TrainedModel& TrainedModel::operator=(TrainedModel&&) noexcept = default;

const TrainedModel::Impl& TrainedModel::impl() const {
  if (!impl_) throw std::logic_error("TrainedModel: no model (the handle is empty)");
  return *impl_;
}

TrainedModel TrainedModel::load(const std::filesystem::path& file) {
  auto loaded = loadModelFile(file);
  TrainedModel m;
  auto impl = std::make_shared<Impl>();
  impl->model = loaded.model.ptr();
  impl->info = std::move(loaded.info);
  impl->path = file;
  m.impl_ = std::move(impl);
  return m;
}

TrainedModel TrainedModel::fromModule(std::shared_ptr<ModelImpl> model, ModelFileInfo info) {
  if (!model) throw std::invalid_argument("TrainedModel::fromModule: no model");
  model->eval();
  info.options = model->options;
  info.parameters = model->parameterCount();
  info.format_version = static_cast<int>(kModelFileFormatVersion);
  if (info.app_version.empty()) info.app_version = AAREN_VERSION;
  TrainedModel m;
  auto impl = std::make_shared<Impl>();
  impl->model = std::move(model);
  impl->info = std::move(info);
  m.impl_ = std::move(impl);
  return m;
}

void TrainedModel::save(const std::filesystem::path& file) const { saveModelFile(file, *impl().model, impl().info); }

const ModelFileInfo& TrainedModel::info() const { return impl().info; }
const ModelOptions& TrainedModel::options() const { return impl().info.options; }
Task TrainedModel::task() const { return impl().info.options.task; }
std::int64_t TrainedModel::parameterCount() const { return impl().model->parameterCount(); }
std::int64_t TrainedModel::lookback() const { return impl().info.schema.lookback; }
std::int64_t TrainedModel::horizon() const { return impl().info.options.horizon; }
const std::filesystem::path& TrainedModel::path() const { return impl().path; }
std::shared_ptr<ModelImpl> TrainedModel::module() const { return impl().model; }

// --- schema ------------------------------------------------------------------------------

namespace {

[[noreturn]] void wrongTask(const std::filesystem::path& file, Task model, const char* data) {
  throw ModelFileError(ModelFileError::Kind::SchemaMismatch, file,
                       "the model is a " + std::string(model == Task::Forecast ? "forecasting" : "classification") +
                           " model but the data is " + data);
}

}  // namespace

void TrainedModel::checkSchema(const data::Series& series) const {
  const auto& m = impl();
  if (m.info.options.task != Task::Forecast) wrongTask(m.path, m.info.options.task, "a series to forecast");
  aaren::checkSchema(m.info, series.names, series.hasTime() ? series.time.frequency.seconds : 0, m.path);
  if (needsCalendar(m.info.options) && !series.hasTime())
    throw ModelFileError(ModelFileError::Kind::SchemaMismatch, m.path,
                         calendarUse(m.info.options) + " but the data has no timestamp column");
}

void TrainedModel::checkSchema(const data::LabeledSeriesSet& set) const {
  const auto& m = impl();
  if (m.info.options.task != Task::Classify) wrongTask(m.path, m.info.options.task, "a set of labelled cases");
  if (static_cast<std::int64_t>(set.channels) != m.info.options.channels)
    throw ModelFileError(ModelFileError::Kind::SchemaMismatch, m.path,
                         "model expects " + std::to_string(m.info.options.channels) + " channels but the data has " +
                             std::to_string(set.channels));
  aaren::checkSchema(m.info, set.channelNames, 0, m.path);
}

// --- forecasting -------------------------------------------------------------------------

namespace {

struct Window {
  std::vector<float> x;    // [L, C] scaled
  std::vector<float> cal;  // [L, 8] or empty
};

// The model's columns of `series`, in the model's order (checkSchema has been called).
std::vector<std::size_t> columnIndex(const ModelFileInfo& info, const data::Series& series) {
  std::vector<std::size_t> idx;
  if (info.schema.columns.empty()) {
    for (std::size_t c = 0; c < series.cols(); ++c) idx.push_back(c);
  } else {
    for (const auto& name : info.schema.columns) idx.push_back(*series.find(name));
  }
  if (static_cast<std::int64_t>(idx.size()) != info.options.channels)
    throw std::invalid_argument("the data has " + std::to_string(idx.size()) + " value columns but the model expects " +
                                std::to_string(info.options.channels));
  return idx;
}

double scaled(const ScalerInfo& s, std::size_t c, double v) {
  if (s.kind == "none" || s.offset.empty()) return v;
  return (v - s.offset[c]) / s.scale[c];
}

double unscaled(const ScalerInfo& s, std::size_t c, double v) {
  if (s.kind == "none" || s.offset.empty()) return v;
  return v * s.scale[c] + s.offset[c];
}

// Value of column `col` at row r (< end), missing values interpolated from rows < end only.
double historyValue(const data::Series& s, std::size_t col, std::int64_t r, std::int64_t end) {
  const auto v = s.column(col);
  const double x = v[static_cast<std::size_t>(r)];
  if (!std::isnan(x)) return x;
  std::int64_t prev = r - 1, next = r + 1;
  while (prev >= 0 && std::isnan(v[static_cast<std::size_t>(prev)])) --prev;
  while (next < end && std::isnan(v[static_cast<std::size_t>(next)])) ++next;
  if (prev < 0 && next >= end)
    throw std::invalid_argument("column '" + s.names[col] + "' has no value in the " + std::to_string(end) +
                                " rows of history before the forecast");
  if (prev < 0) return v[static_cast<std::size_t>(next)];
  if (next >= end) return v[static_cast<std::size_t>(prev)];
  auto axis = [&](std::int64_t i) {
    return s.hasTime() ? static_cast<double>(s.timestamps[static_cast<std::size_t>(i)] - s.timestamps[0]) : static_cast<double>(i);
  };
  const double x0 = axis(prev), x1 = axis(next), xr = axis(r);
  const double w = x1 > x0 ? (xr - x0) / (x1 - x0) : 0.0;
  const double a = v[static_cast<std::size_t>(prev)], b = v[static_cast<std::size_t>(next)];
  return a + w * (b - a);
}

// The scaled lookback window ending at row `end - 1`.
void fillWindow(const ModelFileInfo& info, const data::Series& s, const std::vector<std::size_t>& cols, std::int64_t end,
                float* x, float* cal) {
  const auto L = info.schema.lookback;
  const auto C = static_cast<std::int64_t>(cols.size());
  for (std::int64_t t = 0; t < L; ++t) {
    const auto r = end - L + t;
    for (std::int64_t c = 0; c < C; ++c)
      x[t * C + c] = static_cast<float>(scaled(info.scaler, static_cast<std::size_t>(c), historyValue(s, cols[static_cast<std::size_t>(c)], r, end)));
    if (cal) {
      const auto f = calendarFeatures(s.timestamps[static_cast<std::size_t>(r)]);
      std::copy(f.begin(), f.end(), cal + t * kCalendarFeatures);
    }
  }
}

// Forecasts (scaled) from the windows ending at each of `ends` (exclusive): [n, H, C].
std::vector<float> predictScaled(ModelImpl& model, const ModelFileInfo& info, const data::Series& s,
                                 const std::vector<std::size_t>& cols, const std::vector<std::int64_t>& ends) {
  const auto L = info.schema.lookback, H = info.options.horizon, C = info.options.channels;
  const bool calendar = needsCalendar(info.options);
  std::vector<float> out(ends.size() * static_cast<std::size_t>(H * C));
  torch::NoGradGuard no_grad;
  const std::size_t batch = 128;
  for (std::size_t i = 0; i < ends.size(); i += batch) {
    const auto n = std::min(batch, ends.size() - i);
    auto x = torch::empty({static_cast<std::int64_t>(n), L, C});
    torch::Tensor cal;
    if (calendar) cal = torch::empty({static_cast<std::int64_t>(n), L, kCalendarFeatures});
    for (std::size_t b = 0; b < n; ++b)
      fillWindow(info, s, cols, ends[i + b], x.data_ptr<float>() + static_cast<std::int64_t>(b) * L * C,
                 calendar ? cal.data_ptr<float>() + static_cast<std::int64_t>(b) * L * kCalendarFeatures : nullptr);
    auto y = model.forecastLast(x, cal).contiguous();  // [n, H, C]
    std::copy_n(y.data_ptr<float>(), y.numel(), out.data() + i * static_cast<std::size_t>(H * C));
  }
  return out;
}

// The timestamp `k` steps after `t` for the series' frequency (calendar months stay on
// their day of the month, clamped to its length).
std::int64_t stepAfter(std::int64_t t, const data::Frequency& f, std::int64_t k) {
  if (f.months <= 0) return t + k * f.seconds;
  const auto c = data::civilFromEpoch(t);
  const std::int64_t months = (c.year * 12 + (c.month - 1)) + k * f.months;
  const std::int64_t year = months >= 0 ? months / 12 : (months - 11) / 12;
  const auto month = static_cast<unsigned>(months - year * 12 + 1);
  unsigned day = c.day;
  while (day > 28 && !data::isValidDate(year, month, day)) --day;
  const auto seconds_in_day = ((t % 86400) + 86400) % 86400;
  return data::daysFromCivil(year, month, day) * 86400 + seconds_in_day;
}

void checkOrigin(const ModelFileInfo& info, const data::Series& s, std::int64_t origin) {
  const auto L = info.schema.lookback;
  if (origin < 0 || origin >= static_cast<std::int64_t>(s.rows))
    throw std::invalid_argument("row " + std::to_string(origin) + " is outside the data (rows 0 to " +
                                std::to_string(static_cast<std::int64_t>(s.rows) - 1) + ")");
  if (origin + 1 < L)
    throw std::invalid_argument("a forecast from row " + std::to_string(origin) + " needs " + std::to_string(L) +
                                " rows of history (the model's lookback) but there are " + std::to_string(origin + 1));
}

}  // namespace

Forecast TrainedModel::forecast(const data::Series& series) const {
  if (series.rows == 0) throw std::invalid_argument("the data has no rows");
  return forecast(series, static_cast<std::int64_t>(series.rows) - 1);
}

Forecast TrainedModel::forecast(const data::Series& series, std::int64_t origin) const {
  const auto& m = impl();
  checkSchema(series);
  checkOrigin(m.info, series, origin);
  const auto cols = columnIndex(m.info, series);
  const auto scaled_out = predictScaled(*m.model, m.info, series, cols, {origin + 1});
  Forecast f;
  f.origin_row = origin;
  f.horizon = m.info.options.horizon;
  f.channels = m.info.options.channels;
  for (auto c : cols) f.columns.push_back(series.names[c]);
  f.values.resize(scaled_out.size());
  for (std::int64_t k = 0; k < f.horizon; ++k)
    for (std::int64_t c = 0; c < f.channels; ++c) {
      const auto i = static_cast<std::size_t>(k * f.channels + c);
      f.values[i] = unscaled(m.info.scaler, static_cast<std::size_t>(c), scaled_out[i]);
    }
  if (series.hasTime() && series.time.frequency.known()) {
    const auto t = series.timestamps[static_cast<std::size_t>(origin)];
    for (std::int64_t k = 1; k <= f.horizon; ++k) f.timestamps.push_back(stepAfter(t, series.time.frequency, k));
  }
  return f;
}

WindowForecasts TrainedModel::forecastWindows(const data::Series& series, const data::RowRange& rows, std::int64_t stride) const {
  const auto& m = impl();
  checkSchema(series);
  if (rows.end > series.rows || rows.begin > rows.end)
    throw std::invalid_argument("rows [" + std::to_string(rows.begin) + ", " + std::to_string(rows.end) + ") lie outside the data (" +
                                std::to_string(series.rows) + " rows)");
  if (stride < 1) throw std::invalid_argument("the window stride must be at least 1");
  const auto L = m.info.schema.lookback, H = m.info.options.horizon, C = m.info.options.channels;
  const auto cols = columnIndex(m.info, series);
  WindowForecasts w;
  w.horizon = H;
  w.channels = C;
  for (auto c : cols) w.columns.push_back(series.names[c]);
  const auto n = std::max<std::int64_t>(0, static_cast<std::int64_t>(rows.size()) - L - H + 1);
  std::vector<std::int64_t> ends;
  for (std::int64_t i = 0; i < n; i += stride) {
    ends.push_back(static_cast<std::int64_t>(rows.begin) + i + L);
    w.origin_rows.push_back(ends.back() - 1);
  }
  const auto pred = predictScaled(*m.model, m.info, series, cols, ends);
  w.values.resize(pred.size());
  w.actual.resize(pred.size());
  for (std::size_t i = 0; i < ends.size(); ++i)
    for (std::int64_t k = 0; k < H; ++k)
      for (std::int64_t c = 0; c < C; ++c) {
        const auto at = (i * static_cast<std::size_t>(H) + static_cast<std::size_t>(k)) * static_cast<std::size_t>(C) + static_cast<std::size_t>(c);
        w.values[at] = unscaled(m.info.scaler, static_cast<std::size_t>(c), pred[at]);
        w.actual[at] = series.column(cols[static_cast<std::size_t>(c)])[static_cast<std::size_t>(ends[i] + k)];
      }
  return w;
}

// --- classification ----------------------------------------------------------------------

std::vector<Classification> TrainedModel::classify(const data::LabeledSeriesSet& set) const {
  const auto& m = impl();
  checkSchema(set);
  const auto C = static_cast<std::int64_t>(set.channels);
  const auto& classes = m.info.schema.classes;
  std::vector<Classification> out;
  torch::NoGradGuard no_grad;
  const std::size_t batch = 64;
  for (std::size_t i = 0; i < set.size(); i += batch) {
    const auto n = std::min(batch, set.size() - i);
    std::int64_t T = 1;
    for (std::size_t b = 0; b < n; ++b) T = std::max<std::int64_t>(T, static_cast<std::int64_t>(set.lengths[i + b]));
    auto x = torch::zeros({static_cast<std::int64_t>(n), T, C});
    auto mask = torch::zeros({static_cast<std::int64_t>(n), T}, torch::kBool);
    float* px = x.data_ptr<float>();
    bool* pm = mask.data_ptr<bool>();
    for (std::size_t b = 0; b < n; ++b) {
      const auto len = static_cast<std::int64_t>(set.lengths[i + b]);
      if (len < 1) throw std::invalid_argument(set.name + " case " + std::to_string(i + b + 1) + " has no values");
      for (std::int64_t c = 0; c < C; ++c) {
        const auto ch = set.channel(i + b, static_cast<std::size_t>(c));
        for (std::int64_t t = 0; t < len; ++t) {
          const double v = ch[static_cast<std::size_t>(t)];
          px[(static_cast<std::int64_t>(b) * T + t) * C + c] =
              static_cast<float>(std::isnan(v) ? 0.0 : scaled(m.info.scaler, static_cast<std::size_t>(c), v));
        }
      }
      std::fill_n(pm + static_cast<std::int64_t>(b) * T, len, true);
    }
    auto probs = torch::softmax(m.model->forward(x, mask), -1).contiguous();
    const auto K = probs.size(1);
    for (std::size_t b = 0; b < n; ++b) {
      const float* p = probs.data_ptr<float>() + static_cast<std::int64_t>(b) * K;
      Classification r;
      r.probabilities.assign(p, p + K);
      r.predicted = static_cast<int>(std::max_element(p, p + K) - p);
      r.predicted_class = static_cast<std::size_t>(r.predicted) < classes.size() ? classes[static_cast<std::size_t>(r.predicted)]
                                                                                 : std::to_string(r.predicted);
      out.push_back(std::move(r));
    }
  }
  return out;
}

Classification TrainedModel::classify(const data::LabeledSeriesSet& set, std::size_t index) const {
  if (index >= set.size())
    throw std::invalid_argument("case " + std::to_string(index) + " is outside the set (" + std::to_string(set.size()) + " cases)");
  data::LabeledSeriesSet one;
  one.name = set.name;
  one.channels = set.channels;
  one.channelNames = set.channelNames;
  one.classNames = set.classNames;
  one.data = {set.data[index]};
  one.lengths = {set.lengths[index]};
  one.labels = {index < set.labels.size() ? set.labels[index] : std::string()};
  return classify(one).front();
}

}  // namespace aaren::train
