#pragma once
// An overview strip under the explore plot: every channel over the whole series (decimated),
// with the part shown above marked as a window. Dragging the window pans, dragging one of
// its edges resizes it, clicking elsewhere centres the window there, and the wheel zooms.
// GUI thread only.
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPItemRect;

namespace aaren::ui {

class Decimator;

class RangeSelector : public QWidget {
  Q_OBJECT
 public:
  explicit RangeSelector(QWidget* parent = nullptr);

  // The channels to draw (not owned: they must outlive the next setSources/clear), with the
  // whole key range and whether keys are times.
  void setSources(const std::vector<Decimator>* sources, double lo, double hi, bool timed);
  void clear();
  // The window shown in the main plot.
  void setWindow(double lo, double hi);
  double windowLower() const { return lo_; }
  double windowUpper() const { return hi_; }
  QCustomPlot* plot() const { return plot_; }
  QSize sizeHint() const override { return {600, 72}; }

 Q_SIGNALS:
  // The user moved or resized the window.
  void windowRequested(double lo, double hi);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void redraw();
  void restyle();

  QCustomPlot* plot_;
  QCPItemRect* window_;
  const std::vector<Decimator>* sources_ = nullptr;
  double full_lo_ = 0, full_hi_ = 1, lo_ = 0, hi_ = 1;
  enum class Drag { None, Move, Left, Right } drag_ = Drag::None;
  double grab_offset_ = 0;
};

}  // namespace aaren::ui
