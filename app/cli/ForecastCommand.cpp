#include "app/cli/ForecastCommand.h"

#include "app/cli/AtomicFile.h"
#include "app/cli/CliCommon.h"
#include "app/cli/DatasetLoader.h"
#include "core/data/Timestamp.h"
#include "core/report/Escape.h"
#include "core/train/ExperimentRecorder.h"
#include "core/train/TrainedModel.h"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <ostream>
#include <sstream>

namespace aaren::cli {

namespace po = boost::program_options;
namespace tr = aaren::train;

namespace {

// --at: a 0-based row number, or a timestamp (the last row at or before it).
std::int64_t originRow(const data::Series& s, const std::string& at) {
  if (at.empty()) return static_cast<std::int64_t>(s.rows) - 1;
  std::int64_t row = 0;
  auto [end, ec] = std::from_chars(at.data(), at.data() + at.size(), row);
  if (ec == std::errc() && end == at.data() + at.size()) return row;
  const auto t = data::parseTimestamp(at);
  if (!t) throw std::invalid_argument("--at '" + at + "' is neither a row number nor a timestamp (e.g. 2018-02-01 00:00:00)");
  if (!s.hasTime()) throw std::invalid_argument("--at " + at + ": the data has no timestamp column; give a row number");
  const auto it = std::upper_bound(s.timestamps.begin(), s.timestamps.end(), *t);
  if (it == s.timestamps.begin())
    throw std::invalid_argument("--at " + at + " is before the first row (" + data::formatTimestamp(s.timestamps.front()) + ")");
  return static_cast<std::int64_t>(it - s.timestamps.begin()) - 1;
}

std::string forecastCsv(const tr::Forecast& f) {
  std::ostringstream os;
  os << "step";
  if (!f.timestamps.empty()) os << ",timestamp";
  for (const auto& c : f.columns) os << ',' << report::csvTextField(c);
  os << '\n';
  for (std::int64_t k = 0; k < f.horizon; ++k) {
    os << k + 1;
    if (!f.timestamps.empty()) os << ',' << data::formatTimestamp(f.timestamps[static_cast<std::size_t>(k)]);
    for (std::int64_t c = 0; c < f.channels; ++c) os << ',' << formatNumber(f.value(k, c));
    os << '\n';
  }
  return os.str();
}

int forecast(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "Usage: aaren forecast --model FILE --data FILE [--at ROW|TIME] [--out forecast.csv]\n\n"
      "Forecast the next horizon steps of every channel with a saved forecasting model, from\n"
      "the model's lookback rows ending at --at (default: the last row), in original units.\n"
      "ROW is 0-based (the first data row is 0); TIME picks the last row at or before it.\n"
      "Output: CSV with step, timestamp (when the data is timed) and one column per channel;\n"
      "--out writes it atomically. The forecast is recorded in the workspace.\n\nOptions");
  std::string model_path, at, out_path;
  DataSource data;
  WorkspaceArgs workspace;
  visible.add_options()
      ("help,h", "show this help")
      ("model", po::value(&model_path)->required(), "model file (.aaren)")
      ("data,d", po::value(&data.path)->required(), "data file (CSV or SQLite)")
      ("table", po::value(&data.table), "SQLite: table or view")
      ("sql", po::value(&data.sql), "SQLite: read-only SELECT")
      ("format", po::value(&data.format), "csv or sqlite (default: from the file)")
      ("at", po::value(&at), "forecast origin: row number or timestamp (default: the last row)")
      ("out,o", po::value(&out_path), "write the forecast CSV here (default: print it)")
      ("json", "print the forecast as JSON");
  workspace.addTo(visible);
  po::variables_map vm;
  if (const auto done = parseArgs("forecast", args, visible, vm, out, err)) return *done;
  const auto model = tr::TrainedModel::load(model_path);
  if (model.task() != Task::Forecast)
    throw std::invalid_argument(model_path + ": a classification model; use 'aaren classify'");
  const auto series = loadSeries(data);
  model.checkSchema(series);
  const auto origin = originRow(series, at);
  const auto f = model.forecast(series, origin);
  const std::string csv = forecastCsv(f);
  if (!out_path.empty()) writeFileAtomically(out_path, csv);

  nlohmann::json result = {{"model_file", model_path},
                           {"data", data.path.string()},
                           {"origin_row", f.origin_row},
                           {"origin_time", series.hasTime() ? nlohmann::json(data::formatTimestamp(series.timestamps[static_cast<std::size_t>(origin)]))
                                                            : nlohmann::json(nullptr)},
                           {"horizon", f.horizon},
                           {"columns", f.columns}};
  nlohmann::json times = nlohmann::json::array(), values = nlohmann::json::array();
  for (auto t : f.timestamps) times.push_back(data::formatTimestamp(t));
  for (std::int64_t c = 0; c < f.channels; ++c) {
    nlohmann::json channel = nlohmann::json::array();
    for (std::int64_t k = 0; k < f.horizon; ++k) channel.push_back(f.value(k, c));
    values.push_back(channel);
  }
  result["timestamps"] = times;
  result["values"] = values;  // per channel, per step
  if (!out_path.empty()) result["out"] = out_path;

  if (auto ws = workspace.open()) {
    const auto model_sha = sha256File(model_path);
    std::int64_t model_id = 0;
    for (const auto& m : ws->models())
      if (m.sha256 == model_sha) {
        model_id = m.id;
        break;
      }
    if (model_id == 0) {
      store::ModelRecord m;
      m.path = std::filesystem::absolute(model_path).lexically_normal().string();
      m.sha256 = model_sha;
      model_id = ws->addModel(m);
    }
    store::ForecastRecord rec;
    rec.modelId = model_id;
    rec.datasetId = ws->addDataset(tr::datasetRecord(data.path, sha256File(data.path), series));
    rec.horizon = f.horizon;
    if (!f.timestamps.empty()) rec.startTime = data::formatTimestamp(f.timestamps.front());
    if (out_path.empty()) rec.values = values;
    else rec.csvPath = std::filesystem::absolute(out_path).lexically_normal().string();
    result["forecast_id"] = ws->addForecast(rec);
    result["workspace"] = ws->path().string();
  }

  if (vm.count("json")) {
    out << jsonOutput(result) << '\n';
  } else if (out_path.empty()) {
    out << csv;
  } else {
    out << "wrote " << f.horizon << " steps x " << f.channels << " channels after row " << origin;
    if (series.hasTime()) out << " (" << data::formatTimestamp(series.timestamps[static_cast<std::size_t>(origin)]) << ")";
    out << " to " << out_path << '\n';
  }
  return kExitOk;
}

}  // namespace

Command makeForecastCommand() {
  return {"forecast", "Forecast the next steps with a saved model, in original units (CSV)", forecast};
}

}  // namespace aaren::cli
