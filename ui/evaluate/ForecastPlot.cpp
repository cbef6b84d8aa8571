#include "ui/evaluate/ForecastPlot.h"

#include "ui/QCustomPlot.h"
#include "ui/Theme.h"
#include "ui/explore/PlotSupport.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace aaren::ui {

ForecastPlot::ForecastPlot(QWidget* parent)
    : QWidget(parent),
      mode_(new QComboBox(this)),
      channel_(new QComboBox(this)),
      steps_(new QSpinBox(this)),
      origin_(new QSlider(Qt::Horizontal, this)),
      origin_label_(new QLabel(this)),
      note_(new QLabel(this)),
      plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* bar = new QHBoxLayout;
  bar->addWidget(new QLabel(tr("Channel:"), this));
  channel_->setToolTip(tr("The channel to plot"));
  channel_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  bar->addWidget(channel_);
  bar->addSpacing(10);
  mode_->addItem(tr("Steps ahead over the test part"));
  mode_->addItem(tr("One forecast"));
  mode_->setToolTip(tr("Steps ahead: at every time of the test part, the forecast made that many steps before it.\n"
                       "One forecast: the whole horizon forecast from one point, with what actually followed."));
  bar->addWidget(mode_);
  bar->addSpacing(10);
  bar->addWidget(new QLabel(tr("Horizon step:"), this));
  steps_->setRange(1, 1);
  steps_->setToolTip(tr("How many steps ahead the plotted forecasts were made (1 = the next step)"));
  bar->addWidget(steps_);
  bar->addSpacing(10);
  origin_->setToolTip(tr("Where the forecast starts"));
  origin_->setMinimumWidth(180);
  bar->addWidget(origin_, 1);
  bar->addWidget(origin_label_);
  bar->addStretch(0);
  layout->addLayout(bar);
  note_->setWordWrap(true);
  note_->setVisible(false);
  layout->addWidget(note_);
  layout->addWidget(plot_, 1);
  plot_->setPlottingHints(QCP::phFastPolylines | QCP::phCacheLabels);

  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->axisRect()->setRangeDrag(Qt::Horizontal);
  plot_->axisRect()->setRangeZoom(Qt::Horizontal);
  history_ = plot_->addGraph();
  history_->setName(tr("history (input)"));
  actual_ = plot_->addGraph();
  actual_->setName(tr("actual"));
  forecast_ = plot_->addGraph();
  forecast_->setName(tr("forecast"));
  putLegendAbove(plot_, 3);

  connect(mode_, &QComboBox::currentIndexChanged, this, &ForecastPlot::redraw);
  connect(channel_, &QComboBox::currentIndexChanged, this, &ForecastPlot::redraw);
  connect(steps_, &QSpinBox::valueChanged, this, &ForecastPlot::redraw);
  connect(origin_, &QSlider::valueChanged, this, &ForecastPlot::redraw);
  connect(&Theme::instance(), &Theme::changed, this, &ForecastPlot::restyle);
  restyle();
  setOutcome(nullptr);
}

void ForecastPlot::restyle() {
  Theme::stylePlot(plot_);
  const QColor fg = Theme::instance().plotColors().foreground;
  QColor hist = fg;
  hist.setAlpha(110);
  history_->setPen(QPen(hist, 1.2));
  actual_->setPen(QPen(fg, 1.3));
  forecast_->setPen(QPen(seriesColor(3), 1.8));
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

double ForecastPlot::keyOf(std::int64_t row) const {
  if (timed_ && outcome_ && outcome_->dataset) {
    const auto& ts = outcome_->dataset->series.timestamps;
    if (row >= 0 && static_cast<std::size_t>(row) < ts.size()) return static_cast<double>(ts[static_cast<std::size_t>(row)]);
  }
  return static_cast<double>(row);
}

void ForecastPlot::setOutcome(const OutcomePtr& outcome) {
  outcome_ = outcome && outcome->forecast && outcome->dataset && outcome->forecast->windows.windows() > 0 ? outcome : nullptr;
  const QSignalBlocker b1(channel_), b2(steps_), b3(origin_);
  const int oldChannel = channel_->currentIndex();
  channel_->clear();
  if (!outcome_) {
    note_->setText(outcome && outcome->forecast ? tr("No forecasts to plot: no epoch finished.") : QString());
    note_->setVisible(!note_->text().isEmpty());
    history_->data()->clear();
    actual_->data()->clear();
    forecast_->data()->clear();
    plot_->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  note_->setVisible(false);
  const auto& w = outcome_->forecast->windows;
  timed_ = outcome_->dataset->series.hasTime();
  setKeyAxis(plot_, timed_);
  for (const auto& c : w.columns) channel_->addItem(QString::fromStdString(c));
  // The target channel of ETT data is OT, the last one: start there.
  channel_->setCurrentIndex(oldChannel >= 0 && oldChannel < channel_->count() ? oldChannel : channel_->count() - 1);
  steps_->setRange(1, static_cast<int>(w.horizon));
  steps_->setSuffix(tr(" of %1").arg(w.horizon));
  origin_->setRange(0, static_cast<int>(w.windows()) - 1);
  origin_->setValue(static_cast<int>(w.windows()) / 2);
  forecast_->setName(outcome_->forecast->baselineName.empty()
                         ? tr("forecast (%1)").arg(outcome_->modelName)
                         : tr("forecast (%1 baseline)").arg(QString::fromStdString(outcome_->forecast->baselineName)));
  redraw();
  plot_->rescaleAxes();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ForecastPlot::setMode(Mode m) { mode_->setCurrentIndex(m == Mode::StepsAhead ? 0 : 1); }
void ForecastPlot::setChannel(int c) { channel_->setCurrentIndex(c); }
void ForecastPlot::setStepsAhead(int s) { steps_->setValue(s); }
void ForecastPlot::setOrigin(int w) { origin_->setValue(w); }

void ForecastPlot::redraw() {
  const bool steps = mode_->currentIndex() == 0;
  steps_->setEnabled(steps);
  origin_->setVisible(!steps);
  origin_label_->setVisible(!steps);
  if (!outcome_) return;
  const auto& f = *outcome_->forecast;
  const auto& w = f.windows;
  const auto& s = outcome_->dataset->series;
  const int c = std::max(channel_->currentIndex(), 0);
  // The series column of this channel (the model may use a subset of the columns).
  const auto col = s.find(w.columns[static_cast<std::size_t>(c)]);
  QVector<QCPGraphData> actual, forecast, history;
  if (steps) {
    const int h = steps_->value();
    // Actual values over the forecast targets of the test part.
    const std::int64_t first = w.origin_rows.front() + 1, last = w.origin_rows.back() + w.horizon;
    for (std::int64_t r = first; r <= last && col; ++r) actual.append(QCPGraphData(keyOf(r), s.at(static_cast<std::size_t>(r), *col)));
    for (std::size_t i = 0; i < w.windows(); ++i)
      forecast.append(QCPGraphData(keyOf(w.origin_rows[i] + h), w.value(i, h - 1, c)));
    plot_->yAxis->setLabel(QString());
  } else {
    const auto i = static_cast<std::size_t>(std::clamp(origin_->value(), 0, static_cast<int>(w.windows()) - 1));
    const std::int64_t origin = w.origin_rows[i];
    const std::int64_t lookback = outcome_->model.valid() ? outcome_->model.lookback() : outcome_->setup.forecast.prep.lookback;
    for (std::int64_t r = std::max<std::int64_t>(0, origin - lookback + 1); r <= origin && col; ++r)
      history.append(QCPGraphData(keyOf(r), s.at(static_cast<std::size_t>(r), *col)));
    for (std::int64_t k = 0; k < w.horizon; ++k) {
      actual.append(QCPGraphData(keyOf(origin + 1 + k), w.actualValue(i, k, c)));
      forecast.append(QCPGraphData(keyOf(origin + 1 + k), w.value(i, k, c)));
    }
    // Join the forecast to the last input value.
    if (!history.isEmpty()) forecast.prepend(history.back());
    origin_label_->setText(formatKey(keyOf(origin), timed_));
  }
  history_->data()->set(history, true);
  actual_->data()->set(actual, true);
  forecast_->data()->set(forecast, true);
  history_->setVisible(!steps);
  if (steps) history_->removeFromLegend();
  else if (!plot_->legend->hasItemWithPlottable(history_)) history_->addToLegend();
  plot_->rescaleAxes();
  const QCPRange y = plot_->yAxis->range();
  plot_->yAxis->setRange(y.lower - y.size() * 0.05, y.upper + y.size() * 0.05);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

int ForecastPlot::actualPoints() const { return actual_->data()->size(); }
int ForecastPlot::forecastPoints() const { return forecast_->data()->size(); }
double ForecastPlot::forecastValueAt(int index) const { return forecast_->data()->at(index)->value; }
double ForecastPlot::forecastKeyAt(int index) const { return forecast_->data()->at(index)->key; }

}  // namespace aaren::ui
