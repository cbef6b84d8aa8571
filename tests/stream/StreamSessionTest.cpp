// A session: one source, every model on its own thread; one-step forecasts aligned with the
// truth, rolling MAE, bounded traces, and models stopped with a reason when they cannot go on.
#include "core/stream/ReplaySource.h"
#include "core/stream/StreamSession.h"
#include "tests/stream/StreamTestSupport.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace aaren;
using namespace aaren::stream;
using namespace std::chrono_literals;

namespace {

ModelOptions small(ModelType type, Task task = Task::Forecast) {
  ModelOptions o;
  o.type = type;
  o.task = task;
  o.channels = 2;
  o.d_model = 16;
  o.heads = 2;
  o.layers = 2;
  o.d_ff = 32;
  o.dropout = 0;
  o.horizon = 4;
  o.classes = 3;
  return o;
}

std::unique_ptr<StreamSource> replay(const data::Series& s) {
  ReplayOptions o;
  o.rate = 0;
  return std::make_unique<ReplaySource>(s, o);
}

// Runs the session to its end, gathering what each take returned.
struct Gathered {
  std::vector<ActualPoint> actuals;
  std::vector<std::vector<OneStepPoint>> one_step;
  SessionUpdate last;
};
Gathered runToEnd(StreamSession& session) {
  Gathered g;
  session.start();
  for (int i = 0; i < 2000; ++i) {
    auto u = session.takeUpdate();
    for (auto& a : u.actuals) g.actuals.push_back(std::move(a));
    g.one_step.resize(u.models.size());
    for (std::size_t m = 0; m < u.models.size(); ++m)
      for (auto& p : u.models[m].one_step) g.one_step[m].push_back(std::move(p));
    const bool done = u.finished;
    g.last = std::move(u);
    if (done) break;
    std::this_thread::sleep_for(10ms);
  }
  return g;
}

}  // namespace

TEST(StreamSession, EveryModelSeesEverySampleAndForecastsAlignWithTheTruth) {
  const auto series = aaren::testing::makeSeries(700, 2);
  const auto aaren = aaren::testing::makeStreamModel(small(ModelType::Aaren));
  std::vector<ModelSlot> slots{{aaren, "Aaren", {}, false, 0}, {makeTransformerTwin(aaren), "", {}, true, 0}};
  SessionOptions so;
  so.rolling_window = 50;
  StreamSession session(replay(series), std::move(slots), so);
  const auto g = runToEnd(session);
  ASSERT_TRUE(g.last.finished);
  EXPECT_EQ(g.last.samples, 700u);
  ASSERT_EQ(g.actuals.size(), 700u);
  EXPECT_EQ(g.actuals[699].index, 699);
  EXPECT_EQ(g.actuals[699].values, (std::vector<double>{series.at(699, 0), series.at(699, 1)}));
  EXPECT_EQ(g.last.columns, (std::vector<std::string>{"c0", "c1"}));
  ASSERT_EQ(g.last.models.size(), 2u);
  const auto& a = g.last.models[0];
  const auto& t = g.last.models[1];
  EXPECT_EQ(a.label, "Aaren");
  EXPECT_EQ(a.kind, "Aaren (fused step)");
  EXPECT_EQ(t.label, "Transformer (untrained, cost only)");
  EXPECT_EQ(a.status, ModelStatus::Finished);
  EXPECT_EQ(a.samples, 700u);
  EXPECT_EQ(t.samples, 700u);

  // One-step points: the forecast made after sample i-1 for sample i, for i = 1..699; they
  // equal a predictor run by hand, and the rolling MAE is the mean of the last 50 errors.
  ASSERT_EQ(g.one_step[0].size(), 699u);
  EXPECT_TRUE(g.one_step[1].empty());  // cost-only: nothing to show
  StreamingPredictor p(aaren);
  std::vector<double> prev;
  std::vector<double> errors0;
  for (std::size_t r = 0; r < 700; ++r) {
    Sample s;
    s.timestamp = series.timestamps[r];
    s.values = {series.at(r, 0), series.at(r, 1)};
    if (r > 0) {
      const auto& pt = g.one_step[0][r - 1];
      ASSERT_EQ(pt.index, static_cast<std::int64_t>(r));
      ASSERT_EQ(pt.timestamp, series.timestamps[r]);
      ASSERT_EQ(pt.values, prev);
      errors0.push_back(std::abs(series.at(r, 0) - prev[0]));
    }
    const auto& out = p.push(s);
    prev.assign(out.forecast.begin(), out.forecast.begin() + 2);
  }
  double sum = 0;
  for (std::size_t i = errors0.size() - 50; i < errors0.size(); ++i) sum += errors0[i];
  EXPECT_EQ(a.mae_count, 50u);
  EXPECT_NEAR(a.rolling_mae[0], sum / 50, 1e-12);
  // The latest forecast follows the last sample, with its timestamps one hour apart.
  EXPECT_EQ(a.forecast_origin, 699);
  EXPECT_EQ(a.forecast, p.last().forecast);
  ASSERT_EQ(a.forecast_times.size(), 4u);
  EXPECT_EQ(a.forecast_times[0], series.timestamps[699] + 3600);
  EXPECT_EQ(a.forecast_times[3], series.timestamps[699] + 4 * 3600);

  // Memory: Aaren flat at the predictor's exact bytes; the Transformer linear in tokens.
  EXPECT_EQ(a.latest.state_bytes, p.stateBytes());
  for (const auto& pt : a.trace) EXPECT_EQ(pt.state_bytes, p.stateBytes());
  ASSERT_GE(t.trace.size(), 2u);
  for (const auto& pt : t.trace) EXPECT_EQ(pt.state_bytes, 2 * 2 * static_cast<std::int64_t>(pt.samples) * 16 * 4);
  EXPECT_EQ(t.latest.state_bytes, 2 * 2 * 700 * 16 * 4);
  EXPECT_GT(a.latest.cumulative_seconds, 0);
  EXPECT_GT(a.latest.step_p99_us, 0);
  EXPECT_GE(a.latest.step_p99_us, a.latest.step_median_us);
  EXPECT_GT(g.last.rss_bytes, 0);
  const auto traces = session.traces();
  ASSERT_EQ(traces.size(), 2u);
  EXPECT_EQ(traces[0].first, "Aaren");
  EXPECT_EQ(traces[0].second.back().samples, t.trace.back().samples);
}

TEST(StreamSession, AByteLimitStopsTheTransformerAndTheOthersGoOn) {
  const auto series = aaren::testing::makeSeries(400, 2);
  const auto aaren = aaren::testing::makeStreamModel(small(ModelType::Aaren));
  // 2 layers x 16 wide x K and V x 4 B = 256 B per token: the limit is passed at token 101.
  std::vector<ModelSlot> slots{{aaren, "Aaren", {}, false, 0}, {makeTransformerTwin(aaren), "Transformer", {}, true, 100 * 256}};
  StreamSession session(replay(series), std::move(slots));
  const auto g = runToEnd(session);
  ASSERT_TRUE(g.last.finished);
  const auto& t = g.last.models[1];
  EXPECT_EQ(t.status, ModelStatus::Stopped);
  EXPECT_EQ(t.samples, 101u);
  EXPECT_EQ(t.message, "stopped after 101 samples: its state reached 25.25 KiB (the limit is 25 KiB)");
  EXPECT_EQ(g.last.models[0].samples, 400u);
  EXPECT_EQ(g.last.models[0].status, ModelStatus::Finished);
}

TEST(StreamSession, TheFastestModelSetsThePaceAndASlowerOneIsStoppedWithTheReason) {
  const auto series = aaren::testing::makeSeries(6000, 2);
  auto o = small(ModelType::Aaren);
  o.d_model = 64;
  o.heads = 4;
  const auto aaren = aaren::testing::makeStreamModel(o);
  SessionOptions so;
  so.model_queue = 1000;  // the Transformer's LibTorch step (~0.1 ms and growing) cannot keep up with Aaren's fused one
  std::vector<ModelSlot> slots{{aaren, "Aaren", {}, false, 0}, {makeTransformerTwin(aaren), "Transformer", {}, true, 0}};
  StreamSession session(replay(series), std::move(slots), so);
  const auto g = runToEnd(session);
  ASSERT_TRUE(g.last.finished);
  const auto& a = g.last.models[0];
  const auto& t = g.last.models[1];
  EXPECT_EQ(a.status, ModelStatus::Finished);
  EXPECT_EQ(a.samples, 6000u);
  EXPECT_EQ(t.status, ModelStatus::Stopped);
  EXPECT_LT(t.samples, 6000u);
  EXPECT_EQ(t.message.rfind("stopped at sample ", 0), 0u) << t.message;
  EXPECT_NE(t.message.find(" samples behind the stream (a step takes "), std::string::npos) << t.message;
  EXPECT_EQ(g.actuals.size(), 6000u);  // the stream itself went on
}

TEST(StreamSession, UntakenActualsAreCappedAndCounted) {
  const auto series = aaren::testing::makeSeries(1000, 2);
  SessionOptions so;
  so.display_capacity = 100;
  StreamSession session(replay(series), {}, so);
  session.start();
  ASSERT_TRUE(session.waitFinished(20s));
  const auto u = session.takeUpdate();
  ASSERT_EQ(u.actuals.size(), 100u);
  EXPECT_EQ(u.actuals.front().index, 900);
  EXPECT_EQ(u.actuals_dropped, 900u);
  EXPECT_EQ(u.samples, 1000u);
}

TEST(StreamSession, ClassifiersGiveLiveProbabilitiesAndAccuracyOverLabelledCases) {
  const auto series = aaren::testing::makeSeries(90, 2);
  data::LabeledSeriesSet set;
  set.channels = 2;
  set.channelNames = {"c0", "c1"};
  set.classNames = {"class0", "class1", "class2"};
  for (int k = 0; k < 3; ++k) {
    std::vector<double> d;
    for (int c = 0; c < 2; ++c)
      for (int t = 0; t < 30; ++t) d.push_back(series.at(static_cast<std::size_t>(k * 30 + t), static_cast<std::size_t>(c)));
    set.data.push_back(d);
    set.lengths.push_back(30);
    set.labels.push_back("class" + std::to_string(k));
    set.classIndex.push_back(k);
  }
  const auto clf = aaren::testing::makeStreamModel(small(ModelType::Aaren, Task::Classify));
  ReplayOptions ro;
  ro.rate = 0;
  std::vector<ModelSlot> slots{{clf, "Classifier", {}, false, 0}};
  StreamSession session(std::make_unique<ReplaySource>(set, ro), std::move(slots));
  const auto g = runToEnd(session);
  ASSERT_TRUE(g.last.finished);
  const auto& m = g.last.models[0];
  EXPECT_EQ(m.cases, 3u);
  // Each case is classified from its own samples only (the state resets at each case).
  std::uint64_t correct = 0;
  for (std::size_t k = 0; k < 3; ++k) {
    StreamingPredictor p(clf);
    for (int t = 0; t < 30; ++t) {
      Sample s;
      s.values = {set.channel(k, 0)[static_cast<std::size_t>(t)], set.channel(k, 1)[static_cast<std::size_t>(t)]};
      p.push(s);
    }
    const auto& pr = p.last().probabilities;
    const auto best = static_cast<std::size_t>(std::max_element(pr.begin(), pr.end()) - pr.begin());
    correct += best == k;
    if (k == 2) {
      EXPECT_EQ(m.probabilities, pr);
      EXPECT_EQ(m.predicted, static_cast<int>(best));
    }
  }
  EXPECT_EQ(m.correct, correct);
}

TEST(StreamSession, StopEndsEveryThreadPromptly) {
  const auto series = aaren::testing::makeSeries(100, 2);
  ReplayOptions o;
  o.rate = 20;  // would take 5 s
  const auto aaren = aaren::testing::makeStreamModel(small(ModelType::Aaren));
  std::vector<ModelSlot> slots{{aaren, "Aaren", {}, false, 0}};
  StreamSession session(std::make_unique<ReplaySource>(series, o), std::move(slots));
  session.start();
  std::this_thread::sleep_for(200ms);
  EXPECT_TRUE(session.running());
  const auto t0 = std::chrono::steady_clock::now();
  session.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  EXPECT_FALSE(session.running());
  const auto u = session.takeUpdate();
  EXPECT_EQ(u.source.state, SourceState::Stopped);
  EXPECT_EQ(u.models[0].status, ModelStatus::Stopped);
  EXPECT_LT(u.samples, 100u);
}
