// Live-feed ingest while predicting with Aaren (issue 6), measured end to end on loopback:
//
//   BM_TcpIngestAaren/max   `aaren feed`'s Feed at full speed -> TcpSource -> StreamSession
//                           with the default Aaren forecaster on ETTh1's 7 channels (fused
//                           step). samples_per_second = samples the model consumed per second;
//                           dropped = samples the source's buffer discarded because the model
//                           was slower than the wire.
//   BM_TcpIngestAaren/10000 the same feed paced at 10,000 samples/s for 10 s: every sample
//                           must be consumed (dropped 0) and the backlog stays small.
//   BM_LongStreamMemory     10 million samples of a replayed univariate series through the
//                           default Aaren (1 channel), as fast as it goes, the consumer taking
//                           updates every 33 ms like the GUI: process RSS after 1 M and after
//                           10 M samples (rss_growth_MB should be ~0: state and buffers are
//                           bounded).
//
// Models are untrained (seeded): cost does not depend on the weights.
#include <benchmark/benchmark.h>

#include "core/data/CsvReader.h"
#include "core/models/Model.h"
#include "core/stream/Feed.h"
#include "core/stream/ReplaySource.h"
#include "core/stream/StreamSession.h"
#include "core/stream/TcpSource.h"
#include "core/train/Experiment.h"

#include <chrono>
#include <thread>

using namespace aaren;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

train::TrainedModel defaultAaren(const data::Series& series) {
  auto options = train::defaultForecastConfig().model;
  options.channels = static_cast<std::int64_t>(series.cols());
  options.horizon = 96;
  options.step_seconds = 3600;  // hourly: the daily cycle's forecast steps
  torch::manual_seed(1);
  auto model = makeModel(options);
  ModelFileInfo info;
  info.options = options;
  info.schema.columns = series.names;
  info.schema.frequency_seconds = 3600;
  info.schema.lookback = 96;
  info.schema.horizon = 96;
  return train::TrainedModel::fromModule(model.ptr(), info);
}

const data::Series& etth1() {
  static const data::Series s = data::readCsvFile(std::string(AAREN_DATA_DIR) + "/forecasting/ETTh1.csv").series;
  return s;
}

void BM_TcpIngestAaren(benchmark::State& state) {
  const double rate = static_cast<double>(state.range(0));  // 0 = as fast as possible
  const auto& series = etth1();
  const auto model = defaultAaren(series);
  for (auto _ : state) {
    stream::FeedOptions fo;
    fo.rate = rate;
    fo.loop = true;
    stream::Feed feed(series, "tcp://127.0.0.1:0", fo);
    std::atomic<bool> cancel{false};
    std::thread sender([&] { feed.run(cancel); });
    while (feed.boundPort() == 0) std::this_thread::sleep_for(1ms);
    stream::TcpOptions to;
    to.port = feed.boundPort();
    std::vector<stream::ModelSlot> slots{{model, "Aaren", {}, false, 0}};
    stream::StreamSession session(std::make_unique<stream::TcpSource>(to), std::move(slots));
    session.start();
    // Warm-up: until the model has consumed 2,000 samples; then measure 10 s.
    stream::SessionUpdate u;
    while ((u = session.takeUpdate()).models[0].samples < 2000) std::this_thread::sleep_for(33ms);
    const auto t0 = Clock::now();
    const auto s0 = u.models[0].samples;
    const auto d0 = u.source.dropped;
    std::uint64_t max_backlog = 0;
    while (Clock::now() - t0 < 10s) {
      std::this_thread::sleep_for(33ms);
      u = session.takeUpdate();
      max_backlog = std::max<std::uint64_t>(max_backlog, u.models[0].backlog);
    }
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    u = session.takeUpdate();
    state.SetIterationTime(secs);
    state.counters["samples_per_second"] = static_cast<double>(u.models[0].samples - s0) / secs;
    state.counters["dropped"] = static_cast<double>(u.source.dropped - d0);
    state.counters["malformed"] = static_cast<double>(u.source.malformed);
    state.counters["max_backlog"] = static_cast<double>(max_backlog);
    state.counters["step_median_us"] = u.models[0].latest.step_median_us;
    state.counters["step_p99_us"] = u.models[0].latest.step_p99_us;
    state.counters["state_bytes"] = static_cast<double>(u.models[0].latest.state_bytes);
    state.counters["channels"] = static_cast<double>(series.cols());
    session.stop();
    cancel = true;
    sender.join();
  }
}
BENCHMARK(BM_TcpIngestAaren)->Arg(0)->Arg(10000)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

void BM_LongStreamMemory(benchmark::State& state) {
  const auto& full = etth1();
  data::Series ot;  // the OT channel alone
  ot.rows = full.rows;
  ot.names = {"OT"};
  ot.timestamps = full.timestamps;
  const auto col = full.column(*full.find("OT"));
  ot.values.assign(col.begin(), col.end());
  ot.refreshStats();
  const auto model = defaultAaren(ot);
  const std::uint64_t total = 10'000'000;
  for (auto _ : state) {
    stream::ReplayOptions ro;
    ro.rate = 0;
    ro.loop = true;
    std::vector<stream::ModelSlot> slots{{model, "Aaren", {}, false, 0}};
    stream::StreamSession session(std::make_unique<stream::ReplaySource>(ot, ro), std::move(slots));
    const auto t0 = Clock::now();
    session.start();
    std::int64_t rss_1m = 0, rss_end = 0;
    std::uint64_t seen = 0;
    stream::SessionUpdate u;
    while (seen < total) {
      std::this_thread::sleep_for(33ms);
      u = session.takeUpdate();  // what the GUI's timer does; the actuals are dropped here
      seen = u.models[0].samples;
      if (rss_1m == 0 && seen >= 1'000'000) rss_1m = stream::processRssBytes();
    }
    rss_end = stream::processRssBytes();
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    session.stop();
    state.SetIterationTime(secs);
    state.counters["samples"] = static_cast<double>(seen);
    state.counters["samples_per_second"] = static_cast<double>(seen) / secs;
    state.counters["rss_1M_MB"] = static_cast<double>(rss_1m) / 1e6;
    state.counters["rss_10M_MB"] = static_cast<double>(rss_end) / 1e6;
    state.counters["rss_growth_MB"] = static_cast<double>(rss_end - rss_1m) / 1e6;
    state.counters["state_bytes"] = static_cast<double>(u.models[0].latest.state_bytes);
    state.counters["trace_points"] = static_cast<double>(u.models[0].trace.size());
  }
}
BENCHMARK(BM_LongStreamMemory)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
