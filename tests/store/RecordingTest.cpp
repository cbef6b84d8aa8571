// Issue 18 item 13: a trained model is never lost to the workspace. A workspace another
// writer keeps locked past the busy timeout stops the recording, not the training; the
// model is saved and the reason is given. And `aaren train --out` refuses a path it could
// not save to before it trains.
#include "app/cli/Command.h"
#include "core/store/Workspace.h"
#include "core/train/Experiment.h"
#include "core/train/ExperimentRecorder.h"
#include "tests/store/TestUtil.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numbers>
#include <sstream>

namespace aaren::store {
namespace {

namespace fs = std::filesystem;
namespace tr = aaren::train;
using test::RawDb;
using test::TempDir;

data::Series sineSeries(std::size_t rows) {
  data::Series s;
  s.rows = rows;
  s.names = {"load"};
  for (std::size_t r = 0; r < rows; ++r) {
    s.timestamps.push_back(1467331200 + static_cast<std::int64_t>(r) * 3600);
    s.values.push_back(100 + 20 * std::sin(2 * std::numbers::pi * static_cast<double>(r) / 24.0));
  }
  s.refreshStats();
  return s;
}

tr::ForecastExperimentConfig tinyConfig() {
  auto c = tr::defaultForecastConfig();
  c.prep.lookback = 24;
  c.prep.horizon = 6;
  c.prep.split = tr::SplitKind::Ratios;
  c.prep.train_ratio = 0.6;
  c.prep.val_ratio = 0.2;
  c.model.d_model = 8;
  c.model.heads = 2;
  c.model.layers = 1;
  c.model.d_ff = 16;
  c.model.dropout = 0.0;
  c.train.epochs = 2;
  c.train.batch_size = 32;
  c.train.seed = 3;
  c.train.threads = 1;
  return c;
}

std::string busy(const fs::path& ws) {
  return "workspace " + ws.string() + ": busy: another connection holds its lock (database is locked)";
}

TEST(Recording, ABusyWorkspaceStopsTheRecordingNotTheTraining) {
  TempDir dir;
  const auto wsPath = dir / "ws.sqlite";
  OpenOptions options;
  options.busyTimeout = std::chrono::milliseconds(100);
  Workspace ws(wsPath, options);
  const auto series = sineSeries(300);
  auto config = tinyConfig();
  config.model = tr::forecastOptionsFor(series, config);
  tr::ExperimentRecorder recorder(ws, tr::datasetRecord(dir / "sine.csv", "", series), "aaren", Task::Forecast, nlohmann::json::object());

  RawDb other(wsPath);
  other.exec("BEGIN EXCLUSIVE");  // another writer holds the lock through the whole run
  int epochs = 0;
  const auto r = tr::runForecastExperiment(series, config, recorder.wrap([&](const tr::TrainingProgress& p) {
    epochs += p.epoch_end ? 1 : 0;
    return true;
  }));
  EXPECT_EQ(epochs, 2);  // every epoch ran, though none could be recorded
  ASSERT_TRUE(r.model.valid());
  const auto model = dir / "sine.aaren";
  r.model.save(model);
  EXPECT_EQ(recorder.addModel(model, nlohmann::json::object()), 0);
  recorder.finish(r);
  EXPECT_TRUE(fs::exists(model));
  EXPECT_EQ(recorder.problem(), busy(wsPath));
  other.exec("ROLLBACK");

  // What got in before the lock stays; the run was left as it was (interrupted once this
  // process is gone).
  const auto run = ws.run(recorder.runId());
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->status, RunStatus::Running);
  EXPECT_TRUE(ws.epochs(recorder.runId()).empty());
  EXPECT_TRUE(ws.modelsForRun(recorder.runId()).empty());
}

// When the lock is gone by the end, the run is finished and says what it misses.
TEST(Recording, ARunThatCouldNotRecordEveryEpochSaysSo) {
  TempDir dir;
  const auto wsPath = dir / "ws.sqlite";
  OpenOptions options;
  options.busyTimeout = std::chrono::milliseconds(100);
  Workspace ws(wsPath, options);
  const auto series = sineSeries(300);
  auto config = tinyConfig();
  config.model = tr::forecastOptionsFor(series, config);
  tr::ExperimentRecorder recorder(ws, tr::datasetRecord(dir / "sine.csv", "", series), "aaren", Task::Forecast, nlohmann::json::object());
  RawDb other(wsPath);
  other.exec("BEGIN EXCLUSIVE");
  const auto r = tr::runForecastExperiment(series, config, recorder.wrap());
  other.exec("ROLLBACK");
  recorder.finish(r);
  EXPECT_EQ(recorder.problem(), busy(wsPath));
  const auto run = ws.run(recorder.runId());
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->status, RunStatus::Completed);
  EXPECT_EQ(run->message, r.message + " (not fully recorded: " + busy(wsPath) + ")");
}

struct CliRun {
  int code;
  std::string out, err;
};

CliRun runCli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = aaren::cli::runCli(args, out, err);
  return {code, out.str(), err.str()};
}

std::string sineCsv(const fs::path& path, std::size_t rows) {
  std::ostringstream os;
  os << "t,load\n";
  for (std::size_t r = 0; r < rows; ++r)
    os << 1467331200 + static_cast<long long>(r) * 3600 << ',' << 100 + 20 * std::sin(2 * std::numbers::pi * static_cast<double>(r) / 24.0)
       << '\n';
  test::writeFile(path, os.str());
  return path.string();
}

std::vector<std::string> tinyTrain(const std::string& data) {
  return {"train", "--data", data, "-L", "24", "-H", "6", "--d-model", "8", "--heads", "2", "--layers", "1", "--d-ff", "16",
          "--dropout", "0", "--epochs", "1", "--batch-size", "32", "--seed", "3", "--threads", "1", "--quiet"};
}

// The CLI waits its busy timeout (5 s) once, then trains without recording.
TEST(Recording, TrainSavesTheModelWhenTheWorkspaceIsLocked) {
  TempDir dir;
  const auto wsPath = dir / "ws.sqlite";
  { Workspace ws(wsPath); }
  const auto data = sineCsv(dir / "sine.csv", 300);
  const auto model = dir / "sine.aaren";
  RawDb other(wsPath);
  other.exec("BEGIN EXCLUSIVE");
  auto args = tinyTrain(data);
  args.insert(args.end(), {"--workspace", wsPath.string(), "--out", model.string()});
  const auto r = runCli(args);
  other.exec("ROLLBACK");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(model));
  EXPECT_NE(r.out.find("saved the model to " + model.string()), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("recorded as run"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "aaren train: the run is not (fully) recorded: " + busy(wsPath) + "\n");
  EXPECT_TRUE(Workspace(wsPath).runs().empty());
}

TEST(Recording, TrainRefusesAnOutputPathBeforeTraining) {
  TempDir dir;
  const auto data = sineCsv(dir / "sine.csv", 300);
  auto args = tinyTrain(data);
  args.push_back("--no-workspace");
  const auto missing = (dir / "missing" / "x.aaren").string();
  auto a = args;
  a.insert(a.end(), {"--out", missing});
  auto r = runCli(a);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "aaren train: --out " + missing + ": the directory " + (dir / "missing").string() +
                       " does not exist (nothing was trained)\n");
  EXPECT_EQ(r.out, "");

  a = args;
  a.insert(a.end(), {"--out", dir.path().string()});
  r = runCli(a);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "aaren train: --out " + dir.path().string() + ": is a directory (nothing was trained)\n");

  test::writeFile(dir / "file", "x");
  const auto under = (dir / "file" / "x.aaren").string();
  a = args;
  a.insert(a.end(), {"--out", under});
  r = runCli(a);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "aaren train: --out " + under + ": " + (dir / "file").string() + " is not a directory (nothing was trained)\n");
}

}  // namespace
}  // namespace aaren::store
