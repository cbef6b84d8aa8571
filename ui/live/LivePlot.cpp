#include "ui/live/LivePlot.h"

#include "ui/QCustomPlot.h"
#include "ui/Theme.h"
#include "ui/explore/PlotSupport.h"
#include "ui/live/LiveStyle.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace aaren::ui {

namespace st = aaren::stream;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QString qs(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

LivePlot::LivePlot(QWidget* parent)
    : QWidget(parent),
      channel_(new QComboBox(this)),
      window_(new QComboBox(this)),
      follow_(new QCheckBox(tr("Follow"), this)),
      note_(new QLabel(this)),
      plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  auto* bar = new QHBoxLayout;
  bar->setContentsMargins(4, 0, 4, 0);
  auto* title = new QLabel(tr("<b>Live forecast</b>"), this);
  bar->addWidget(title);
  bar->addSpacing(12);
  bar->addWidget(new QLabel(tr("Channel:"), this));
  channel_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  channel_->setToolTip(tr("The channel plotted (every channel is streamed to the models)"));
  bar->addWidget(channel_);
  bar->addSpacing(8);
  bar->addWidget(new QLabel(tr("Show:"), this));
  for (int n : {2000, 5000, 10000, 20000})
    window_->addItem(tr("last %1 samples").arg(QLocale(QLocale::English).toString(n)), n);
  window_->setCurrentIndex(window_->findData(kDefaultDisplayPoints));
  window_->setToolTip(tr("How many of the latest samples the plot keeps"));
  bar->addWidget(window_);
  follow_->setChecked(true);
  follow_->setToolTip(tr("Scroll with the stream (dragging or zooming the time axis stops it)"));
  bar->addWidget(follow_);
  note_->setForegroundRole(QPalette::PlaceholderText);
  note_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // never widens the window
  note_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  bar->addWidget(note_, 1);
  layout->addLayout(bar);
  layout->addWidget(plot_, 1);

  plot_->setPlottingHints(QCP::phFastPolylines | QCP::phCacheLabels);
  plot_->setNoAntialiasingOnDrag(true);
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->addLayer(QStringLiteral("actuals"), plot_->layer(QStringLiteral("main")), QCustomPlot::limAbove);
  main_rect_ = plot_->axisRect();
  main_rect_->setRangeDrag(Qt::Horizontal);
  main_rect_->setRangeZoom(Qt::Horizontal);
  putLegendAbove(plot_, 8);
  plot_->legend->setSelectableParts(QCPLegend::spNone);

  // The rolling error, under the forecast on the same time axis.
  mae_rect_ = new QCPAxisRect(plot_);
  plot_->plotLayout()->addElement(2, 0, mae_rect_);
  plot_->plotLayout()->setRowStretchFactor(1, 3);
  plot_->plotLayout()->setRowStretchFactor(2, 1);
  mae_rect_->setRangeDrag(Qt::Horizontal);
  mae_rect_->setRangeZoom(Qt::Horizontal);
  auto* margins = new QCPMarginGroup(plot_);
  main_rect_->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
  mae_rect_->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
  main_rect_->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msTop);
  main_rect_->setMargins(QMargins(0, 0, 0, 4));
  mae_rect_->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msBottom);
  mae_rect_->setMargins(QMargins(0, 4, 0, 0));
  plot_->xAxis->setTickLabels(false);
  mae_rect_->axis(QCPAxis::atLeft)->setLabel(tr("MAE"));
  mae_rect_->axis(QCPAxis::atLeft)->ticker()->setTickCount(3);
  connect(plot_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), mae_rect_->axis(QCPAxis::atBottom),
          qOverload<const QCPRange&>(&QCPAxis::setRange));
  connect(mae_rect_->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged), plot_->xAxis,
          qOverload<const QCPRange&>(&QCPAxis::setRange));

  now_line_ = new QCPItemStraightLine(plot_);
  now_line_->setClipAxisRect(main_rect_);
  now_line_->point1->setAxes(plot_->xAxis, plot_->yAxis);
  now_line_->point2->setAxes(plot_->xAxis, plot_->yAxis);
  now_line_->setSelectable(false);
  now_line_->setVisible(false);
  ahead_band_ = new QCPItemRect(plot_);
  ahead_band_->setClipAxisRect(main_rect_);
  ahead_band_->setLayer(QStringLiteral("grid"));
  for (QCPItemPosition* p : {ahead_band_->topLeft, ahead_band_->bottomRight}) {
    p->setAxes(plot_->xAxis, plot_->yAxis);
    p->setAxisRect(main_rect_);
    p->setTypeX(QCPItemPosition::ptPlotCoords);
    p->setTypeY(QCPItemPosition::ptAxisRectRatio);
  }
  ahead_band_->setSelectable(false);
  ahead_band_->setVisible(false);
  mae_text_ = new QCPItemText(plot_);
  mae_text_->setClipAxisRect(mae_rect_);
  mae_text_->position->setAxisRect(mae_rect_);
  mae_text_->position->setType(QCPItemPosition::ptAxisRectRatio);
  mae_text_->position->setCoords(0.005, 0.04);
  mae_text_->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
  mae_text_->setTextAlignment(Qt::AlignLeft);
  mae_text_->setPadding(QMargins(4, 1, 4, 1));
  mae_text_->setSelectable(false);

  setKeyAxis(plot_, false, tr("sample"));
  mae_rect_->axis(QCPAxis::atBottom)->setTicker(plot_->xAxis->ticker());
  mae_rect_->axis(QCPAxis::atBottom)->setLabel(tr("sample"));
  plot_->xAxis->setLabel(QString());

  connect(channel_, &QComboBox::currentIndexChanged, this, [this] { rebuildGraphs(); });
  connect(window_, &QComboBox::currentIndexChanged, this, [this] { setDisplayPoints(window_->currentData().toInt()); });
  connect(follow_, &QCheckBox::toggled, this, [this](bool on) {
    if (on) {
      rescale();
      plot_->replot(QCustomPlot::rpQueuedReplot);
    }
  });
  // Dragging or zooming the time axis stops following the stream.
  connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
    if (e->button() == Qt::LeftButton) follow_->setChecked(false);
  });
  connect(plot_, &QCustomPlot::mouseWheel, this, [this](QWheelEvent*) { follow_->setChecked(false); });
  connect(&Theme::instance(), &Theme::changed, this, &LivePlot::restyle);
  clear();
}

LivePlot::~LivePlot() = default;

void LivePlot::restyle() {
  Theme::stylePlot(plot_);
  const PlotColors& c = Theme::instance().plotColors();
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.9);
  plot_->legend->setFont(small);
  plot_->legend->setBrush(Qt::NoBrush);
  plot_->legend->setBorderPen(Qt::NoPen);
  if (actual_) {
    QColor a = c.foreground;
    a.setAlpha(c.dark ? 220 : 200);
    actual_->setPen(QPen(a, 1.2));
  }
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    const QColor color = modelColor(static_cast<int>(i));
    Track& t = tracks_[i];
    if (t.oneStep) {
      QColor past = color;
      past.setAlpha(170);  // under the actuals, still readable where they differ
      t.oneStep->setPen(QPen(past, 1.1));
    }
    if (t.ahead) {
      t.ahead->setPen(QPen(color, 2.4, Qt::DashLine));
      // Dots mark the steps of a short horizon; a long one is a line.
      t.ahead->setScatterStyle(t.horizon <= 48 ? QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 4) : QCPScatterStyle());
    }
    if (t.mae) t.mae->setPen(QPen(color, 1.4));
  }
  now_line_->setPen(QPen(c.crosshair, 1, Qt::DotLine));
  ahead_band_->setPen(Qt::NoPen);
  ahead_band_->setBrush(c.test);
  mae_text_->setFont(small);
  mae_text_->setColor(c.foreground);
  QColor bg = c.background;
  bg.setAlpha(200);
  mae_text_->setBrush(bg);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void LivePlot::clear() {
  plot_->clearGraphs();
  tracks_.clear();
  actuals_.clear();
  pending_.clear();
  columns_.clear();
  channel_->blockSignals(true);
  channel_->clear();
  channel_->blockSignals(false);
  timed_ = time_decided_ = have_key_ = false;
  last_key_ = 0;
  key_step_ = 1;
  actual_ = plot_->addGraph(plot_->xAxis, plot_->yAxis);
  actual_->setLayer(QStringLiteral("actuals"));
  actual_->setName(tr("actual"));
  actual_->setAdaptiveSampling(true);
  now_line_->setVisible(false);
  ahead_band_->setVisible(false);
  mae_text_->setText(tr("rolling MAE of the one-step forecasts appears here"));
  note_->clear();
  setKeyAxis(plot_, false, QString());
  mae_rect_->axis(QCPAxis::atBottom)->setTicker(plot_->xAxis->ticker());
  mae_rect_->axis(QCPAxis::atBottom)->setLabel(tr("sample"));
  plot_->xAxis->setRange(0, 100);
  plot_->yAxis->setRange(0, 1);
  mae_rect_->axis(QCPAxis::atLeft)->setRange(0, 1);
  restyle();
}

int LivePlot::channel() const { return std::max(0, channel_->currentIndex()); }

void LivePlot::setChannel(int channel) {
  if (channel >= 0 && channel < channel_->count()) channel_->setCurrentIndex(channel);
}

void LivePlot::setDisplayPoints(int points) {
  display_points_ = std::clamp(points, 100, 1000000);
  const int i = window_->findData(display_points_);
  if (i >= 0 && i != window_->currentIndex()) window_->setCurrentIndex(i);
  trim();
  rescale();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void LivePlot::setFollow(bool follow) { follow_->setChecked(follow); }
bool LivePlot::follows() const { return follow_->isChecked(); }

int LivePlot::actualPoints() const { return actual_ ? actual_->dataCount() : 0; }

QString LivePlot::modelLabel(int model) const { return tracks_[static_cast<std::size_t>(model)].label; }

int LivePlot::oneStepPoints(int model) const {
  const Track& t = tracks_[static_cast<std::size_t>(model)];
  return t.oneStep ? t.oneStep->dataCount() : 0;
}

int LivePlot::forecastPoints(int model) const {
  const Track& t = tracks_[static_cast<std::size_t>(model)];
  return t.ahead ? t.ahead->dataCount() : 0;
}

double LivePlot::rollingMae(int model) const {
  const Track& t = tracks_[static_cast<std::size_t>(model)];
  const int c = modelChannel(t, channel());
  if (c < 0 || t.maeCount == 0 || static_cast<std::size_t>(c) >= t.maeNow.size()) return kNaN;
  return t.maeNow[static_cast<std::size_t>(c)];
}

double LivePlot::keyOf(std::int64_t index, std::int64_t timestamp) {
  if (timed_ && timestamp != st::kNoTime) return static_cast<double>(timestamp);
  if (timed_) return last_key_ + key_step_;  // an untimed sample in a timed stream: next slot
  return static_cast<double>(index);
}

int LivePlot::modelChannel(const Track& track, int streamChannel) const {
  if (streamChannel < 0) return -1;
  if (!columns_.empty() && static_cast<std::size_t>(streamChannel) < columns_.size() && !track.columns.empty()) {
    const std::string name = columns_[static_cast<std::size_t>(streamChannel)].toStdString();
    for (std::size_t c = 0; c < track.columns.size(); ++c)
      if (track.columns[c] == name) return static_cast<int>(c);
    // The stream's names are generic ("value 1"): by position.
    if (!columns_[static_cast<std::size_t>(streamChannel)].startsWith(tr("value "))) return -1;
  }
  return static_cast<std::size_t>(streamChannel) < std::max<std::size_t>(track.columns.size(), 1) ? streamChannel : -1;
}

void LivePlot::ensureChannels(const st::SessionUpdate& u) {
  std::vector<QString> names;
  if (!u.columns.empty()) {
    for (const auto& n : u.columns) names.push_back(qs(n));
  } else if (!u.actuals.empty() && columns_.empty()) {
    for (std::size_t c = 0; c < u.actuals.front().values.size(); ++c) names.push_back(tr("value %1").arg(c + 1));
  } else {
    return;
  }
  if (names == columns_) return;
  columns_ = names;
  const QString previous = channel_->currentText();
  channel_->blockSignals(true);
  channel_->clear();
  for (const QString& n : columns_) channel_->addItem(n);
  int pick = channel_->findText(previous);
  if (pick < 0) pick = channel_->findText(QStringLiteral("OT"));  // the ETT datasets' target
  if (pick < 0) pick = static_cast<int>(columns_.size()) - 1;     // targets tend to come last
  channel_->setCurrentIndex(std::max(0, pick));
  channel_->blockSignals(false);
  rebuildGraphs();
}

void LivePlot::ensureTracks(const st::SessionUpdate& u) {
  if (tracks_.size() == u.models.size()) return;
  for (Track& t : tracks_) {
    for (QCPGraph* g : {t.oneStep, t.ahead, t.mae})
      if (g) plot_->removeGraph(g);
  }
  tracks_.clear();
  for (const st::ModelView& m : u.models) {
    Track t;
    t.label = qs(m.label);
    t.columns = m.columns;
    t.horizon = m.horizon;
    t.forecasts = m.task == aaren::Task::Forecast && !m.cost_only;
    if (t.forecasts) {
      t.oneStep = plot_->addGraph(plot_->xAxis, plot_->yAxis);
      t.oneStep->setName(tr("%1, one step ahead").arg(t.label));
      t.ahead = plot_->addGraph(plot_->xAxis, plot_->yAxis);
      t.ahead->setName(tr("%1, next %2").arg(t.label).arg(m.horizon));
      t.mae = plot_->addGraph(mae_rect_->axis(QCPAxis::atBottom), mae_rect_->axis(QCPAxis::atLeft));
      t.mae->removeFromLegend();
    }
    tracks_.push_back(std::move(t));
  }
  restyle();
}

void LivePlot::append(const st::SessionUpdate& u) {
  ensureTracks(u);
  if (!time_decided_ && !u.actuals.empty()) {
    time_decided_ = true;
    timed_ = u.actuals.front().timestamp != st::kNoTime;
    setKeyAxis(plot_, timed_, QString());
    plot_->xAxis->setLabel(QString());
    mae_rect_->axis(QCPAxis::atBottom)->setTicker(plot_->xAxis->ticker());
    mae_rect_->axis(QCPAxis::atBottom)->setLabel(timed_ ? QString() : tr("sample"));
  }
  ensureChannels(u);
  const int ch = channel();

  // The plot shows the stream as the leading forecasting model has consumed it, so actuals,
  // one-step forecasts and the forecast ahead share one "now": samples the models have not
  // reached yet wait here (a replay as fast as possible runs ahead of them).
  for (const st::ActualPoint& a : u.actuals) pending_.push_back(a);
  while (pending_.size() > kMaxPending) pending_.pop_front();
  std::int64_t frontier = std::numeric_limits<std::int64_t>::max();
  bool held = false;
  QString leader;
  for (const st::ModelView& m : u.models) {
    const bool live = m.status == st::ModelStatus::Running || m.status == st::ModelStatus::Waiting;
    if (m.task != aaren::Task::Forecast || m.cost_only || !live) continue;
    const auto consumed = m.last_index + 1;
    if (!held || consumed > frontier) leader = qs(m.label);
    frontier = held ? std::max(frontier, consumed) : consumed;
    held = true;
  }
  std::vector<st::ActualPoint> ready;
  while (!pending_.empty() && pending_.front().index < frontier) {
    ready.push_back(std::move(pending_.front()));
    pending_.pop_front();
  }
  if (!pending_.empty())
    note_->setText(tr("at %1's pace: %2 samples behind the source")
                       .arg(leader, QLocale(QLocale::English).toString(static_cast<qulonglong>(pending_.size()))));
  else if (u.actuals_dropped == 0)
    note_->clear();

  // Only the last display_points_ of a large batch can stay on screen.
  const std::size_t cap = static_cast<std::size_t>(display_points_);
  const std::size_t first = ready.size() > cap ? ready.size() - cap : 0;
  if (first > 0) {
    // What scrolls off at once still moves the key on.
    const auto& skipped = ready[first - 1];
    if (timed_ && skipped.timestamp != st::kNoTime) last_key_ = static_cast<double>(skipped.timestamp);
  }
  QVector<double> keys, values;
  keys.reserve(static_cast<int>(ready.size() - first));
  values.reserve(keys.capacity());
  bool sorted = true;
  for (std::size_t i = first; i < ready.size(); ++i) {
    const st::ActualPoint& a = ready[i];
    const double key = keyOf(a.index, a.timestamp);
    if (have_key_) {
      if (key < last_key_) sorted = false;
      else if (key > last_key_) key_step_ = key - last_key_;
    }
    last_key_ = key;
    have_key_ = true;
    const double v = static_cast<std::size_t>(ch) < a.values.size() ? a.values[static_cast<std::size_t>(ch)] : kNaN;
    keys.push_back(key);
    values.push_back(v);
    actuals_.push_back({key, a.values});
  }
  if (!keys.isEmpty()) actual_->addData(keys, values, sorted);

  for (std::size_t m = 0; m < tracks_.size() && m < u.models.size(); ++m) {
    Track& t = tracks_[m];
    const st::ModelView& view = u.models[m];
    if (!t.forecasts) continue;
    const int mc = modelChannel(t, ch);
    const std::size_t firstStep = view.one_step.size() > cap ? view.one_step.size() - cap : 0;
    QVector<double> k, v;
    for (std::size_t i = firstStep; i < view.one_step.size(); ++i) {
      const st::OneStepPoint& p = view.one_step[i];
      const double key = timed_ && p.timestamp != st::kNoTime ? static_cast<double>(p.timestamp) : timed_ ? last_key_ : static_cast<double>(p.index);
      k.push_back(key);
      v.push_back(mc >= 0 && static_cast<std::size_t>(mc) < p.values.size() ? p.values[static_cast<std::size_t>(mc)] : kNaN);
      t.points.push_back({key, p.values});
    }
    if (!k.isEmpty()) t.oneStep->addData(k, v, true);
    t.forecast = view.forecast;
    t.forecastKeys.clear();
    if (!view.forecast.empty() && view.horizon > 0) {
      // Where the forecast's steps fall: their timestamps, else the sample numbers after its origin.
      for (std::int64_t h = 0; h < view.horizon; ++h) {
        double key;
        if (timed_ && static_cast<std::size_t>(h) < view.forecast_times.size())
          key = static_cast<double>(view.forecast_times[static_cast<std::size_t>(h)]);
        else if (timed_)
          key = last_key_ + key_step_ * static_cast<double>(h + 1);
        else
          key = static_cast<double>(view.forecast_origin + 1 + h);
        t.forecastKeys.push_back(key);
      }
    }
    updateAhead(t);
    t.maeNow = view.rolling_mae;
    t.maeCount = view.mae_count;
    if (view.mae_count > 0 && have_key_) {
      t.maeHistory.push_back({last_key_, view.rolling_mae});
      const double e = mc >= 0 && static_cast<std::size_t>(mc) < view.rolling_mae.size() ? view.rolling_mae[static_cast<std::size_t>(mc)] : kNaN;
      t.mae->addData(last_key_, e);
    }
  }
  trim();
  if (have_key_) {
    now_line_->point1->setCoords(last_key_, 0);
    now_line_->point2->setCoords(last_key_, 1);
    now_line_->setVisible(true);
    double end = last_key_;
    for (const Track& t : tracks_)
      if (!t.forecastKeys.empty()) end = std::max(end, t.forecastKeys.back());
    ahead_band_->topLeft->setCoords(last_key_, 0);
    ahead_band_->bottomRight->setCoords(end, 1);
    ahead_band_->setVisible(end > last_key_);
  }
  updateMaeText();
  if (u.actuals_dropped > 0 && pending_.empty()) {
    note_->setText(tr("%1 samples not drawn").arg(QLocale(QLocale::English).toString(static_cast<qulonglong>(u.actuals_dropped))));
    note_->setToolTip(tr("They arrived faster than the display takes them; the models still saw every one."));
  }
  rescale();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void LivePlot::updateAhead(Track& t) {
  if (!t.ahead) return;
  const int mc = modelChannel(t, channel());
  const std::size_t channels = t.columns.empty() ? 1 : t.columns.size();
  QVector<double> k, v;
  if (mc >= 0 && !t.forecastKeys.empty() && t.forecast.size() >= t.forecastKeys.size() * channels) {
    // Joined to the last one-step point so the line starts where the model stands.
    if (!t.points.empty() && static_cast<std::size_t>(mc) < t.points.back().values.size()) {
      k.push_back(t.points.back().key);
      v.push_back(t.points.back().values[static_cast<std::size_t>(mc)]);
    }
    for (std::size_t h = 0; h < t.forecastKeys.size(); ++h) {
      if (!k.isEmpty() && t.forecastKeys[h] <= k.back()) continue;
      k.push_back(t.forecastKeys[h]);
      v.push_back(t.forecast[h * channels + static_cast<std::size_t>(mc)]);
    }
  }
  t.ahead->setData(k, v, true);
}

void LivePlot::updateMaeText() {
  QStringList parts;
  std::size_t count = 0;
  const int ch = channel();
  for (std::size_t m = 0; m < tracks_.size(); ++m) {
    const Track& t = tracks_[m];
    if (!t.forecasts) continue;
    const int mc = modelChannel(t, ch);
    QString value = QStringLiteral("—");
    if (t.maeCount > 0 && mc >= 0 && static_cast<std::size_t>(mc) < t.maeNow.size()) value = formatValue(t.maeNow[static_cast<std::size_t>(mc)]);
    parts << QStringLiteral("%1 %2").arg(t.label, value);
    count = std::max(count, t.maeCount);
  }
  if (parts.isEmpty()) {
    mae_text_->setText(tr("no forecasting model in this stream"));
    return;
  }
  mae_text_->setText(tr("rolling MAE, last %1 one-step forecasts:  ").arg(count) + parts.join(QStringLiteral("   ")));
}

void LivePlot::trim() {
  const std::size_t cap = static_cast<std::size_t>(display_points_);
  while (actuals_.size() > cap) actuals_.pop_front();
  if (actuals_.empty()) return;
  const double cutoff = actuals_.front().key;
  actual_->data()->removeBefore(cutoff);
  for (Track& t : tracks_) {
    while (!t.points.empty() && t.points.front().key < cutoff) t.points.pop_front();
    while (!t.maeHistory.empty() && t.maeHistory.front().key < cutoff) t.maeHistory.pop_front();
    if (t.oneStep) t.oneStep->data()->removeBefore(cutoff);
    if (t.mae) t.mae->data()->removeBefore(cutoff);
  }
}

void LivePlot::rebuildGraphs() {
  const int ch = channel();
  QVector<double> k, v;
  k.reserve(static_cast<int>(actuals_.size()));
  v.reserve(static_cast<int>(actuals_.size()));
  for (const Point& p : actuals_) {
    k.push_back(p.key);
    v.push_back(static_cast<std::size_t>(ch) < p.values.size() ? p.values[static_cast<std::size_t>(ch)] : kNaN);
  }
  if (actual_) actual_->setData(k, v, false);
  for (Track& t : tracks_) {
    if (!t.forecasts) continue;
    const int mc = modelChannel(t, ch);
    auto column = [mc](const std::deque<Point>& points, QVector<double>& keys, QVector<double>& values) {
      keys.clear();
      values.clear();
      for (const Point& p : points) {
        keys.push_back(p.key);
        values.push_back(mc >= 0 && static_cast<std::size_t>(mc) < p.values.size() ? p.values[static_cast<std::size_t>(mc)] : kNaN);
      }
    };
    column(t.points, k, v);
    t.oneStep->setData(k, v, false);
    column(t.maeHistory, k, v);
    t.mae->setData(k, v, false);
    updateAhead(t);
  }
  const QString name = columns_.empty() || static_cast<std::size_t>(ch) >= columns_.size() ? QString() : columns_[static_cast<std::size_t>(ch)];
  actual_->setName(name.isEmpty() ? tr("actual") : tr("actual %1").arg(name));
  updateMaeText();
  rescale();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void LivePlot::rescale() {
  if (!follow_->isChecked() || actuals_.empty()) return;
  double lo = actuals_.front().key, hi = last_key_;
  for (const Track& t : tracks_)
    if (!t.forecastKeys.empty()) hi = std::max(hi, t.forecastKeys.back());
  if (hi <= lo) hi = lo + 1;
  plot_->xAxis->setRange(lo, hi + (hi - lo) * 0.01);
  const QCPRange keys = plot_->xAxis->range();
  // Values over what is shown.
  bool found = false;
  QCPRange value;
  auto include = [&](QCPGraph* g) {
    if (!g || g->dataCount() == 0) return;
    bool f = false;
    const QCPRange r = g->getValueRange(f, QCP::sdBoth, keys);
    if (!f) return;
    value = found ? QCPRange(std::min(value.lower, r.lower), std::max(value.upper, r.upper)) : r;
    found = true;
  };
  include(actual_);
  for (const Track& t : tracks_) {
    include(t.oneStep);
    include(t.ahead);
  }
  if (found) {
    double pad = (value.upper - value.lower) * 0.06;
    if (pad <= 0) pad = std::abs(value.upper) > 0 ? std::abs(value.upper) * 0.1 : 1;
    plot_->yAxis->setRange(value.lower - pad, value.upper + pad);
  }
  bool maeFound = false;
  double maeHi = 0;
  for (const Track& t : tracks_) {
    if (!t.mae || t.mae->dataCount() == 0) continue;
    bool f = false;
    const QCPRange r = t.mae->getValueRange(f, QCP::sdBoth, keys);
    if (f) {
      maeHi = maeFound ? std::max(maeHi, r.upper) : r.upper;
      maeFound = true;
    }
  }
  // Room above the line for the read-out.
  mae_rect_->axis(QCPAxis::atLeft)->setRange(0, maeFound && maeHi > 0 ? maeHi * 1.45 : 1);
}

}  // namespace aaren::ui
