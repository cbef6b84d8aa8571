#include "core/stream/TraceFile.h"

#include "core/report/AtomicWrite.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace aaren::stream {

std::vector<report::StreamTrace> reportTraces(const SessionTraces& traces) {
  std::vector<report::StreamTrace> out;
  for (const auto& [label, points] : traces) {
    report::StreamTrace t;
    t.model = label;
    for (const auto& p : points)
      t.points.push_back({p.samples, p.state_bytes, p.step_median_us, p.step_p99_us, p.cumulative_seconds, p.rss_bytes});
    out.push_back(std::move(t));
  }
  return out;
}

void writeTraceFile(const std::filesystem::path& file, const SessionTraces& traces, const std::string& source) {
  nlohmann::json j = {{"format", "aaren-stream-trace"}, {"version", 1}, {"source", source}, {"models", nlohmann::json::array()}};
  for (const auto& t : reportTraces(traces)) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto& p : t.points)
      points.push_back({{"samples", p.samples},
                        {"state_bytes", p.state_bytes},
                        {"step_median_us", p.step_median_us},
                        {"step_p99_us", p.step_p99_us},
                        {"cumulative_seconds", p.cumulative_seconds},
                        {"rss_bytes", p.rss_bytes}});
    j["models"].push_back({{"model", t.model}, {"points", points}});
  }
  report::writeFileAtomically(file, j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

std::vector<report::StreamTrace> readTraceFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot read: no such file or not readable");
  std::stringstream text;
  text << in.rdbuf();
  auto bad = [&](const std::string& why) { return std::runtime_error(file.string() + ": not a stream trace file (" + why + ")"); };
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error&) {
    throw bad("not JSON");
  }
  if (!j.is_object() || j.value("format", "") != "aaren-stream-trace") throw bad("no \"format\": \"aaren-stream-trace\"");
  if (j.value("version", 0) != 1) throw bad("version " + std::to_string(j.value("version", 0)) + ", this build reads version 1");
  std::vector<report::StreamTrace> out;
  try {
    for (const auto& m : j.at("models")) {
      report::StreamTrace t;
      t.model = m.at("model").get<std::string>();
      for (const auto& p : m.at("points"))
        t.points.push_back({p.at("samples").get<std::uint64_t>(), p.at("state_bytes").get<std::int64_t>(), p.at("step_median_us").get<double>(),
                            p.at("step_p99_us").get<double>(), p.at("cumulative_seconds").get<double>(), p.at("rss_bytes").get<std::int64_t>()});
      out.push_back(std::move(t));
    }
  } catch (const nlohmann::json::exception& e) {
    throw bad(std::string("a model or point lacks a field: ") + e.what());
  }
  return out;
}

}  // namespace aaren::stream
