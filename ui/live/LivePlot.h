#pragma once
// The live forecast plot, one channel at a time: the actual values as they arrive, each
// forecasting model's one-step-ahead forecasts aligned with the samples they forecast, its
// current forecast of the next H steps drawn ahead of the last sample, and below, in a small
// axis rect on the same time axis, each model's rolling MAE (last N one-step forecasts).
//
// The plot shows the stream as the leading forecasting model has consumed it (a replay as
// fast as possible runs ahead of the models; what they have not reached waits, and the plot
// says how far behind the source it is), so actuals and forecasts share one present.
// The display is bounded: the last displayPoints() samples (2,000 to 20,000) are kept, older
// points removed with removeBefore; the time axis follows the stream unless the user drags
// or zooms it (Follow brings it back). Timestamps label the axis when the stream is timed,
// else sample numbers. append() only appends: the caller replots at most ~30 times a
// second (rpQueuedReplot). GUI thread only.
#include "core/stream/StreamSession.h"

#include <QWidget>

#include <deque>
#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QCPAxisRect;
class QCPGraph;
class QCPItemRect;
class QCPItemStraightLine;
class QCPItemText;
class QCustomPlot;
class QLabel;

namespace aaren::ui {

class LivePlot : public QWidget {
  Q_OBJECT
 public:
  explicit LivePlot(QWidget* parent = nullptr);
  ~LivePlot() override;

  // Forgets everything (a new stream).
  void clear();
  // What is new in `update` (actuals, one-step points) and the models' current forecasts
  // and errors; rescales and replots (queued).
  void append(const aaren::stream::SessionUpdate& update);

  void setChannel(int channel);
  int channel() const;
  void setDisplayPoints(int points);
  int displayPoints() const { return display_points_; }
  void setFollow(bool follow);
  bool follows() const;
  bool timed() const { return timed_; }

  QCustomPlot* plot() const { return plot_; }
  QComboBox* channelBox() const { return channel_; }
  // For tests and read-outs: points on the graphs now.
  int actualPoints() const;
  int models() const { return static_cast<int>(tracks_.size()); }
  QString modelLabel(int model) const;
  int oneStepPoints(int model) const;   // 0 for a classifier or a cost-only model
  int forecastPoints(int model) const;  // the current forecast ahead (horizon, or 0)
  double rollingMae(int model) const;   // of the shown channel; NaN when none yet

  static constexpr int kDefaultDisplayPoints = 2000;
  // Samples held back at most while the models catch up (older ones are not drawn).
  static constexpr std::size_t kMaxPending = 1 << 16;
  // Samples received but not yet drawn because the models have not consumed them.
  std::size_t heldBack() const { return pending_.size(); }

 private:
  struct Point {
    double key;
    std::vector<double> values;
  };
  struct Track {
    QString label;
    std::vector<std::string> columns;
    bool forecasts = false;  // a forecasting model whose forecasts are shown
    std::int64_t horizon = 0;
    QCPGraph* oneStep = nullptr;
    QCPGraph* ahead = nullptr;
    QCPGraph* mae = nullptr;
    std::deque<Point> points;        // one-step points, all model channels
    std::deque<Point> maeHistory;    // rolling MAE per model channel over time
    std::vector<double> forecast;    // [horizon][channels]
    std::vector<double> forecastKeys;
    std::vector<double> maeNow;
    std::size_t maeCount = 0;
  };

  void ensureTracks(const aaren::stream::SessionUpdate& update);
  void ensureChannels(const aaren::stream::SessionUpdate& update);
  double keyOf(std::int64_t index, std::int64_t timestamp);
  int modelChannel(const Track& track, int streamChannel) const;
  void rebuildGraphs();   // from the kept points (channel switch)
  void trim();
  void updateAhead(Track& track);
  void updateMaeText();
  void rescale();
  void restyle();

  QComboBox* channel_;
  QComboBox* window_;
  QCheckBox* follow_;
  QLabel* note_;
  QCustomPlot* plot_;
  QCPAxisRect* main_rect_;
  QCPAxisRect* mae_rect_;
  QCPGraph* actual_ = nullptr;
  QCPItemStraightLine* now_line_ = nullptr;
  QCPItemText* mae_text_ = nullptr;
  QCPItemRect* ahead_band_ = nullptr;  // shades the time the current forecasts cover

  std::vector<Track> tracks_;
  std::deque<Point> actuals_;
  std::deque<aaren::stream::ActualPoint> pending_;  // received, not yet consumed by the leading model
  std::vector<QString> columns_;
  bool timed_ = false, time_decided_ = false;
  double last_key_ = 0, key_step_ = 1;
  bool have_key_ = false;
  int display_points_ = kDefaultDisplayPoints;
};

}  // namespace aaren::ui
