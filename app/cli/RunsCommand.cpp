#include "app/cli/RunsCommand.h"

#include "app/cli/CliCommon.h"
#include "app/cli/ProgressBar.h"
#include "app/cli/Tables.h"
#include "core/store/Workspace.h"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>
#include <ostream>

namespace aaren::cli {

namespace po = boost::program_options;

namespace {

std::string fixed4(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

// "2026-11-23T19:47:42.123Z" -> "2026-11-23 19:47"
std::string shortTime(const std::string& iso) {
  if (iso.size() < 16) return iso;
  std::string s = iso.substr(0, 16);
  s[10] = ' ';
  return s;
}

// The headline test metric of a run: "mse 0.3871" / "acc 0.9750" / "-".
std::string testMetric(const store::RunRecord& r) {
  const auto& m = r.metrics;
  if (!m.is_object() || !m.contains("test") || !m["test"].is_object()) return "-";
  const auto& t = m["test"];
  if (t.contains("mse") && t["mse"].is_number()) return "mse " + fixed4(t["mse"].get<double>());
  if (t.contains("accuracy") && t["accuracy"].is_number()) return "acc " + fixed4(t["accuracy"].get<double>());
  return "-";
}

int listRuns(const store::Workspace& ws, const store::RunQuery& q, bool json, std::ostream& out) {
  const auto runs = ws.runs(q);
  if (json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : runs) list.push_back(store::toJson(r));
    out << jsonOutput(nlohmann::json{{"workspace", ws.path().string()}, {"runs", list}}) << '\n';
    return kExitOk;
  }
  if (runs.empty()) {
    out << "no runs in " << ws.path().string() << " (train one with 'aaren train')\n";
    return kExitOk;
  }
  std::vector<std::vector<std::string>> table{{"id", "started", "status", "model", "task", "dataset", "epochs", "best val", "test", "time"}};
  for (const auto& r : runs)
    table.push_back({std::to_string(r.id), shortTime(r.startedAt), std::string(store::toString(r.status)), r.modelType, r.task,
                     r.datasetName.empty() ? "-" : r.datasetName, std::to_string(r.epochsDone),
                     r.bestValLoss ? fixed4(*r.bestValLoss) : "-", testMetric(r),
                     r.status == store::RunStatus::Running ? "-" : formatSeconds(r.seconds)});
  printTextTable(out, table);
  return kExitOk;
}

int showRun(const store::Workspace& ws, std::int64_t id, bool json, std::ostream& out, std::ostream& err) {
  const auto run = ws.run(id);
  if (!run) {
    err << "aaren runs: no run " << id << " in " << ws.path().string() << '\n';
    return kExitFailure;
  }
  const auto epochs = ws.epochs(id);
  const auto models = ws.modelsForRun(id);
  std::optional<store::DatasetRecord> dataset;
  if (run->datasetId) dataset = ws.dataset(run->datasetId);
  if (json) {
    nlohmann::json j = store::toJson(*run);
    j["epochs"] = nlohmann::json::array();
    for (const auto& e : epochs) j["epochs"].push_back(store::toJson(e));
    j["models"] = nlohmann::json::array();
    for (const auto& m : models) j["models"].push_back(store::toJson(m));
    j["dataset"] = dataset ? store::toJson(*dataset) : nlohmann::json(nullptr);
    out << jsonOutput(j) << '\n';
    return kExitOk;
  }
  out << "run " << run->id << ": " << run->modelType << " " << run->task << ", " << store::toString(run->status);
  if (!run->message.empty()) out << " (" << run->message << ")";
  out << '\n';
  out << "started   " << run->startedAt << " by pid " << run->pid << " on " << run->host << '\n';
  if (!run->finishedAt.empty()) out << "finished  " << run->finishedAt << " after " << formatSeconds(run->seconds) << '\n';
  if (dataset) out << "dataset   " << dataset->path << " (" << dataset->rows << " x " << dataset->columns << ", sha256 " << dataset->sha256.substr(0, 12) << ")\n";
  if (run->config.is_object() && run->config.contains("model")) {
    const auto& m = run->config["model"];
    out << "model     d_model " << m.value("d_model", 0) << ", heads " << m.value("heads", 0) << ", layers " << m.value("layers", 0)
        << ", d_ff " << m.value("d_ff", 0) << ", dropout " << m.value("dropout", 0.0);
    if (run->task == "forecast")
      out << (m.value("channel_independent", false) ? ", channel-independent" : "") << (m.value("predict_delta", false) ? ", delta head" : "");
    out << '\n';
  }
  if (run->config.is_object() && run->config.contains("train")) {
    const auto& t = run->config["train"];
    out << "training  epochs " << t.value("epochs", 0) << ", batch " << t.value("batch_size", 0) << ", lr " << t.value("learning_rate", 0.0)
        << ", seed " << t.value("seed", 0ull) << '\n';
  }
  if (!epochs.empty()) {
    out << "epochs:\n";
    std::vector<std::vector<std::string>> table{{"epoch", "train loss", "val loss", "time"}};
    for (const auto& e : epochs)
      table.push_back({std::to_string(e.epoch), fixed4(e.trainLoss), e.valLoss ? fixed4(*e.valLoss) : "-", formatSeconds(e.seconds)});
    printTextTable(out, table);
  }
  if (run->metrics.is_object() && run->metrics.contains("test") && run->metrics["test"].is_object()) {
    out << "test     ";
    const auto& t = run->metrics["test"];
    bool first = true;
    for (const char* k : {"mse", "mae", "rmse", "smape", "mase", "accuracy", "macro_f1", "loss"})
      if (t.contains(k) && t[k].is_number()) {
        out << (first ? "" : ", ") << k << ' ' << fixed4(t[k].get<double>());
        first = false;
      }
    out << '\n';
  }
  if (run->metrics.is_object() && run->metrics.contains("baselines"))
    for (const auto& [name, m] : run->metrics["baselines"].items())
      if (m.is_object() && m.contains("mse") && m["mse"].is_number())
        out << "baseline  " << name << ": mse " << fixed4(m["mse"].get<double>()) << ", mae " << fixed4(m.value("mae", 0.0)) << '\n';
  for (const auto& m : models) out << "model file " << m.path << '\n';
  return kExitOk;
}

int runs(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "Usage: aaren runs [--workspace PATH] [--json] [--limit N] [--status S]\n"
      "       aaren runs show ID [--workspace PATH] [--json]\n\n"
      "List the training runs recorded in the workspace, newest first, or show one run with\n"
      "its configuration, per-epoch losses, test metrics and model files.\n\nOptions");
  WorkspaceArgs workspace;
  std::int64_t limit = 0;
  std::string status;
  std::vector<std::string> positional;
  visible.add_options()
      ("help,h", "show this help")
      ("limit", po::value(&limit)->default_value(0), "at most N runs (0 = all)")
      ("status", po::value(&status), "only runs in this status: running, completed, cancelled, failed, interrupted")
      ("json", "print as JSON");
  workspace.addTo(visible, false);
  po::options_description hidden;
  hidden.add_options()("args", po::value(&positional));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description pos;
  pos.add("args", -1);
  po::variables_map vm;
  std::int64_t show_id = 0;
  store::RunQuery query;
  const auto check = [&] {
    if (!positional.empty()) {
      if (positional[0] != "show" || positional.size() != 2)
        throw std::invalid_argument("expected 'aaren runs' or 'aaren runs show ID'");
      const auto& id = positional[1];
      auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), show_id);
      if (ec != std::errc() || end != id.data() + id.size() || show_id < 1) throw std::invalid_argument("run id '" + id + "' is not a positive number");
    }
    query.limit = limit;
    if (!status.empty()) {
      query.status = store::parseRunStatus(status);
      if (!query.status) throw std::invalid_argument("unknown --status '" + status + "'");
    }
  };
  if (const auto done = parseArgs("runs", args, visible, vm, out, err, check, &all, &pos)) return *done;
  const bool json = vm.count("json") > 0;
  const auto path = workspace.resolved();
  if (!std::filesystem::exists(path)) {
    if (json) out << jsonOutput(nlohmann::json{{"workspace", path.string()}, {"runs", nlohmann::json::array()}}) << '\n';
    else if (show_id) {
      err << "aaren runs: no workspace at " << path.string() << '\n';
      return kExitFailure;
    } else out << "no runs: no workspace at " << path.string() << " yet (train one with 'aaren train')\n";
    return show_id && json ? kExitFailure : kExitOk;
  }
  store::Workspace ws(path);
  return show_id ? showRun(ws, show_id, json, out, err) : listRuns(ws, query, json, out);
}

}  // namespace

Command makeRunsCommand() { return {"runs", "List the training runs recorded in the workspace", runs}; }

}  // namespace aaren::cli
