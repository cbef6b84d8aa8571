#pragma once
// TrainedModel: a handle on one trained (or loaded) model with everything needed to use it
// on raw data — its weights, options, scaler and input schema (ModelFileInfo). No Torch
// type here (pimpl): the GUI, the CLI and the report generator predict through it.
//
// Predictions take data as the readers return it (data::Series for forecasting,
// data::LabeledSeriesSet for classification), in original units: the handle selects the
// model's columns by name, scales with the stored scaler and unscales the forecasts.
//
//   auto model = TrainedModel::load("etth1.aaren");      // throws ModelFileError
//   model.checkSchema(series);                           // throws ModelFileError(SchemaMismatch)
//   Forecast f = model.forecast(series);                 // the next horizon values after the last row
//   f.value(step, channel);                              // original units
//
// Missing values in a forecast's history are interpolated linearly between the nearest
// values before and after them inside the history (as MissingPolicy::Interpolate does);
// values after the forecast origin are never used, so trailing gaps take the last value.
//
// Threading: a TrainedModel is a shared, immutable handle (copies share the weights).
// Every const member may be called from any number of threads at once (inference runs in
// eval mode under NoGradGuard). load() and save() may run on any thread; save() reads the
// weights, which nothing modifies after training.
#include "core/data/LabeledSeriesSet.h"
#include "core/data/Series.h"
#include "core/data/Split.h"
#include "core/models/ModelFileInfo.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace aaren {
struct ModelImpl;
}

namespace aaren::train {

// One forecast: `horizon` steps of every channel, in original units.
struct Forecast {
  std::int64_t origin_row = 0;            // last row of the history (the forecast follows it)
  std::int64_t horizon = 0, channels = 0;
  std::vector<std::string> columns;       // channel names
  std::vector<double> values;             // [horizon][channels], time-major
  // Timestamps of the forecast steps (horizon entries) when the series is timed, else empty.
  std::vector<std::int64_t> timestamps;
  double value(std::int64_t step, std::int64_t channel) const {
    return values[static_cast<std::size_t>(step * channels + channel)];
  }
};

// Forecasts of consecutive windows (e.g. every test window), for forecast-vs-actual plots.
struct WindowForecasts {
  std::int64_t horizon = 0, channels = 0;
  std::vector<std::string> columns;
  std::vector<std::int64_t> origin_rows;  // per window: last history row
  std::vector<double> values;             // [window][horizon][channels], original units
  std::vector<double> actual;             // same shape; NaN where the data has no value
  std::size_t windows() const { return origin_rows.size(); }
  double value(std::size_t window, std::int64_t step, std::int64_t channel) const {
    return values[(window * static_cast<std::size_t>(horizon) + static_cast<std::size_t>(step)) * static_cast<std::size_t>(channels) +
                  static_cast<std::size_t>(channel)];
  }
  double actualValue(std::size_t window, std::int64_t step, std::int64_t channel) const {
    return actual[(window * static_cast<std::size_t>(horizon) + static_cast<std::size_t>(step)) * static_cast<std::size_t>(channels) +
                  static_cast<std::size_t>(channel)];
  }
};

// One classified case.
struct Classification {
  int predicted = 0;                 // index into ModelFileInfo::schema.classes
  std::string predicted_class;
  std::vector<float> probabilities;  // per class, sums to 1
};

class TrainedModel {
 public:
  TrainedModel();  // empty: valid() is false, everything else throws std::logic_error
  ~TrainedModel();
  TrainedModel(const TrainedModel&);
  TrainedModel& operator=(const TrainedModel&);
  TrainedModel(TrainedModel&&) noexcept;
  TrainedModel& operator=(TrainedModel&&) noexcept;

  // Reads a .aaren file. Throws ModelFileError saying what is wrong with it.
  static TrainedModel load(const std::filesystem::path& file);
  // Wraps a trained LibTorch model (core code only; `info` must describe it). The model is
  // put in eval mode and must not be trained afterwards.
  static TrainedModel fromModule(std::shared_ptr<aaren::ModelImpl> model, ModelFileInfo info);

  // Writes the model file atomically (see saveModelFile). Throws ModelFileError(Io).
  void save(const std::filesystem::path& file) const;

  bool valid() const noexcept { return impl_ != nullptr; }
  const ModelFileInfo& info() const;
  const ModelOptions& options() const;
  Task task() const;
  std::int64_t parameterCount() const;
  std::int64_t lookback() const;  // forecasting
  std::int64_t horizon() const;   // forecasting
  // The file it was loaded from ("" for a model trained in this process).
  const std::filesystem::path& path() const;
  // For core code that needs the LibTorch module (streaming, fused step).
  std::shared_ptr<aaren::ModelImpl> module() const;

  // Throws ModelFileError(SchemaMismatch) (message starting with path() when known) if the
  // data's value columns or sampling interval differ from the model's, or the task differs.
  void checkSchema(const data::Series& series) const;
  void checkSchema(const data::LabeledSeriesSet& set) const;

  // Forecast from the `lookback` rows ending at `origin_row` (inclusive; 0-based row of
  // the series). Throws std::invalid_argument when there are fewer rows of history, the row
  // is outside the series, or a column has no value in the history; ModelFileError on a
  // schema mismatch.
  Forecast forecast(const data::Series& series, std::int64_t origin_row) const;
  Forecast forecast(const data::Series& series) const;  // from the last row

  // Forecasts of every window whose lookback and horizon rows lie inside `rows` (the
  // ForecastData convention: a window starting at s reads [s, s+L) and is scored on
  // [s+L, s+L+H)), every `stride`-th window.
  WindowForecasts forecastWindows(const data::Series& series, const data::RowRange& rows, std::int64_t stride = 1) const;

  // Class probabilities of every case / of case `index`. Cases are standardised with the
  // stored scaler; missing values become the channel mean.
  std::vector<Classification> classify(const data::LabeledSeriesSet& set) const;
  Classification classify(const data::LabeledSeriesSet& set, std::size_t index) const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
  const Impl& impl() const;
};

}  // namespace aaren::train
