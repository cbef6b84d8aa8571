#include "app/cli/ClassifyCommand.h"

#include "app/cli/AtomicFile.h"
#include "app/cli/CliCommon.h"
#include "app/cli/DatasetLoader.h"
#include "app/cli/Tables.h"
#include "core/report/Escape.h"
#include "core/train/Experiment.h"
#include "core/train/ExperimentJson.h"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <ostream>
#include <sstream>

namespace aaren::cli {

namespace po = boost::program_options;
namespace tr = aaren::train;

namespace {

std::string fixed4(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

int classify(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "Usage: aaren classify --model FILE --data FILE [--out predictions.csv]\n\n"
      "Classify every case of a UEA/UCR .ts file (or long-format CSV) with a saved\n"
      "classification model: predicted class and the probability of every class, and the\n"
      "accuracy over the cases whose label the model knows.\n\nOptions");
  std::string model_path, out_path;
  DataSource data;
  visible.add_options()
      ("help,h", "show this help")
      ("model", po::value(&model_path)->required(), "model file (.aaren)")
      ("data,d", po::value(&data.path)->required(), "cases to classify (.ts or long-format CSV)")
      ("format", po::value(&data.format), "ts or long (default: from the file)")
      ("out,o", po::value(&out_path), "write case, label, predicted class and probabilities as CSV")
      ("json", "print the results as JSON");
  po::variables_map vm;
  if (const auto done = parseArgs("classify", args, visible, vm, out, err)) return *done;
  const auto model = tr::TrainedModel::load(model_path);
  if (model.task() != Task::Classify)
    throw std::invalid_argument(model_path + ": a forecasting model; use 'aaren forecast'");
  const auto set = loadLabeled(data);
  const auto r = tr::evaluateClassifyModel(model, set);
  const auto& classes = model.info().schema.classes;
  auto label = [&](std::size_t i) { return i < set.labels.size() ? set.labels[i] : std::string(); };

  std::ostringstream csv;
  csv << "case,label,predicted";
  for (const auto& c : classes) csv << ',' << report::csvTextField("p_" + c);
  csv << '\n';
  for (std::size_t i = 0; i < r.cases.size(); ++i) {
    csv << i + 1 << ',' << report::csvTextField(label(i)) << ',' << report::csvTextField(r.cases[i].predicted_class);
    for (float p : r.cases[i].probabilities) csv << ',' << formatNumber(p);
    csv << '\n';
  }
  if (!out_path.empty()) writeFileAtomically(out_path, csv.str());

  if (vm.count("json")) {
    nlohmann::json cases = nlohmann::json::array();
    for (std::size_t i = 0; i < r.cases.size(); ++i)
      cases.push_back({{"case", i + 1},
                       {"label", label(i).empty() ? nlohmann::json(nullptr) : nlohmann::json(label(i))},
                       {"predicted", r.cases[i].predicted_class},
                       {"probabilities", r.cases[i].probabilities}});
    nlohmann::json result = {{"model_file", model_path}, {"data", data.path.string()}, {"classes", classes},
                             {"cases", cases},           {"unknown_labels", r.unknown_labels},
                             {"metrics", r.metrics.count ? tr::toJson(r.metrics) : nlohmann::json(nullptr)}};
    if (!out_path.empty()) result["out"] = out_path;
    out << jsonOutput(result) << '\n';
    return kExitOk;
  }
  if (out_path.empty()) {
    std::vector<std::vector<std::string>> table{{"case", "label", "predicted"}};
    for (const auto& c : classes) table[0].push_back("p(" + c + ")");
    for (std::size_t i = 0; i < r.cases.size(); ++i) {
      std::vector<std::string> row{std::to_string(i + 1), label(i).empty() ? "-" : label(i), r.cases[i].predicted_class};
      for (float p : r.cases[i].probabilities) row.push_back(fixed4(p));
      table.push_back(row);
    }
    printTextTable(out, table);
  } else {
    out << "wrote " << r.cases.size() << " predictions to " << out_path << '\n';
  }
  if (r.metrics.count > 0)
    out << "accuracy " << fixed4(r.metrics.accuracy) << " (" << static_cast<long long>(r.metrics.accuracy * static_cast<double>(r.metrics.count) + 0.5)
        << " of " << r.metrics.count << " labelled cases), macro-F1 " << fixed4(r.metrics.macro_f1) << '\n';
  if (r.unknown_labels > 0) out << r.unknown_labels << " case(s) have a label the model does not know; they are not scored\n";
  return kExitOk;
}

}  // namespace

Command makeClassifyCommand() {
  return {"classify", "Classify the cases of a .ts file with a saved model", classify};
}

}  // namespace aaren::cli
