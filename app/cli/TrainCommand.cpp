#include "app/cli/TrainCommand.h"

#include "app/cli/DatasetLoader.h"
#include "app/cli/ProgressBar.h"
#include "app/cli/TrainArgs.h"
#include "core/train/Baselines.h"
#include "core/train/Trainer.h"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iomanip>
#include <ostream>

namespace aaren::cli {

namespace po = boost::program_options;
namespace tr = aaren::train;

namespace {

struct ScoreRow {
  std::string name;
  std::map<std::string, double> metrics;
};

void printTable(std::ostream& out, const std::vector<ScoreRow>& rows, const std::vector<std::string>& columns) {
  out << std::left << std::setw(26) << "model";
  for (const auto& c : columns) out << std::right << std::setw(10) << c;
  out << '\n';
  for (const auto& r : rows) {
    out << std::left << std::setw(26) << r.name;
    for (const auto& c : columns) {
      auto it = r.metrics.find(c);
      out << std::right << std::setw(10) << std::fixed << std::setprecision(4) << (it == r.metrics.end() ? 0.0 : it->second);
    }
    out << '\n';
  }
}

tr::TrainProgressFn progressPrinter(ProgressBar& bar, std::ostream& log, bool verbose) {
  return [&bar, &log, verbose](const tr::TrainingProgress& p) {
    const double fraction = (static_cast<double>(p.epoch - 1) + static_cast<double>(p.batch) / static_cast<double>(p.batches)) /
                            static_cast<double>(p.epochs);
    char text[160];
    std::snprintf(text, sizeof text, "epoch %lld/%lld batch %lld/%lld loss %.4f val %.4f  %.0f/s  ETA %s", static_cast<long long>(p.epoch),
                  static_cast<long long>(p.epochs), static_cast<long long>(p.batch), static_cast<long long>(p.batches), p.train_loss,
                  p.val_loss, p.samples_per_second, formatSeconds(p.eta_seconds).c_str());
    bar.update(fraction, text);
    if (p.epoch_end && verbose) {
      bar.finish();
      log << "epoch " << p.epoch << "/" << p.epochs << ": train loss " << std::fixed << std::setprecision(4) << p.train_loss
          << ", validation loss " << p.val_loss << " (" << formatSeconds(p.elapsed_seconds) << " elapsed)\n";
    }
    return true;
  };
}

int train(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "Usage: aaren train --data FILE [options]\n\n"
      "Train an Aaren (or Transformer) model and score it on the test part beside the naive,\n"
      "seasonal naive and linear baselines (forecasting) — metrics on scaled values.\n"
      "Forecasting: CSV or SQLite. Classification: UEA/UCR .ts (the _TEST file is found\n"
      "next to the _TRAIN file) or long-format CSV.\n\nOptions");
  DataSource data, test;
  std::string out_path;
  std::string test_path;
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
  TrainArgs targs;
  targs.addTo(visible);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(visible).run(), vm);
    if (vm.count("help")) {
      out << visible << '\n';
      return kExitOk;
    }
    po::notify(vm);
    targs.finish(vm);
  } catch (const std::exception& e) {
    err << "aaren train: " << e.what() << "\nRun 'aaren train --help' for usage.\n";
    return kExitUsage;
  }
  const bool json = vm.count("json") > 0;
  const bool verbose = vm.count("quiet") == 0 && !json;
  const auto format = dataFormat(data);
  const std::string task = targs.task.empty() ? (isClassificationFormat(format) ? "classify" : "forecast") : targs.task;
  targs.model.task = taskFromString(task);
  ProgressBar bar(err, stderrIsTerminal());
  auto progress = progressPrinter(bar, err, verbose);
  nlohmann::json result;
  std::vector<ScoreRow> rows;

  if (targs.model.task == Task::Forecast) {
    if (targs.split == "auto" && data.path.filename().string().rfind("ETT", 0) == 0) targs.prep.split = tr::SplitKind::Ett;
    auto prepared = loadForecastData(data, targs.prep);
    auto& d = prepared.data;
    targs.model.channels = d.channels;
    if (verbose)
      err << data.path.string() << ": " << d.rows << " rows × " << d.channels << " channels; train " << d.train.size() << ", validation "
          << d.val.size() << ", test " << d.test.size() << " rows (" << d.windows(d.test) << " test windows)\n";
    auto trained = tr::trainForecaster(targs.model, targs.train, d, progress);
    bar.finish();
    if (trained.status == tr::TrainStatus::Failed) {
      err << "aaren train: " << trained.message << '\n';
      return kExitFailure;
    }
    if (verbose) err << trained.message << " in " << formatSeconds(trained.seconds) << '\n';
    auto ev = tr::evaluateForecaster(*trained.model, d, d.test);
    rows.push_back({toString(targs.model.type), ev.metrics.asMap()});
    for (const auto& b : tr::runBaselines(d)) rows.push_back({b.name, b.metrics.asMap()});
    result["task"] = "forecast";
    result["train_seconds"] = trained.seconds;
    result["status"] = tr::toString(trained.status);
    result["best_epoch"] = trained.best_epoch;
    result["test_windows"] = d.windows(d.test);
  } else {
    test.path = test_path.empty() ? defaultTestFile(data.path) : std::filesystem::path(test_path);
    test.format = data.format;
    auto prepared = loadClassificationData(data, test);
    auto& d = prepared.data;
    targs.model.channel_independent = false;
    targs.model.predict_delta = false;
    targs.model.channels = d.channels;
    targs.model.classes = static_cast<std::int64_t>(d.class_names.size());
    if (verbose)
      err << data.path.string() << ": " << d.train.size() << " training and " << d.test.size() << " test cases, " << d.channels
          << " channels, " << d.class_names.size() << " classes\n";
    auto trained = tr::trainClassifier(targs.model, targs.train, d, progress);
    bar.finish();
    if (trained.status == tr::TrainStatus::Failed) {
      err << "aaren train: " << trained.message << '\n';
      return kExitFailure;
    }
    if (verbose) err << trained.message << " in " << formatSeconds(trained.seconds) << '\n';
    auto ev = tr::evaluateClassifier(*trained.model, d.test, static_cast<int>(d.class_names.size()));
    rows.push_back({toString(targs.model.type), {{"accuracy", ev.metrics.accuracy}, {"macro_f1", ev.metrics.macro_f1}, {"loss", ev.loss}}});
    result["task"] = "classify";
    result["train_seconds"] = trained.seconds;
    result["status"] = tr::toString(trained.status);
    result["best_epoch"] = trained.best_epoch;
    result["confusion"] = ev.metrics.confusion;
    result["classes"] = d.class_names;
  }
  for (const auto& r : rows) result["test"][r.name] = r.metrics;
  if (json) {
    out << result.dump(2) << '\n';
  } else if (targs.model.task == Task::Forecast) {
    out << "test metrics (scaled values):\n";
    printTable(out, rows, {"mse", "mae", "rmse", "smape", "mase"});
  } else {
    out << "test metrics:\n";
    printTable(out, rows, {"accuracy", "macro_f1", "loss"});
  }
  (void)out_path;
  return kExitOk;
}

}  // namespace

Command makeTrainCommand() {
  return {"train", "Train an Aaren or Transformer model and score it against the baselines", train};
}

}  // namespace aaren::cli
