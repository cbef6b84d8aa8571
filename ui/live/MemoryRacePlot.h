#pragma once
// The memory race, live (the paper's Figure 5 as it happens): for every model of the stream,
// against samples seen, four small charts in one plot —
//   state held     exact bytes of state, log axis in B/KiB/MiB (Aaren flat, KV cache linear)
//   step time      rolling median (solid) and p99 (dashed) of one step, log axis in µs/ms
//   compute        cumulative step time in seconds (Aaren linear, Transformer quadratic)
//   process RSS    the app's resident memory
// from each model's decimated trace (StreamSession keeps it bounded whatever the length of
// the stream). setModels() replaces the curves and replots (queued). GUI thread only.
#include "core/stream/StreamSession.h"

#include <QWidget>

#include <vector>

class QCPAxisRect;
class QCPGraph;
class QCustomPlot;

namespace aaren::ui {

class MemoryRacePlot : public QWidget {
  Q_OBJECT
 public:
  explicit MemoryRacePlot(QWidget* parent = nullptr);

  void clear();
  void setModels(const std::vector<aaren::stream::ModelView>& models);

  QCustomPlot* plot() const { return plot_; }
  int models() const { return static_cast<int>(curves_.size()); }
  int tracePoints(int model) const;
  // The plotted state bytes of `model` at trace point `i` (tests).
  double stateBytesAt(int model, int i) const;

 private:
  struct Curves {
    QCPGraph* state = nullptr;
    QCPGraph* median = nullptr;
    QCPGraph* p99 = nullptr;
    QCPGraph* cumulative = nullptr;
  };
  void ensureCurves(const std::vector<aaren::stream::ModelView>& models);
  void rescale();
  void restyle();

  QCustomPlot* plot_;
  QCPAxisRect* state_rect_;
  QCPAxisRect* latency_rect_;
  QCPAxisRect* compute_rect_;
  QCPAxisRect* rss_rect_;
  QCPGraph* rss_ = nullptr;
  std::vector<Curves> curves_;
};

}  // namespace aaren::ui
