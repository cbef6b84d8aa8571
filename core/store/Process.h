#pragma once
// Internal to core/store: who is writing (pid, host), whether a process is still alive, and
// ISO-8601 UTC timestamps.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aaren::store::detail {

std::string hostName();
std::int64_t currentPid();

// When the process `pid` on this host started (Unix seconds, from /proc), if known.
std::optional<double> processStartTime(std::int64_t pid);

// False when the run's process is certainly gone: kill(pid, 0) fails with ESRCH, or the
// pid now belongs to a process that started after the run did (pid reuse). True otherwise
// (alive, or cannot tell, e.g. EPERM).
bool runProcessAlive(std::int64_t pid, std::optional<double> runStartedUnix);

// "2026-11-23T19:47:42.123Z"
std::string formatUtc(std::chrono::system_clock::time_point t);
// Parses what formatUtc writes (milliseconds optional, trailing 'Z' required). Unix seconds.
std::optional<double> parseUtc(std::string_view text);

}  // namespace aaren::store::detail
