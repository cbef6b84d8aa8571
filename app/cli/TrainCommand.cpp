#include "app/cli/TrainCommand.h"

#include "app/cli/CliCommon.h"
#include "app/cli/DatasetLoader.h"
#include "app/cli/Interrupt.h"
#include "app/cli/ProgressBar.h"
#include "app/cli/Tables.h"
#include "app/cli/TrainArgs.h"
#include "core/store/Workspace.h"
#include "core/train/Experiment.h"
#include "core/train/ExperimentJson.h"
#include "core/train/ExperimentRecorder.h"
#include "core/train/WindowFit.h"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>

#include <unistd.h>

namespace aaren::cli {

namespace po = boost::program_options;
namespace tr = aaren::train;

namespace {

tr::TrainProgressFn progressPrinter(ProgressBar& bar, std::ostream& log, bool verbose) {
  return [&bar, &log, verbose](const tr::TrainingProgress& p) {
    const double fraction = (static_cast<double>(p.epoch - 1) + static_cast<double>(p.batch) / static_cast<double>(p.batches)) /
                            static_cast<double>(p.epochs);
    char text[160];
    if (p.val_loss >= 0)
      std::snprintf(text, sizeof text, "epoch %lld/%lld batch %lld/%lld loss %.4f val %.4f  %.0f/s  ETA %s",
                    static_cast<long long>(p.epoch), static_cast<long long>(p.epochs), static_cast<long long>(p.batch),
                    static_cast<long long>(p.batches), p.train_loss, p.val_loss, p.samples_per_second, formatSeconds(p.eta_seconds).c_str());
    else
      std::snprintf(text, sizeof text, "epoch %lld/%lld batch %lld/%lld loss %.4f  %.0f/s  ETA %s", static_cast<long long>(p.epoch),
                    static_cast<long long>(p.epochs), static_cast<long long>(p.batch), static_cast<long long>(p.batches), p.train_loss,
                    p.samples_per_second, formatSeconds(p.eta_seconds).c_str());
    bar.update(fraction, text);
    if (p.epoch_end && verbose) {
      bar.finish();
      log << "epoch " << p.epoch << "/" << p.epochs << ": train loss " << std::fixed << std::setprecision(4) << p.train_loss
          << ", validation loss " << p.val_loss;
      for (const auto& [k, v] : p.val_metrics)
        if (k != "mse") log << ", " << k << ' ' << v;
      log << " (" << formatSeconds(p.elapsed_seconds) << " elapsed)\n" << std::defaultfloat;
    }
    return true;
  };
}

int exitCode(tr::TrainStatus status) {
  switch (status) {
    case tr::TrainStatus::Completed:
    case tr::TrainStatus::EarlyStopped: return kExitOk;
    case tr::TrainStatus::Cancelled: return kExitInterrupted;
    case tr::TrainStatus::Failed: return kExitFailure;
  }
  return kExitFailure;
}

// The model is saved only after training: a path it cannot be saved to is refused before.
void checkOutputPath(const std::string& out_path) {
  if (out_path.empty()) return;
  namespace fs = std::filesystem;
  const fs::path out(out_path);
  const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  const auto refuse = [&](const std::string& why) { throw std::runtime_error("--out " + out_path + ": " + why + " (nothing was trained)"); };
  std::error_code ec;
  const auto dirStatus = fs::status(dir, ec);
  if (!fs::exists(dirStatus)) refuse("the directory " + dir.string() + " does not exist");
  if (!fs::is_directory(dirStatus)) refuse(dir.string() + " is not a directory");
  if (::access(dir.c_str(), W_OK | X_OK) != 0) refuse("cannot write to the directory " + dir.string() + ": " + std::strerror(errno));
  const auto fileStatus = fs::status(out, ec);
  if (fs::is_directory(fileStatus)) refuse("is a directory");
  if (fs::exists(fileStatus) && !fs::is_regular_file(fileStatus)) refuse("is not a regular file");
}

// Refuses a lookback and horizon that leave a part without a window, before anything
// trains, naming a pair that fits.
void checkWindowFits(const std::filesystem::path& path, const data::Series& series, const tr::ForecastPrepOptions& prep) {
  if (prep.missing == data::MissingPolicy::Drop) return;  // the rows left are known only after the drop
  const auto step = series.hasTime() ? series.time.frequency.seconds : 0;
  const auto why = tr::windowMisfit(series.rows, prep, step);
  if (why.empty()) return;
  std::string message = path.string() + ": lookback " + std::to_string(prep.lookback) + " and horizon " + std::to_string(prep.horizon) +
                        " do not fit this series (" + std::to_string(series.rows) + " rows): " + why;
  if (const auto fit = tr::fittingWindow(series.rows, prep, step))
    message += "; --lookback " + std::to_string(fit->lookback) + " --horizon " + std::to_string(fit->horizon) + " fit";
  throw std::invalid_argument(message);
}

std::string splitText(const data::SplitBorders& b) {
  return "train rows " + std::to_string(b.train.begin) + "-" + std::to_string(b.train.end - 1) + ", validation " +
         std::to_string(b.val.begin) + "-" + std::to_string(b.val.end - 1) + ", test " + std::to_string(b.test.begin) + "-" +
         std::to_string(b.test.end - 1);
}

int train(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "Usage: aaren train --data FILE [options]\n\n"
      "Train an Aaren (or Transformer) model, score it on the test part beside the naive,\n"
      "seasonal naive, linear, RLinear and (sub-daily data) daily cycle + linear baselines\n"
      "(forecasting), save it with --out and record the run in the workspace.\n"
      "Forecasting: CSV or SQLite (ETT files get the 12/4/4-month split). Classification:\n"
      "UEA/UCR .ts (the _TEST file is found next to the _TRAIN file) or long-format CSV.\n"
      "Ctrl-C stops training within one batch, keeps the best epoch's weights (saved with\n"
      "--out), records the run as cancelled and exits with status 130.\n\nOptions");
  DataSource data, test;
  std::string out_path, test_path;
  WorkspaceArgs workspace;
  visible.add_options()
      ("help,h", "show this help")
      ("data,d", po::value(&data.path)->required(), "training data file")
      ("test", po::value(&test_path), "classification: test file (default: FILE with _TRAIN -> _TEST)")
      ("table", po::value(&data.table), "SQLite: table or view")
      ("sql", po::value(&data.sql), "SQLite: read-only SELECT")
      ("format", po::value(&data.format), "csv, long, ts or sqlite (default: from the file)")
      ("out,o", po::value(&out_path), "save the trained model here (.aaren)")
      ("json", "print the results as JSON")
      ("quiet,q", "no per-epoch lines");
  workspace.addTo(visible);
  TrainArgs targs;
  targs.addTo(visible);
  po::variables_map vm;
  std::optional<tr::ForecastExperimentConfig> fconfig;
  std::optional<tr::ClassifyExperimentConfig> cconfig;
  std::string format;
  const auto check = [&] {
    format = dataFormat(data);
    const std::string task = targs.task.empty() ? (isClassificationFormat(format) ? "classify" : "forecast") : targs.task;
    if (taskFromString(task) == Task::Forecast) fconfig = targs.forecastConfig(vm);
    else cconfig = targs.classifyConfig(vm);
  };
  if (const auto done = parseArgs("train", args, visible, vm, out, err, check)) return *done;
  const bool json = vm.count("json") > 0;
  const bool verbose = vm.count("quiet") == 0 && !json;
  const std::string command = commandLine("train", args);
  ProgressBar bar(err, stderrIsTerminal());
  auto progress = progressPrinter(bar, err, verbose);
  checkOutputPath(out_path);
  auto ws = workspace.open();  // before training: a workspace problem should not cost a run
  const std::string sha = sha256File(data.path);
  InterruptGuard interrupt;
  nlohmann::json result;
  tr::TrainStatus status{};
  std::string message;
  std::optional<tr::ExperimentRecorder> recorder;
  std::string notRecorded;  // why the run is not (fully) in the workspace
  // A workspace that cannot take the run (busy past its timeout, ...) does not stop training.
  const auto startRecording = [&](const auto& dataset, const std::string& model, Task task, const nlohmann::json& config) {
    if (!ws) return;
    try {
      recorder.emplace(*ws, dataset, model, task, config);
    } catch (const store::WorkspaceError& e) {
      notRecorded = e.what();
    }
  };

  if (fconfig) {
    auto& config = *fconfig;
    auto series = loadSeries(data);
    if (targs.autoSplit(vm)) config.prep.split = tr::defaultSplit(series, data.path.string());
    // The default daily cycle quietly stays out of series it cannot run on; one asked for is refused.
    if (const auto why = tr::dailyCycleRefusal(series); !why.empty() && config.model.daily_cycle > 0 &&
        vm.count("daily-cycle") && !vm["daily-cycle"].defaulted())
      throw std::invalid_argument(data.path.string() + ": --daily-cycle needs timestamps at a regular step shorter than a day (" +
                                  why + "); use --daily-cycle 0");
    checkWindowFits(data.path, series, config.prep);
    config.model = tr::forecastOptionsFor(series, config);  // the run recorded in the workspace is the one that runs
    config.source_path = data.path.string();
    config.command = command;
    startRecording(tr::datasetRecord(data.path, sha, series), toString(config.model.type), Task::Forecast, tr::toJson(config));
    if (verbose)
      err << "training " << toString(config.model.type) << " on " << data.path.string() << " (" << series.rows << " rows x "
          << (config.prep.columns.empty() ? series.cols() : config.prep.columns.size()) << " channels, lookback " << config.prep.lookback
          << ", horizon " << config.prep.horizon << ", " << (config.prep.split == tr::SplitKind::Ett ? "ETT" : "ratio") << " split)\n";
    tr::ForecastExperimentResult r;
    try {
      r = tr::runForecastExperiment(series, config, recorder ? recorder->wrap(progress) : progress, &interrupt.flag());
    } catch (const std::exception& e) {
      if (recorder) recorder->fail(e.what());
      throw;
    }
    bar.finish();
    status = r.status;
    message = r.message;
    if (verbose) {
      err << splitText(r.split) << " (" << r.test_windows << " test windows)\n";
      err << r.message << " in " << formatSeconds(r.train_seconds) << '\n';
    }
    if (r.model.valid() && !out_path.empty()) {
      r.model.save(out_path);
      if (recorder) recorder->addModel(out_path, r.info.record.metrics);
    }
    if (recorder) recorder->finish(r);
    result = tr::toJson(r);
    if (!json && r.status != tr::TrainStatus::Failed) {
      printLookbackChoice(out, r.lookbacks);
      printLinearChoice(out, r.linear_candidates, r.linear_chosen, r.guard);
      std::vector<ForecastRow> rows;
      if (r.model.valid()) rows.push_back({toString(config.model.type), &r.test});
      if (r.has_linear_test && !(r.guard.checked && !r.guard.network_kept))
        rows.push_back({r.linear_part + " alone", &r.linear_test});
      for (const auto& b : r.baselines) rows.push_back({b.name, &b.metrics});
      out << "test metrics (" << r.test_windows << " windows of " << config.prep.horizon
          << " steps; MSE and MAE scaled, the rest in the data's own units):\n";
      printForecastMetrics(out, rows, r.mase_period);
    }
    if (r.model.valid()) result["parameters"] = r.model.parameterCount();
  } else {
    auto& config = *cconfig;
    test.path = test_path.empty() ? defaultTestFile(data.path) : std::filesystem::path(test_path);
    test.format = data.format;
    const auto train_set = loadLabeled(data);
    data::LabeledSeriesSet test_set;
    if (!test.path.empty()) test_set = loadLabeled(test);
    config.source_path = data.path.string();
    config.command = command;
    startRecording(tr::datasetRecord(data.path, sha, train_set), toString(config.model.type), Task::Classify, tr::toJson(config));
    tr::ClassifyExperimentResult r;
    try {
      r = tr::runClassifyExperiment(train_set, test_set, config, recorder ? recorder->wrap(progress) : progress, &interrupt.flag());
    } catch (const std::exception& e) {
      if (recorder) recorder->fail(e.what());
      throw;
    }
    bar.finish();
    status = r.status;
    message = r.message;
    if (verbose) {
      err << data.path.string() << ": " << r.train_cases << " training and " << r.test_cases << " test cases, " << r.channels
          << " channels, " << r.classes.size() << " classes\n";
      err << r.message << " in " << formatSeconds(r.train_seconds) << '\n';
    }
    if (r.model.valid() && !out_path.empty()) {
      r.model.save(out_path);
      if (recorder) recorder->addModel(out_path, r.info.record.metrics);
    }
    if (recorder) recorder->finish(r);
    result = tr::toJson(r);
    if (!json && r.model.valid() && r.test_cases > 0) {
      out << "test metrics (" << r.test_cases << " cases):\n";
      printMetricsTable(out, {{toString(config.model.type), {{"accuracy", r.test.accuracy}, {"macro_f1", r.test.macro_f1}, {"loss", r.test_loss}}}},
                        {"accuracy", "macro_f1", "loss"});
      out << "per class:\n";
      std::vector<std::vector<std::string>> table{{"class", "cases", "accuracy"}};
      for (std::size_t k = 0; k < r.classes.size(); ++k) {
        std::int64_t n = 0;
        for (auto v : r.test.confusion[k]) n += v;
        char acc[16];
        std::snprintf(acc, sizeof acc, "%.4f", r.test.per_class_accuracy[k]);
        table.push_back({r.classes[k], std::to_string(n), n ? acc : "-"});
      }
      printTextTable(out, table);
    }
  }
  if (recorder && !recorder->problem().empty()) notRecorded = recorder->problem();
  if (!out_path.empty()) result["model_file"] = result.contains("parameters") && !result["parameters"].is_null() ? nlohmann::json(out_path) : nlohmann::json(nullptr);
  if (recorder) {
    result["run_id"] = recorder->runId();
    result["workspace"] = ws->path().string();
  }
  if (!notRecorded.empty()) result["workspace_error"] = notRecorded;
  if (json) {
    out << jsonOutput(result) << '\n';
  } else {
    if (!out_path.empty() && result["model_file"].is_string())
      out << "saved the model to " << out_path << " (" << withThousands(result["parameters"].get<long long>()) << " parameters)\n";
    else if (!out_path.empty())
      out << "no model saved: no epoch finished\n";
    if (recorder && notRecorded.empty()) out << "recorded as run " << recorder->runId() << " in " << ws->path().string() << '\n';
  }
  // The model is saved whatever became of the recording; the exit code is the training's.
  if (!notRecorded.empty()) err << "aaren train: the run is not (fully) recorded: " << notRecorded << '\n';
  if (status == tr::TrainStatus::Failed || status == tr::TrainStatus::Cancelled) err << "aaren train: " << message << '\n';
  return exitCode(status);
}

}  // namespace

Command makeTrainCommand() {
  return {"train", "Train an Aaren or Transformer model, score it against the baselines, save it", train};
}

}  // namespace aaren::cli
