#include "app/cli/ProgressBar.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace aaren::cli {

ProgressBar::ProgressBar(std::ostream& os, bool enabled) : os_(os), enabled_(enabled) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(double fraction, const std::string& text) {
  if (!enabled_) return;
  constexpr int width = 28;
  const int filled = static_cast<int>(std::round(std::clamp(fraction, 0.0, 1.0) * width));
  os_ << "\r[" << std::string(static_cast<std::size_t>(filled), '#') << std::string(static_cast<std::size_t>(width - filled), '.')
      << "] " << text << "\x1b[K" << std::flush;
  drawn_ = true;
}

void ProgressBar::finish() {
  if (enabled_ && drawn_) os_ << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

bool stderrIsTerminal() { return isatty(fileno(stderr)) != 0; }

std::string formatSeconds(double s) {
  if (!(s >= 0) || !std::isfinite(s)) return "?";
  const auto total = static_cast<long long>(std::llround(s));
  char buf[32];
  if (total >= 3600) std::snprintf(buf, sizeof buf, "%lldh%02lldm", total / 3600, (total % 3600) / 60);
  else if (total >= 60) std::snprintf(buf, sizeof buf, "%lldm%02llds", total / 60, total % 60);
  else std::snprintf(buf, sizeof buf, "%llds", total);
  return buf;
}

}  // namespace aaren::cli
