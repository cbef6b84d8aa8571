#include "core/store/Process.h"

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

#include <sys/types.h>
#include <unistd.h>

namespace aaren::store::detail {

std::string hostName() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

std::int64_t currentPid() { return static_cast<std::int64_t>(getpid()); }

namespace {

std::optional<double> bootTime() {
  std::ifstream in("/proc/stat");
  std::string key;
  while (in >> key) {
    if (key == "btime") {
      double t = 0;
      if (in >> t) return t;
      return std::nullopt;
    }
    in.ignore(1 << 20, '\n');
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> processStartTime(std::int64_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string s = ss.str();
  // Field 2 (comm) is in parentheses and may hold spaces: fields resume after the last ')'.
  const auto close = s.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(s.substr(close + 1));
  std::string field;
  // After ')' come fields 3..; starttime is field 22, i.e. the 20th token here.
  for (int i = 3; i <= 22; ++i)
    if (!(rest >> field)) return std::nullopt;
  const auto boot = bootTime();
  const long ticks = sysconf(_SC_CLK_TCK);
  if (!boot || ticks <= 0) return std::nullopt;
  return *boot + std::stod(field) / static_cast<double>(ticks);
}

bool runProcessAlive(std::int64_t pid, std::optional<double> runStartedUnix) {
  if (pid <= 0) return false;
  if (kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH) return false;
  // Alive, or not ours to signal (EPERM): is it still the process that started the run? A
  // process started well after the run began has reused the pid. The slack absorbs the
  // 1-second resolution of the boot time.
  constexpr double kSlackSeconds = 10;
  if (runStartedUnix) {
    if (const auto started = processStartTime(pid); started && *started > *runStartedUnix + kSlackSeconds)
      return false;
  }
  return true;
}

std::string formatUtc(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  int frac = static_cast<int>(ms % 1000);
  if (frac < 0) {
    frac += 1000;
    secs -= 1;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
  return buf;
}

std::optional<double> parseUtc(std::string_view text) {
  int y, mo, d, h, mi, s;
  char tail[16] = {};
  const std::string str(text);
  if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%15s", &y, &mo, &d, &h, &mi, &s, tail) < 6)
    return std::nullopt;
  double frac = 0;
  std::string_view t(tail);
  if (!t.empty() && t.front() == '.') {
    const auto z = t.find('Z');
    const std::string digits(t.substr(1, z == std::string_view::npos ? std::string_view::npos : z - 1));
    if (!digits.empty()) frac = std::stod("0." + digits);
    t = z == std::string_view::npos ? std::string_view{} : t.substr(z);
  }
  if (t != "Z") return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<double>(timegm(&tm)) + frac;
}

}  // namespace aaren::store::detail
