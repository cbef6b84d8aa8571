// Round trips of every record type through the workspace, listings and the API's errors.
#include <cmath>
#include <cstdlib>
#include <optional>
#include <cctype>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/store/RunRecorder.h"
#include "core/store/Workspace.h"
#include "tests/store/TestUtil.h"

namespace aaren::store {
namespace {

using test::TempDir;
using nlohmann::json;

std::string thisHost() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

// "YYYY-MM-DDTHH:MM:SS.mmmZ"
bool isUtcTimestamp(const std::string& s) {
  const std::string shape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (s.size() != shape.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (shape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(s[i])) : s[i] != shape[i]) return false;
  return true;
}

DatasetRecord etth1() {
  DatasetRecord d;
  d.path = "/data/forecasting/ETTh1.csv";
  d.displayName = "ETTh1";
  d.sha256 = "f3c1a2b4";
  d.kind = DatasetKind::Forecast;
  d.rows = 17420;
  d.columns = 7;
  d.frequencySeconds = 3600;
  return d;
}

RunRecord aarenRun(std::int64_t datasetId) {
  RunRecord r;
  r.datasetId = datasetId;
  r.modelType = "aaren";
  r.task = "forecast";
  r.config = {{"lookback", 96}, {"horizon", 96}, {"lr", 0.001}};
  return r;
}

EpochRecord epoch(std::int64_t run, std::int64_t n, double train, std::optional<double> val) {
  EpochRecord e;
  e.runId = run;
  e.epoch = n;
  e.trainLoss = train;
  e.valLoss = val;
  e.metrics = {{"mae", train / 2}};
  e.seconds = 1.5 * static_cast<double>(n);
  return e;
}

class EnvGuard {
 public:
  explicit EnvGuard(const char* name) : name_(name) {
    if (const char* v = std::getenv(name)) old_ = v;
  }
  ~EnvGuard() {
    if (old_) setenv(name_, old_->c_str(), 1);
    else unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(WorkspacePath, DefaultPathFollowsXdgDataHome) {
  EnvGuard xdg("XDG_DATA_HOME"), home("HOME");
  setenv("XDG_DATA_HOME", "/tmp/xdg-data", 1);
  EXPECT_EQ(Workspace::defaultPath(), "/tmp/xdg-data/aaren-studio/workspace.sqlite");
  setenv("HOME", "/home/ada", 1);
  unsetenv("XDG_DATA_HOME");
  EXPECT_EQ(Workspace::defaultPath(), "/home/ada/.local/share/aaren-studio/workspace.sqlite");
  setenv("XDG_DATA_HOME", "relative/dir", 1);  // the XDG spec says: ignore relative paths
  EXPECT_EQ(Workspace::defaultPath(), "/home/ada/.local/share/aaren-studio/workspace.sqlite");
  setenv("XDG_DATA_HOME", "", 1);
  EXPECT_EQ(Workspace::defaultPath(), "/home/ada/.local/share/aaren-studio/workspace.sqlite");
}

TEST(WorkspacePath, CreatesParentDirectories) {
  TempDir dir;
  const auto p = dir / "a/b/c/ws.sqlite";
  Workspace ws(p);
  EXPECT_TRUE(std::filesystem::exists(p));
  EXPECT_EQ(ws.path(), p);
}

TEST(WorkspacePath, UnopenablePathIsRefused) {
  TempDir dir;
  test::writeFile(dir / "file.txt", "x");
  const auto p = dir / "file.txt" / "ws.sqlite";
  try {
    Workspace ws(p);
    ADD_FAILURE() << "opened";
  } catch (const WorkspaceError& e) {
    EXPECT_EQ(std::string(e.what()), "workspace " + p.string() + ": cannot open: unable to open database file");
  }
}

TEST(WorkspaceRecords, DatasetRoundTripAndUpsert) {
  TempDir dir;
  Workspace ws(dir / "ws.sqlite");
  const auto id = ws.addDataset(etth1());
  EXPECT_GT(id, 0);
  auto got = ws.dataset(id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, id);
  EXPECT_EQ(got->path, "/data/forecasting/ETTh1.csv");
  EXPECT_EQ(got->displayName, "ETTh1");
  EXPECT_EQ(got->sha256, "f3c1a2b4");
  EXPECT_EQ(got->kind, DatasetKind::Forecast);
  EXPECT_EQ(got->rows, 17420);
  EXPECT_EQ(got->columns, 7);
  EXPECT_EQ(got->frequencySeconds, 3600);
  EXPECT_TRUE(isUtcTimestamp(got->importedAt)) << got->importedAt;

  // Same path and digest: the same row, updated; the first import time is kept.
  DatasetRecord again = etth1();
  again.displayName = "ETTh1 (hourly)";
  again.rows = 17421;
  EXPECT_EQ(ws.addDataset(again), id);
  got = ws.dataset(id);
  EXPECT_EQ(got->displayName, "ETTh1 (hourly)");
  EXPECT_EQ(got->rows, 17421);

  // New content under the same path: a new dataset.
  DatasetRecord changed = etth1();
  changed.sha256 = "0badc0de";
  const auto id2 = ws.addDataset(changed);
  EXPECT_NE(id2, id);

  DatasetRecord gunpoint;
  gunpoint.path = "/data/classification/GunPoint_TRAIN.ts";
  gunpoint.displayName = "GunPoint";
  gunpoint.kind = DatasetKind::Classify;
  const auto id3 = ws.addDataset(gunpoint);
  const auto all = ws.datasets();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, id3);  // newest first
  EXPECT_EQ(all[0].kind, DatasetKind::Classify);
  EXPECT_EQ(all[2].id, id);
  EXPECT_FALSE(ws.dataset(999));
}

TEST(WorkspaceRecords, RunLifecycleRoundTrip) {
  TempDir dir;
  Workspace ws(dir / "ws.sqlite");
  const auto ds = ws.addDataset(etth1());
  const auto id = ws.startRun(aarenRun(ds));
  auto r = ws.run(id);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->id, id);
  EXPECT_EQ(r->datasetId, ds);
  EXPECT_EQ(r->datasetName, "ETTh1");
  EXPECT_EQ(r->modelType, "aaren");
  EXPECT_EQ(r->task, "forecast");
  EXPECT_EQ(r->config, (json{{"lookback", 96}, {"horizon", 96}, {"lr", 0.001}}));
  EXPECT_EQ(r->status, RunStatus::Running);
  EXPECT_EQ(r->message, "");
  EXPECT_EQ(r->pid, getpid());
  EXPECT_EQ(r->host, thisHost());
  EXPECT_TRUE(isUtcTimestamp(r->startedAt)) << r->startedAt;
  EXPECT_EQ(r->heartbeatAt, r->startedAt);
  EXPECT_EQ(r->finishedAt, "");
  EXPECT_TRUE(r->metrics.is_null());
  EXPECT_FALSE(r->bestValLoss);
  EXPECT_EQ(r->epochsDone, 0);

  ws.addEpoch(epoch(id, 1, 0.9, 0.8));
  ws.addEpoch(epoch(id, 2, 0.5, 0.45));
  ws.addEpoch(epoch(id, 3, 0.4, 0.47));
  EXPECT_TRUE(ws.heartbeat(id));
  const json metrics = {{"test_mse", 0.39}, {"test_mae", 0.41}};
  ws.finishRun(id, RunStatus::Completed, "early stopping at epoch 3", metrics);

  r = ws.run(id);
  EXPECT_EQ(r->status, RunStatus::Completed);
  EXPECT_EQ(r->message, "early stopping at epoch 3");
  EXPECT_EQ(r->metrics, metrics);
  EXPECT_TRUE(isUtcTimestamp(r->finishedAt)) << r->finishedAt;
  EXPECT_GE(r->finishedAt, r->startedAt);
  EXPECT_GE(r->seconds, 0.0);
  EXPECT_LT(r->seconds, 60.0);
  ASSERT_TRUE(r->bestValLoss);
  EXPECT_DOUBLE_EQ(*r->bestValLoss, 0.45);
  EXPECT_EQ(r->epochsDone, 3);
  EXPECT_FALSE(ws.heartbeat(id));  // no longer running
}

TEST(WorkspaceRecords, EpochRoundTripAndReplace) {
  TempDir dir;
  Workspace ws(dir / "ws.sqlite");
  const auto id = ws.startRun(aarenRun(0));
  EXPECT_EQ(ws.run(id)->datasetId, 0);
  EXPECT_EQ(ws.run(id)->datasetName, "");
  ws.addEpoch(epoch(id, 2, 0.5, std::nullopt));
  ws.addEpoch(epoch(id, 1, 0.9, 0.8));
  auto es = ws.epochs(id);
  ASSERT_EQ(es.size(), 2u);
  EXPECT_EQ(es[0].epoch, 1);  // by epoch number
  EXPECT_EQ(es[0].runId, id);
  EXPECT_DOUBLE_EQ(es[0].trainLoss, 0.9);
  EXPECT_EQ(es[0].valLoss, std::optional<double>(0.8));
  EXPECT_EQ(es[0].metrics, (json{{"mae", 0.45}}));
  EXPECT_DOUBLE_EQ(es[0].seconds, 1.5);
  EXPECT_TRUE(isUtcTimestamp(es[0].at));
  EXPECT_FALSE(es[1].valLoss);

  // A resumed run writes epoch 2 again: replaced, not duplicated.
  ws.addEpoch(epoch(id, 2, 0.3, 0.35));
  es = ws.epochs(id);
  ASSERT_EQ(es.size(), 2u);
  EXPECT_DOUBLE_EQ(es[1].trainLoss, 0.3);
  EXPECT_EQ(es[1].valLoss, std::optional<double>(0.35));
  EXPECT_TRUE(ws.epochs(id + 1).empty());

  // A NaN loss (the trainer stops on it, but records it) reads back as NaN.
  ws.addEpoch(epoch(id, 3, std::nan(""), std::nullopt));
  EXPECT_TRUE(std::isnan(ws.epochs(id).at(2).trainLoss));
}

TEST(WorkspaceRecords, RunsListNewestFirstWithFilters) {
  TempDir dir;
  Workspace ws(dir / "ws.sqlite");
  const auto ds = ws.addDataset(etth1());
  const auto a = ws.startRun(aarenRun(ds));
  RunRecord transformer = aarenRun(0);
  transformer.modelType = "transformer";
  const auto b = ws.startRun(transformer);
  const auto c = ws.startRun(aarenRun(ds));
  ws.finishRun(a, RunStatus::Failed, "loss became NaN at epoch 4");
  ws.finishRun(b, RunStatus::Cancelled, "cancelled by the user");

  auto all = ws.runs();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, c);
  EXPECT_EQ(all[1].id, b);
  EXPECT_EQ(all[2].id, a);
  EXPECT_EQ(all[1].modelType, "transformer");
  EXPECT_EQ(all[2].status, RunStatus::Failed);
  EXPECT_EQ(all[2].message, "loss became NaN at epoch 4");

  RunQuery q;
  q.limit = 1;
  EXPECT_EQ(ws.runs(q).size(), 1u);
  q = RunQuery{};
  q.status = RunStatus::Running;
  const auto running = ws.runs(q);
  ASSERT_EQ(running.size(), 1u);
  EXPECT_EQ(running[0].id, c);
  q = RunQuery{};
  q.datasetId = ds;
  const auto onEtt = ws.runs(q);
  ASSERT_EQ(onEtt.size(), 2u);
  EXPECT_EQ(onEtt[0].id, c);
  EXPECT_EQ(onEtt[1].id, a);
  EXPECT_FALSE(ws.run(999));
}

TEST(WorkspaceRecords, ModelAndForecastRoundTrip) {
  TempDir dir;
  Workspace ws(dir / "ws.sqlite");
  const auto ds = ws.addDataset(etth1());
  const auto run = ws.startRun(aarenRun(ds));
  ModelRecord m;
  m.runId = run;
  m.path = "/models/etth1-aaren.aaren";
  m.sha256 = "abcdef";
  m.metrics = {{"val_mse", 0.41}};
  const auto mid = ws.addModel(m);
  ModelRecord imported;
  imported.path = "/models/imported.aaren";
  const auto mid2 = ws.addModel(imported);

  auto got = ws.model(mid);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, mid);
  EXPECT_EQ(got->runId, run);
  EXPECT_EQ(got->path, "/models/etth1-aaren.aaren");
  EXPECT_EQ(got->sha256, "abcdef");
  EXPECT_EQ(got->metrics, (json{{"val_mse", 0.41}}));
  EXPECT_TRUE(isUtcTimestamp(got->createdAt));
  EXPECT_EQ(ws.model(mid2)->runId, 0);
  EXPECT_TRUE(ws.model(mid2)->metrics.is_null());

  const auto all = ws.models();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, mid2);
  const auto forRun = ws.modelsForRun(run);
  ASSERT_EQ(forRun.size(), 1u);
  EXPECT_EQ(forRun[0].id, mid);

  ForecastRecord inlineValues;
  inlineValues.modelId = mid;
  inlineValues.datasetId = ds;
  inlineValues.horizon = 3;
  inlineValues.startTime = "2018-02-20T00:00:00Z";
  inlineValues.values = json::array({json::array({1.5, 2.25, -3.0}), json::array({0.0, 0.5, 1.0})});
  const auto f1 = ws.addForecast(inlineValues);
  ForecastRecord inCsv;
  inCsv.modelId = mid;
  inCsv.horizon = 96;
  inCsv.csvPath = "/reports/forecast.csv";
  const auto f2 = ws.addForecast(inCsv);

  const auto fs = ws.forecasts(mid);
  ASSERT_EQ(fs.size(), 2u);
  EXPECT_EQ(fs[0].id, f2);  // newest first
  EXPECT_EQ(fs[0].csvPath, "/reports/forecast.csv");
  EXPECT_TRUE(fs[0].values.is_null());
  EXPECT_EQ(fs[0].datasetId, 0);
  EXPECT_EQ(fs[1].id, f1);
  EXPECT_EQ(fs[1].modelId, mid);
  EXPECT_EQ(fs[1].datasetId, ds);
  EXPECT_EQ(fs[1].horizon, 3);
  EXPECT_EQ(fs[1].startTime, "2018-02-20T00:00:00Z");
  EXPECT_EQ(fs[1].values, inlineValues.values);
  EXPECT_EQ(fs[1].csvPath, "");
  EXPECT_TRUE(isUtcTimestamp(fs[1].createdAt));
  EXPECT_TRUE(ws.forecasts(mid2).empty());
}

// Expects `f` to throw a WorkspaceError with exactly `message`.
template <class F>
void expectError(F&& f, const std::string& message) {
  try {
    f();
    ADD_FAILURE() << "no exception; expected: " << message;
  } catch (const WorkspaceError& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

TEST(WorkspaceRecords, ErrorsNameTheWorkspaceAndTheRecord) {
  TempDir dir;
  const auto p = dir / "ws.sqlite";
  const std::string w = "workspace " + p.string() + ": ";
  Workspace ws(p);
  const auto run = ws.startRun(aarenRun(0));
  expectError([&] { ws.addEpoch(epoch(99, 1, 0.1, 0.1)); }, w + "no run with id 99");
  expectError([&] { ws.finishRun(99, RunStatus::Completed); }, w + "no run with id 99");
  expectError([&] { ws.heartbeat(99); }, w + "no run with id 99");
  expectError([&] { ws.finishRun(run, RunStatus::Running); },
              w + "run " + std::to_string(run) +
                  " cannot be finished with status running (use completed, cancelled, failed or "
                  "interrupted)");
  ws.finishRun(run, RunStatus::Completed);
  expectError([&] { ws.finishRun(run, RunStatus::Failed, "again"); },
              w + "run " + std::to_string(run) + " has already finished (completed)");
  expectError([&] { ws.startRun(aarenRun(42)); }, w + "no dataset with id 42");
  expectError([&] { ws.startRun(RunRecord{}); }, w + "a run needs a model type");
  expectError([&] { ws.addDataset(DatasetRecord{}); }, w + "a dataset needs a path");
  expectError([&] { ws.addModel(ModelRecord{}); }, w + "a model needs a path");
  ModelRecord m;
  m.path = "/m.aaren";
  m.runId = 77;
  expectError([&] { ws.addModel(m); }, w + "no run with id 77");
  ForecastRecord f;
  f.modelId = 5;
  expectError([&] { ws.addForecast(f); }, w + "a forecast needs values or a CSV path");
  f.csvPath = "/f.csv";
  expectError([&] { ws.addForecast(f); }, w + "no model with id 5");
  // Nothing half-written by the failures.
  EXPECT_EQ(ws.runs().size(), 1u);
  EXPECT_TRUE(ws.models().empty());
}

TEST(WorkspaceRecords, TransactionCommitsOrRollsBack) {
  TempDir dir;
  Workspace ws(dir / "ws.sqlite");
  const auto run = ws.startRun(aarenRun(0));
  try {
    Transaction tx(ws);
    ws.addEpoch(epoch(run, 1, 0.9, 0.8));
    ws.addEpoch(epoch(run, 2, 0.8, 0.7));
    throw std::runtime_error("trainer failed mid-epoch");
  } catch (const std::runtime_error&) {
  }
  EXPECT_TRUE(ws.epochs(run).empty());

  {
    Transaction tx(ws);
    ws.addEpoch(epoch(run, 1, 0.9, 0.8));
    {
      Transaction inner(ws);  // a savepoint: rolled back alone
      ws.addEpoch(epoch(run, 2, 0.8, 0.7));
    }
    ws.addEpoch(epoch(run, 3, 0.7, 0.6));
    tx.commit();
  }
  const auto es = ws.epochs(run);
  ASSERT_EQ(es.size(), 2u);
  EXPECT_EQ(es[0].epoch, 1);
  EXPECT_EQ(es[1].epoch, 3);

  // A failing call inside a caller's transaction leaves the transaction usable.
  {
    Transaction tx(ws);
    EXPECT_THROW(ws.addEpoch(epoch(99, 1, 0.1, 0.1)), WorkspaceError);
    ws.addEpoch(epoch(run, 4, 0.6, 0.5));
    tx.commit();
  }
  EXPECT_EQ(ws.epochs(run).size(), 3u);
}

TEST(WorkspaceRecords, JsonForTheCommandLine) {
  TempDir dir;
  Workspace ws(dir / "ws.sqlite");
  const auto ds = ws.addDataset(etth1());
  const auto id = ws.startRun(aarenRun(ds));
  ws.addEpoch(epoch(id, 1, 0.9, 0.8));
  ws.addEpoch(epoch(id, 2, std::nan(""), std::nullopt));
  ws.finishRun(id, RunStatus::Failed, "loss became NaN at epoch 2");
  const auto j = toJson(*ws.run(id));
  EXPECT_EQ(j["id"], id);
  EXPECT_EQ(j["dataset_id"], ds);
  EXPECT_EQ(j["dataset_name"], "ETTh1");
  EXPECT_EQ(j["status"], "failed");
  EXPECT_EQ(j["message"], "loss became NaN at epoch 2");
  EXPECT_EQ(j["best_val_loss"], 0.8);
  EXPECT_EQ(j["epochs_done"], 2);
  EXPECT_EQ(j["config"]["lookback"], 96);
  EXPECT_TRUE(j["metrics"].is_null());
  const auto e2 = toJson(ws.epochs(id).at(1));
  EXPECT_TRUE(e2["train_loss"].is_null());
  EXPECT_TRUE(e2["val_loss"].is_null());
  EXPECT_EQ(toJson(*ws.dataset(ds))["kind"], "forecast");
  EXPECT_EQ(toJson(*ws.dataset(ds))["frequency_seconds"], 3600.0);
  ModelRecord m;
  m.path = "/m.aaren";
  const auto mj = toJson(*ws.model(ws.addModel(m)));
  EXPECT_TRUE(mj["run_id"].is_null());
  EXPECT_EQ(mj["path"], "/m.aaren");
}

TEST(WorkspaceRecords, DeleteRunCascadesThroughForeignKeys) {
  TempDir dir;
  const auto p = dir / "ws.sqlite";
  Workspace ws(p);
  const auto run = ws.startRun(aarenRun(0));
  ws.addEpoch(epoch(run, 1, 0.5, 0.4));
  ModelRecord m;
  m.runId = run;
  m.path = "/m.aaren";
  const auto mid = ws.addModel(m);
  expectError([&] { ws.deleteRun(run); },
              "workspace " + p.string() + ": run " + std::to_string(run) + " is still running");
  ws.finishRun(run, RunStatus::Completed);
  ws.deleteRun(run);
  EXPECT_FALSE(ws.run(run));
  EXPECT_TRUE(ws.epochs(run).empty());   // ON DELETE CASCADE: foreign keys are on
  EXPECT_EQ(ws.model(mid)->runId, 0);   // ON DELETE SET NULL
  expectError([&] { ws.deleteRun(run); }, "workspace " + p.string() + ": no run with id " + std::to_string(run));
}

TEST(WorkspaceRunRecorder, FinishesRunsItsOwnerDoesNot) {
  TempDir dir;
  Workspace ws(dir / "ws.sqlite");
  std::int64_t done = 0, abandoned = 0, thrown = 0;
  {
    RunRecorder rec(ws, aarenRun(0));
    done = rec.id();
    EXPECT_EQ(ws.run(done)->status, RunStatus::Running);
    rec.addEpoch(epoch(999, 1, 0.5, 0.4));  // runId is the recorder's
    EXPECT_TRUE(rec.heartbeat());
    rec.finish(RunStatus::Completed, "ok", json{{"mse", 0.4}});
    rec.finish(RunStatus::Failed, "ignored");
    EXPECT_TRUE(rec.finished());
  }
  {
    RunRecorder rec(ws, aarenRun(0));
    abandoned = rec.id();
  }
  try {
    RunRecorder rec(ws, aarenRun(0));
    thrown = rec.id();
    throw std::runtime_error("out of memory");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(ws.run(done)->status, RunStatus::Completed);
  EXPECT_EQ(ws.run(done)->message, "ok");
  EXPECT_EQ(ws.run(done)->epochsDone, 1);
  EXPECT_EQ(ws.epochs(done).at(0).runId, done);
  EXPECT_EQ(ws.run(abandoned)->status, RunStatus::Interrupted);
  EXPECT_EQ(ws.run(abandoned)->message, "the run was abandoned before it finished");
  EXPECT_EQ(ws.run(thrown)->status, RunStatus::Failed);
  EXPECT_EQ(ws.run(thrown)->message, "the run ended with an exception");
}

TEST(WorkspaceRecords, StatusAndKindText) {
  for (auto s : {RunStatus::Running, RunStatus::Completed, RunStatus::Cancelled, RunStatus::Failed,
                 RunStatus::Interrupted})
    EXPECT_EQ(parseRunStatus(toString(s)), s);
  EXPECT_EQ(toString(RunStatus::Interrupted), "interrupted");
  EXPECT_EQ(toString(DatasetKind::Classify), "classify");
  EXPECT_EQ(parseDatasetKind("forecast"), DatasetKind::Forecast);
  EXPECT_FALSE(parseRunStatus("done"));
  EXPECT_FALSE(parseDatasetKind(""));
}

}  // namespace
}  // namespace aaren::store
