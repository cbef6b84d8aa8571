#pragma once
// Measures how long the GUI event loop stalls: a 5 ms precise timer on the GUI thread
// records the gap between consecutive ticks; a gap well above 5 ms means the loop was busy
// or the thread was not scheduled. The GUI thread's own CPU time within each gap is recorded
// too (CLOCK_THREAD_CPUTIME_ID), which separates work done on the GUI thread from waiting
// for a CPU on a loaded machine.
// Used by tests (import and training must not stall the UI for more than 50 ms) and by
// `aaren-studio --probe`, which prints the figures on exit. GUI thread only.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace aaren::ui {

class StallProbe : public QObject {
  Q_OBJECT
 public:
  explicit StallProbe(QObject* parent = nullptr);

  void start();
  void stop();
  void reset();

  // Longest gap between two ticks, in milliseconds, since start()/reset().
  double maxGapMs() const { return max_gap_ms_; }
  // The p-th percentile (0..100) of the gaps.
  double percentileMs(double p) const;
  std::size_t ticks() const { return gaps_.size(); }
  // Most CPU time the GUI thread used between two ticks, in ms (its longest busy stretch).
  double maxBusyMs() const { return max_busy_ms_; }
  double busyPercentileMs(double p) const;
  // Seconds since start() at which the longest gap ended.
  double maxGapAtSeconds() const { return max_gap_at_s_; }
  // Gaps longer than this many ms are also printed to stderr as they happen (0 = never).
  void setReportThresholdMs(double ms) { report_ms_ = ms; }
  static constexpr int kIntervalMs = 5;

 private:
  void tick();

  QTimer timer_;
  QElapsedTimer clock_;
  qint64 last_ns_ = 0;
  double max_gap_ms_ = 0;
  double max_gap_at_s_ = 0;
  double max_busy_ms_ = 0;
  qint64 last_cpu_ns_ = 0;
  std::vector<float> busy_;
  double report_ms_ = 0;
  std::vector<float> gaps_;
};

}  // namespace aaren::ui
