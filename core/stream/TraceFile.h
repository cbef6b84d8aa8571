#pragma once
// The memory and step-time traces of a stream session, as the report's StreamTrace and as a
// JSON file (`aaren stream --trace-out`, read back by `aaren report --stream-trace`):
//
//   {"format": "aaren-stream-trace", "version": 1, "source": "replay of ETTh1.csv ...",
//    "models": [{"model": "Aaren", "points": [{"samples": 1, "state_bytes": 576,
//       "step_median_us": 5.1, "step_p99_us": 9.0, "cumulative_seconds": 0.0, "rss_bytes": ...}, ...]}]}
//
// Threading: plain functions.
#include "core/report/Report.h"
#include "core/stream/RollingStats.h"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace aaren::stream {

using SessionTraces = std::vector<std::pair<std::string, std::vector<MemorySample>>>;

std::vector<report::StreamTrace> reportTraces(const SessionTraces& traces);

// Written atomically; report::ReportWriteError naming the file when it cannot be.
void writeTraceFile(const std::filesystem::path& file, const SessionTraces& traces, const std::string& source);
// std::runtime_error "FILE: not a stream trace file (...)" / "FILE: cannot read: ..." on failure.
std::vector<report::StreamTrace> readTraceFile(const std::filesystem::path& file);

}  // namespace aaren::stream
