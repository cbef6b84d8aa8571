#include "ui/StallProbe.h"

#include <algorithm>
#include <cmath>

namespace aaren::ui {

StallProbe::StallProbe(QObject* parent) : QObject(parent) {
  timer_.setTimerType(Qt::PreciseTimer);
  timer_.setInterval(kIntervalMs);
  connect(&timer_, &QTimer::timeout, this, &StallProbe::tick);
}

void StallProbe::start() {
  reset();
  timer_.start();
}

void StallProbe::stop() { timer_.stop(); }

void StallProbe::reset() {
  clock_.start();
  last_ns_ = 0;
  max_gap_ms_ = 0;
  gaps_.clear();
}

void StallProbe::tick() {
  const qint64 now = clock_.nsecsElapsed();
  const double gap = static_cast<double>(now - last_ns_) / 1e6;
  last_ns_ = now;
  gaps_.push_back(static_cast<float>(gap));
  max_gap_ms_ = std::max(max_gap_ms_, gap);
}

double StallProbe::percentileMs(double p) const {
  if (gaps_.empty()) return 0;
  std::vector<float> sorted(gaps_);
  std::sort(sorted.begin(), sorted.end());
  const auto index = static_cast<std::size_t>(std::clamp(std::ceil(p / 100.0 * static_cast<double>(sorted.size())) - 1.0, 0.0,
                                                         static_cast<double>(sorted.size() - 1)));
  return sorted[index];
}

}  // namespace aaren::ui
