#include "ui/StallProbe.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace aaren::ui {

namespace {

qint64 threadCpuNs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<qint64>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

double percentile(std::vector<float> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto index = static_cast<std::size_t>(std::clamp(std::ceil(p / 100.0 * static_cast<double>(v.size())) - 1.0, 0.0,
                                                         static_cast<double>(v.size() - 1)));
  return v[index];
}

}  // namespace

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
  max_gap_at_s_ = 0;
  max_busy_ms_ = 0;
  last_cpu_ns_ = threadCpuNs();
  gaps_.clear();
  busy_.clear();
}

void StallProbe::tick() {
  const qint64 now = clock_.nsecsElapsed();
  const double gap = static_cast<double>(now - last_ns_) / 1e6;
  last_ns_ = now;
  const qint64 cpu = threadCpuNs();
  const double busy = static_cast<double>(cpu - last_cpu_ns_) / 1e6;
  last_cpu_ns_ = cpu;
  busy_.push_back(static_cast<float>(busy));
  max_busy_ms_ = std::max(max_busy_ms_, busy);
  gaps_.push_back(static_cast<float>(gap));
  if (gap > max_gap_ms_) {
    max_gap_ms_ = gap;
    max_gap_at_s_ = static_cast<double>(now) / 1e9;
  }
  if (report_ms_ > 0 && gap > report_ms_)
    std::fprintf(stderr, "aaren-studio: GUI event loop stalled %.0f ms, %.0f ms of it busy on the GUI thread (until %.2f s)\n", gap, busy,
                 static_cast<double>(now) / 1e9);
}

double StallProbe::percentileMs(double p) const { return percentile(gaps_, p); }

double StallProbe::busyPercentileMs(double p) const { return percentile(busy_, p); }

}  // namespace aaren::ui
