#include "app/cli/EvalCommand.h"

#include "app/cli/CliCommon.h"
#include "app/cli/DatasetLoader.h"
#include "app/cli/Tables.h"
#include "core/train/Experiment.h"
#include "core/train/ExperimentJson.h"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <ostream>

namespace aaren::cli {

namespace po = boost::program_options;
namespace tr = aaren::train;

namespace {

int eval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "Usage: aaren eval --model FILE --data FILE [options]\n\n"
      "Score a saved model on data. Forecasting models: every window of the test part (the\n"
      "split recorded in the model file unless --split is given), with the model's scaler,\n"
      "beside the naive, seasonal naive, linear, RLinear and (sub-daily data) daily cycle +\n"
      "linear baselines fitted on the same data's training part (ridge chosen on its\n"
      "validation part); metrics on scaled values. Classification models: every case of the\n"
      "file (e.g. the _TEST.ts file): accuracy, macro-F1, per-class accuracy, confusion.\n\nOptions");
  std::string model_path, part = "test", split;
  DataSource data;
  visible.add_options()
      ("help,h", "show this help")
      ("model", po::value(&model_path)->required(), "model file (.aaren)")
      ("data,d", po::value(&data.path)->required(), "data file (CSV, SQLite, .ts or long-format CSV)")
      ("table", po::value(&data.table), "SQLite: table or view")
      ("sql", po::value(&data.sql), "SQLite: read-only SELECT")
      ("format", po::value(&data.format), "csv, long, ts or sqlite (default: from the file)")
      ("part", po::value(&part)->default_value("test"), "forecast: test, val or all")
      ("split", po::value(&split), "forecast: ett or ratios (default: the model's)")
      ("no-baselines", "forecast: skip the baselines")
      ("json", "print the results as JSON");
  po::variables_map vm;
  tr::ForecastEvalOptions options;
  const auto check = [&] {
    if (part == "test") options.part = tr::EvalPart::Test;
    else if (part == "val" || part == "validation") options.part = tr::EvalPart::Validation;
    else if (part == "all") options.part = tr::EvalPart::All;
    else throw std::invalid_argument("unknown --part '" + part + "' (expected test, val or all)");
    if (split == "ett") options.split = tr::SplitKind::Ett;
    else if (split == "ratios") options.split = tr::SplitKind::Ratios;
    else if (!split.empty()) throw std::invalid_argument("unknown --split '" + split + "' (expected ett or ratios)");
    options.run_baselines = vm.count("no-baselines") == 0;
  };
  if (const auto done = parseArgs("eval", args, visible, vm, out, err, check)) return *done;
  const bool json = vm.count("json") > 0;
  const auto model = tr::TrainedModel::load(model_path);
  nlohmann::json result = {{"model_file", model_path}, {"data", data.path.string()}, {"task", toString(model.task())}};

  if (model.task() == Task::Forecast) {
    const auto series = loadSeries(data);
    const auto r = tr::evaluateForecastModel(model, series, options);
    result.update(tr::toJson(r));
    result["part"] = tr::toString(options.part);
    result["network_note"] = model.info().record.network_note;
    if (!json) {
      if (const auto& note = model.info().record.network_note; !note.empty()) out << "When trained: " << note << '\n';
      out << model_path << " on " << data.path.string() << ", " << tr::toString(options.part) << " rows " << r.range.begin << "-"
          << r.range.end - 1 << " (" << r.windows << " windows of " << model.horizon()
          << " steps; MSE and MAE scaled, the rest in the data's own units):\n";
      std::vector<ForecastRow> rows{{toString(model.options().type), &r.metrics}};
      for (const auto& b : r.baselines) rows.push_back({b.name, &b.metrics});
      printForecastMetrics(out, rows, r.mase_period);
    }
  } else {
    const auto set = loadLabeled(data);
    const auto r = tr::evaluateClassifyModel(model, set);
    const auto& classes = model.info().schema.classes;
    result["cases"] = set.size();
    result["unknown_labels"] = r.unknown_labels;
    result["metrics"] = r.metrics.count > 0 ? tr::toJson(r.metrics) : nlohmann::json(nullptr);
    result["classes"] = classes;
    if (!json) {
      if (r.metrics.count == 0) {
        out << "no case of " << data.path.string() << " has a label the model knows; nothing to score (see 'aaren classify')\n";
      } else {
        out << model_path << " on " << data.path.string() << " (" << r.metrics.count << " labelled cases):\n";
        printMetricsTable(out, {{toString(model.options().type), {{"accuracy", r.metrics.accuracy}, {"macro_f1", r.metrics.macro_f1}}}},
                          {"accuracy", "macro_f1"});
        out << "confusion (rows: actual, columns: predicted):\n";
        std::vector<std::vector<std::string>> table{{""}};
        for (const auto& c : classes) table[0].push_back(c);
        table[0].push_back("accuracy");
        for (std::size_t a = 0; a < classes.size(); ++a) {
          std::vector<std::string> row{classes[a]};
          for (auto n : r.metrics.confusion[a]) row.push_back(std::to_string(n));
          char acc[16];
          std::snprintf(acc, sizeof acc, "%.4f", r.metrics.per_class_accuracy[a]);
          row.push_back(std::isnan(r.metrics.per_class_accuracy[a]) ? "-" : acc);
          table.push_back(row);
        }
        printTextTable(out, table);
      }
      if (r.unknown_labels > 0)
        out << r.unknown_labels << " case(s) have a label the model does not know; they are not scored\n";
    }
  }
  if (json) out << jsonOutput(result) << '\n';
  return kExitOk;
}

}  // namespace

Command makeEvalCommand() { return {"eval", "Score a saved model on data, beside the baselines", eval}; }

}  // namespace aaren::cli
