#include "app/cli/StreamCommand.h"

#include "app/cli/CliCommon.h"
#include "app/cli/Interrupt.h"
#include "core/data/Timestamp.h"
#include "core/report/AtomicWrite.h"
#include "core/stream/SourceUri.h"
#include "core/stream/StreamSession.h"
#include "core/stream/TraceFile.h"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <thread>

namespace aaren::cli {

namespace po = boost::program_options;
namespace st = aaren::stream;

namespace {

std::string bytes(std::int64_t b) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(1);
  if (b >= std::int64_t{1} << 30) os << static_cast<double>(b) / (1 << 30) << " GiB";
  else if (b >= 1 << 20) os << static_cast<double>(b) / (1 << 20) << " MiB";
  else if (b >= 1 << 10) os << static_cast<double>(b) / (1 << 10) << " KiB";
  else os << std::setprecision(0) << b << " B";
  return os.str();
}

std::string micros(double us) {
  std::ostringstream os;
  if (us >= 1000) os << std::fixed << std::setprecision(2) << us / 1000 << " ms";
  else os << std::fixed << std::setprecision(us >= 100 ? 0 : 1) << us << " µs";
  return os.str();
}

std::string value(double v) {
  if (std::isnan(v)) return "-";
  std::ostringstream os;
  os << std::setprecision(5) << v;
  return os.str();
}

nlohmann::json number(double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); }

// One JSON line. Text from peers, files and file names may not be UTF-8: such bytes become
// U+FFFD instead of an exception.
std::string jsonLine(const nlohmann::json& j) { return jsonOutput(j, -1); }

nlohmann::json toJson(const st::SessionUpdate& u, std::size_t channel_of_interest) {
  (void)channel_of_interest;
  nlohmann::json j;
  j["samples"] = u.samples;
  j["elapsed_seconds"] = u.elapsed_seconds;
  j["rss_bytes"] = u.rss_bytes;
  j["source"] = {{"state", st::toString(u.source.state)}, {"message", u.source.message},     {"malformed", u.source.malformed},
                 {"dropped", u.source.dropped},            {"reconnects", u.source.reconnects}, {"last_malformed", u.source.last_malformed}};
  j["models"] = nlohmann::json::array();
  for (const auto& m : u.models) {
    nlohmann::json mj = {{"label", m.label},
                         {"kind", m.kind},
                         {"cost_only", m.cost_only},
                         {"status", st::toString(m.status)},
                         {"message", m.message},
                         {"samples", m.samples},
                         {"rejected", m.rejected},
                         {"backlog", m.backlog},
                         {"state_bytes", m.latest.state_bytes},
                         {"allocated_bytes", m.latest.allocated_bytes},
                         {"step_median_us", m.latest.step_median_us},
                         {"step_p99_us", m.latest.step_p99_us},
                         {"cumulative_seconds", m.latest.cumulative_seconds}};
    if (m.task == Task::Forecast && !m.cost_only && m.forecast_origin >= 0) {
      const auto C = m.columns.size();
      nlohmann::json values = nlohmann::json::object(), mae = nlohmann::json::object();
      for (std::size_t c = 0; c < C; ++c) {
        nlohmann::json steps = nlohmann::json::array();
        for (std::int64_t k = 0; k < m.horizon; ++k) steps.push_back(number(m.forecast[static_cast<std::size_t>(k) * C + c]));
        values[m.columns[c]] = steps;
        if (c < m.rolling_mae.size()) mae[m.columns[c]] = number(m.rolling_mae[c]);
      }
      nlohmann::json times = nlohmann::json::array();
      for (auto t : m.forecast_times) times.push_back(data::formatTimestamp(t));
      mj["forecast"] = {{"after_sample", m.forecast_origin}, {"timestamps", times}, {"values", values}};
      mj["rolling_mae"] = mae;
      mj["rolling_mae_count"] = m.mae_count;
    }
    if (m.task == Task::Classify && !m.probabilities.empty()) {
      nlohmann::json p = nlohmann::json::object();
      for (std::size_t k = 0; k < m.probabilities.size(); ++k) p[k < m.classes.size() ? m.classes[k] : std::to_string(k)] = m.probabilities[k];
      mj["probabilities"] = p;
      mj["predicted"] = m.predicted >= 0 && static_cast<std::size_t>(m.predicted) < m.classes.size() ? m.classes[static_cast<std::size_t>(m.predicted)] : "";
      mj["cases"] = m.cases;
      mj["correct"] = m.correct;
    }
    j["models"].push_back(mj);
  }
  return j;
}

void printText(std::ostream& out, const st::SessionUpdate& u, const std::string& channel, double rate) {
  out << "samples " << u.samples;
  if (rate > 0) out << "  (" << std::fixed << std::setprecision(0) << rate << "/s)" << std::defaultfloat;
  out << "  source " << st::toString(u.source.state);
  if (u.source.malformed) out << "  malformed " << u.source.malformed;
  if (u.source.dropped) out << "  dropped " << u.source.dropped;
  if (u.source.reconnects) out << "  reconnects " << u.source.reconnects;
  out << "  rss " << bytes(u.rss_bytes) << '\n';
  std::size_t width = 0;
  for (const auto& m : u.models) width = std::max(width, m.label.size());
  for (const auto& m : u.models) {
    out << "  " << m.label << std::string(width - m.label.size(), ' ') << "  samples " << m.samples << "  state " << std::setw(9) << bytes(m.latest.state_bytes)
        << "  step " << micros(m.latest.step_median_us) << " (p99 " << micros(m.latest.step_p99_us) << ")"
        << "  total " << std::fixed << std::setprecision(2) << m.latest.cumulative_seconds << " s" << std::defaultfloat;
    if (m.task == Task::Forecast && !m.cost_only && m.forecast_origin >= 0 && !m.columns.empty()) {
      std::size_t c = 0;
      for (std::size_t i = 0; i < m.columns.size(); ++i)
        if (m.columns[i] == channel) c = i;
      const auto C = m.columns.size();
      out << "  " << m.columns[c] << " t+1 " << value(m.forecast[c]);
      if (m.horizon > 1) out << " t+" << m.horizon << ' ' << value(m.forecast[static_cast<std::size_t>(m.horizon - 1) * C + c]);
      if (c < m.rolling_mae.size() && m.mae_count > 0) out << "  MAE(" << m.mae_count << ") " << value(m.rolling_mae[c]);
    }
    if (m.task == Task::Classify && m.predicted >= 0) {
      const auto k = static_cast<std::size_t>(m.predicted);
      out << "  class " << (k < m.classes.size() ? m.classes[k] : std::to_string(k)) << " (p " << value(m.probabilities[k]) << ")";
      if (m.cases) out << "  accuracy " << m.correct << "/" << m.cases;
    }
    if (m.status != st::ModelStatus::Running) out << "  [" << st::toString(m.status) << (m.message.empty() ? "" : ": " + m.message) << "]";
    if (m.rejected) out << "  rejected " << m.rejected << " (" << m.message << ")";
    out << '\n';
  }
  out.flush();
}

// Samples the fastest model has consumed (the stream's own count when there is no model).
std::uint64_t consumed(const st::SessionUpdate& u) {
  if (u.models.empty()) return u.samples;
  std::uint64_t most = 0;
  for (const auto& m : u.models) most = std::max(most, m.samples);
  return most;
}

int stream(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "Usage: aaren stream --model FILE [--model FILE ...] --source URI [options]\n\n"
      "Feed a live source through every model, one sample at a time: Aaren with its O(1) step\n"
      "(constant state), the Transformer with its KV cache (growing state). Prints each\n"
      "model's forecast of the next steps (or class probabilities), the rolling one-step MAE,\n"
      "its exact state bytes, step time (median and p99) and cumulative compute time.\n\n"
      "Sources (the same URI works with 'aaren feed --to' at the other end):\n"
      "  replay:FILE[?rate=1000&loop=1]        replay a CSV or .ts file (rate 0 = as fast as possible)\n"
      "  file:FILE[?from=end]                  follow a file another program appends to\n"
      "  tcp://HOST:PORT                       connect (and reconnect) to a feed\n"
      "  tcp+listen://[HOST]:PORT              listen for feeds (127.0.0.1 unless HOST is given; up to 16\n"
      "                                        senders at once, one silent for 2 minutes is closed)\n"
      "  udp://[HOST]:PORT                     receive datagrams\n"
      "  sqlite:FILE?table=T[&time=C]          poll a table for new rows (read-only)\n"
      "Line sources read CSV 'timestamp,v1,v2,...' or JSON lines; add ?format=json|csv. A line that\n"
      "cannot be read is counted as malformed (the last one is shown) and skipped, never fatal.\n\nOptions");
  std::vector<std::string> models;
  std::string source, channel, trace_out;
  double interval = 1.0, duration = 0, idle_exit = 0, max_state_mib = 1024;
  std::uint64_t max_samples = 0;
  std::int64_t kv_window = 0;
  std::size_t mae_window = 100;
  visible.add_options()
      ("help,h", "show this help")
      ("model,m", po::value(&models)->required(), "model file (.aaren); repeat for several")
      ("source,s", po::value(&source)->required(), "where the samples come from (URI, see above)")
      ("no-twin", "no untrained Transformer twin (by default one is added for the cost comparison when no Transformer model is given)")
      ("kv-window", po::value(&kv_window), "Transformer: keep only the last N tokens in the KV cache (default 0: all)")
      ("max-state", po::value(&max_state_mib), "stop a model whose state passes this many MiB (default 1024)")
      ("libtorch-step", "run Aaren through LibTorch ops instead of the fused step")
      ("mae-window", po::value(&mae_window), "one-step forecasts in the rolling MAE (default 100)")
      ("channel", po::value(&channel), "the channel whose forecast is printed (default: the first)")
      ("interval", po::value(&interval), "seconds between reports (default 1)")
      ("max-samples", po::value(&max_samples), "stop once the fastest model has consumed this many samples")
      ("duration", po::value(&duration), "stop after this many seconds")
      ("idle-exit", po::value(&idle_exit), "stop when no sample came for this many seconds (after the first)")
      ("trace-out", po::value(&trace_out), "write each model's memory/step-time trace as JSON here at the end (for 'aaren report --stream-trace')")
      ("json", "print one JSON object per report (JSON lines)");
  po::variables_map vm;
  const auto check = [&] {
    requireInRange("--interval", interval, 0.001, 86400.0);  // NaN passed the comparisons
    requireInRange("--duration", duration, 0.0, 1e9);
    requireInRange("--idle-exit", idle_exit, 0.0, 1e9);
    requireInRange("--max-state", max_state_mib, 0.0, 1048576.0);
    if (kv_window < 0) throw std::invalid_argument("--kv-window must not be negative");
    if (mae_window < 1) throw std::invalid_argument("--mae-window must be at least 1");
  };
  if (const auto done = parseArgs("stream", args, visible, vm, out, err, check)) return *done;
  const bool json = vm.count("json") > 0;
  if (!trace_out.empty()) report::checkWritable(trace_out);  // fail before streaming, not after

  std::vector<st::ModelSlot> slots;
  bool have_transformer = false;
  for (const auto& path : models) {
    st::ModelSlot slot;
    slot.model = train::TrainedModel::load(path);
    slot.label = std::filesystem::path(path).filename().string();
    slot.options.fused = vm.count("libtorch-step") == 0;
    if (slot.model.options().type == ModelType::Transformer) {
      have_transformer = true;
      slot.options.kv_window = kv_window;
    }
    slot.max_state_bytes = static_cast<std::int64_t>(max_state_mib * (1 << 20));
    slots.push_back(std::move(slot));
  }
  if (!have_transformer && vm.count("no-twin") == 0) {
    st::ModelSlot twin;
    twin.model = st::makeTransformerTwin(slots.front().model);
    twin.label = "Transformer twin (untrained, cost only)";
    twin.cost_only = true;
    twin.options.kv_window = kv_window;
    twin.max_state_bytes = static_cast<std::int64_t>(max_state_mib * (1 << 20));
    slots.push_back(std::move(twin));
  }
  st::SourceContext context;
  context.columns = slots.front().model.info().schema.columns;
  auto src = st::makeSource(source, context);
  const std::string described = src->describe();
  st::SessionOptions so;
  so.rolling_window = mae_window;
  st::StreamSession session(std::move(src), std::move(slots), so);
  InterruptGuard interrupt;
  session.start();
  if (!json) out << "streaming " << described << '\n';

  using Clock = std::chrono::steady_clock;
  const auto begin = Clock::now();
  auto next_report = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval));
  auto last_data = begin;
  std::uint64_t last_samples = 0, report_samples = 0;
  auto report_time = begin;
  st::SessionUpdate u;
  std::string ended;
  while (true) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto now = Clock::now();
    const bool finished = session.finished();
    const bool report_due = now >= next_report || finished;
    u = session.takeUpdate();  // keeps the untaken backlog small
    if (u.samples != last_samples) {
      last_samples = u.samples;
      last_data = now;
    }
    if (interrupt.interrupted()) ended = "interrupted";
    else if (finished) ended = u.source.state == st::SourceState::Failed ? "failed" : "finished";
    else if (max_samples && consumed(u) >= max_samples) ended = "max-samples";
    else if (duration > 0 && now - begin >= std::chrono::duration<double>(duration)) ended = "duration";
    else if (idle_exit > 0 && u.samples > 0 && now - last_data >= std::chrono::duration<double>(idle_exit)) ended = "idle";
    else if (u.source.state == st::SourceState::Failed) ended = "failed";
    if (!ended.empty()) break;
    if (report_due) {
      const double secs = std::chrono::duration<double>(now - report_time).count();
      const double rate = secs > 0 ? static_cast<double>(u.samples - report_samples) / secs : 0;
      report_samples = u.samples;
      report_time = now;
      if (json) out << jsonLine(toJson(u, 0)) << '\n' << std::flush;
      else printText(out, u, channel, rate);
      next_report = now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval));
    }
  }
  session.stop();
  u = session.takeUpdate();
  if (!trace_out.empty()) st::writeTraceFile(trace_out, session.traces(), described);
  const double total = std::chrono::duration<double>(Clock::now() - begin).count();
  if (json) {
    auto j = toJson(u, 0);
    j["ended"] = ended;
    out << jsonLine(j) << '\n';
  } else {
    out << "ended (" << ended << ") after " << std::fixed << std::setprecision(1) << total << std::defaultfloat << " s:\n";
    printText(out, u, channel, total > 0 ? static_cast<double>(u.samples) / total : 0);
  }
  if (ended == "failed") {
    err << "aaren stream: " << described << ": " << u.source.message << '\n';
    return kExitFailure;
  }
  return ended == "interrupted" ? kExitInterrupted : kExitOk;
}

}  // namespace

Command makeStreamCommand() {
  return {"stream", "Forecast a live feed sample by sample; memory and step time of each model", stream};
}

}  // namespace aaren::cli
