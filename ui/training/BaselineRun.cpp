#include "ui/training/BaselineRun.h"

#include "core/train/Baselines.h"
#include "core/train/Experiment.h"
#include "core/train/Prepare.h"

namespace aaren::ui {

namespace tr = aaren::train;

std::shared_ptr<ForecastEvaluation> runBaselinesOnly(const aaren::data::Series& series, const tr::ForecastExperimentConfig& config) {
  const tr::PreparedForecast prepared = tr::prepareForecast(series, config.prep);
  const tr::ForecastData& d = prepared.data;
  auto eval = std::make_shared<ForecastEvaluation>();
  eval->split = prepared.borders;
  eval->range = d.test;
  eval->testWindows = d.windows(d.test);
  for (const auto& b : tr::runBaselines(d, d.test, config.seasonal_period, 0,
                                              tr::dailyCycleApplies(series) ? prepared.frequency_seconds : 0))
    eval->rows.push_back({b.name, false, b.metrics.asMap(), b.mse_by_step});

  // The linear baseline's forecast of every test window, in original units.
  tr::LinearBaseline linear;
  linear.fit(d);
  const std::int64_t L = d.lookback, H = d.horizon, C = d.channels;
  auto& w = eval->windows;
  w.horizon = H;
  w.channels = C;
  w.columns = d.names;
  eval->baselineName = "linear";
  const std::int64_t n = eval->testWindows;
  w.values.resize(static_cast<std::size_t>(n * H * C));
  w.actual.resize(w.values.size());
  std::vector<float> history(static_cast<std::size_t>(L)), out(static_cast<std::size_t>(H));
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t start = static_cast<std::int64_t>(d.test.begin) + i;
    w.origin_rows.push_back(start + L - 1);
    for (std::int64_t c = 0; c < C; ++c) {
      for (std::int64_t t = 0; t < L; ++t) history[static_cast<std::size_t>(t)] = d.row(start + t)[c];
      linear.predict(history.data(), out.data());
      for (std::int64_t k = 0; k < H; ++k) {
        const auto at = static_cast<std::size_t>((i * H + k) * C + c);
        w.values[at] = prepared.scaler.inverse(out[static_cast<std::size_t>(k)], static_cast<std::size_t>(c));
        w.actual[at] = prepared.scaler.inverse(d.row(start + L + k)[c], static_cast<std::size_t>(c));
      }
    }
  }
  return eval;
}

}  // namespace aaren::ui
