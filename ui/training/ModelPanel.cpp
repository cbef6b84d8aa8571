#include "ui/training/ModelPanel.h"

#include "core/models/ModelOptions.h"
#include "core/train/WindowFit.h"
#include "ui/Plural.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace aaren::ui {

namespace tr = aaren::train;

namespace {

QSpinBox* spin(QWidget* parent, int lo, int hi, int step, const QString& tip) {
  auto* s = new QSpinBox(parent);
  s->setRange(lo, hi);
  s->setSingleStep(step);
  s->setToolTip(tip);
  s->setAccelerated(true);
  return s;
}

QDoubleSpinBox* dspin(QWidget* parent, double lo, double hi, double step, int decimals, const QString& tip) {
  auto* s = new QDoubleSpinBox(parent);
  s->setRange(lo, hi);
  s->setSingleStep(step);
  s->setDecimals(decimals);
  s->setToolTip(tip);
  return s;
}

QFormLayout* form(QGroupBox* box) {
  auto* f = new QFormLayout(box);
  f->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  f->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return f;
}

}  // namespace

ModelPanel::ModelPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);

  auto* top = new QGroupBox(tr("Model"), this);
  auto* tf = form(top);
  model_ = new QComboBox(top);
  model_->addItem(tr("Aaren (attention as an RNN)"), static_cast<int>(ModelChoice::Aaren));
  model_->addItem(tr("Transformer (causal, KV cache)"), static_cast<int>(ModelChoice::Transformer));
  model_->addItem(tr("Baselines only (naive, seasonal, linear, RLinear, cycle)"), static_cast<int>(ModelChoice::BaselinesOnly));
  model_->setToolTip(tr("Aaren: attention computed as a recurrence — trains in parallel, then updates in constant time and memory "
                        "per new sample.\nTransformer: the same widths with causal self-attention; its KV cache grows with the stream.\n"
                        "Baselines only: the naive, seasonal-naive, linear, RLinear and (sub-daily data) daily cycle + linear forecasts, no network.\nThe baselines are scored "
                        "beside every network on the same test windows."));
  tf->addRow(tr("&Model:"), model_);
  task_ = new QLabel(top);
  tf->addRow(tr("Task:"), task_);
  layout->addWidget(top);

  arch_ = new QGroupBox(tr("Architecture"), this);
  auto* af = form(arch_);
  d_model_ = spin(arch_, 8, 1024, 8, tr("Width of every token's representation (default 64). Must be a multiple of the heads."));
  af->addRow(tr("d_&model:"), d_model_);
  heads_ = spin(arch_, 1, 32, 1, tr("Attention heads per layer (default 4); each has d_model / heads dimensions and, in Aaren, its own learned query."));
  af->addRow(tr("&Heads:"), heads_);
  layers_ = spin(arch_, 1, 16, 1, tr("Stacked blocks (default 2)."));
  af->addRow(tr("&Layers:"), layers_);
  d_ff_ = spin(arch_, 8, 8192, 16, tr("Width of each block's feed-forward layer (default 128)."));
  af->addRow(tr("Feed-&forward:"), d_ff_);
  dropout_ = dspin(arch_, 0, 0.9, 0.05, 2, tr("Dropout probability during training (default 0.1)."));
  af->addRow(tr("&Dropout:"), dropout_);
  channel_independent_ = new QCheckBox(tr("Channel-independent"), arch_);
  channel_independent_->setToolTip(tr("Every channel runs as its own univariate sequence through shared weights (default on). "
                                      "Usually more accurate on ETT-like data."));
  af->addRow(QString(), channel_independent_);
  delta_ = new QCheckBox(tr("Predict changes from the last value"), arch_);
  delta_->setToolTip(tr("The head predicts x[t+k] − x[t] and adds x[t] back (default on): a naive forecast is the starting point."));
  af->addRow(QString(), delta_);
  calendar_ = new QCheckBox(tr("Calendar features"), arch_);
  calendar_->setToolTip(tr("Add time-of-day, day-of-week and day-of-year inputs from the timestamps (default off)."));
  af->addRow(QString(), calendar_);
  daily_cycle_ = spin(arch_, 0, 64, 1, tr("A per-channel daily cycle, as a Fourier series of this many harmonics of the time of day "
                                          "(default 12: any shape over 24 hours), fitted by least squares on the training rows, taken "
                                          "out of the inputs and put back into the forecast at each step's time of day. 0 = none. "
                                          "Needs timestamps at a step shorter than a day, at most half the samples in a day; "
                                          "ignored otherwise."));
  daily_cycle_tip_ = daily_cycle_->toolTip();
  daily_cycle_->setSpecialValueText(tr("none"));
  af->addRow(tr("Daily c&ycle:"), daily_cycle_);
  linear_skip_ = new QCheckBox(tr("Linear skip"), arch_);
  linear_skip_->setToolTip(tr("Add a linear map of the input window to the forecast, started from its least-squares fit, so the "
                              "network learns only what a linear forecast misses (default on)."));
  af->addRow(QString(), linear_skip_);
  pooling_ = new QComboBox(arch_);
  pooling_->addItem(tr("Last state"));
  pooling_->addItem(tr("Mean over steps"));
  pooling_->setToolTip(tr("Classification: classify from the final state (default) or the mean over all valid steps."));
  af->addRow(tr("&Pooling:"), pooling_);
  layout->addWidget(arch_);

  data_ = new QGroupBox(tr("Data"), this);
  auto* df = form(data_);
  lookback_ = spin(data_, 4, 8192, 8, tr("Input window: the rows the model sees before forecasting (default 96)."));
  df->addRow(tr("Loo&kback:"), lookback_);
  lookback_search_ = new QCheckBox(tr("Try longer lookbacks"), data_);
  lookback_search_->setToolTip(tr("Also try 2×, 4×, … the lookback up to 512 and keep the shortest whose least-squares fit is within "
                                  "one standard error of the best on the validation part (needs the linear skip). Aaren's state does "
                                  "not grow with the window; the choice is shown with the results."));
  df->addRow(QString(), lookback_search_);
  horizon_ = spin(data_, 1, 2048, 1, tr("Steps forecast ahead, for every channel (default 96)."));
  df->addRow(tr("Hori&zon:"), horizon_);
  split_ = new QComboBox(data_);
  split_->addItem(tr("Automatic"));
  split_->addItem(tr("ETT: 12 / 4 / 4 months"));
  split_->addItem(tr("Ratios"));
  split_->setToolTip(tr("How the rows are split in time order into training, validation and test parts.\nAutomatic: the ETT "
                        "convention for ETT files (12/4/4 months of 30 days), the ratios otherwise."));
  df->addRow(tr("&Split:"), split_);
  train_ratio_ = dspin(data_, 0.05, 0.95, 0.05, 2, tr("Share of the rows for training (default 0.7); the test part is what is left after validation."));
  df->addRow(tr("Train share:"), train_ratio_);
  val_ratio_ = dspin(data_, 0.0, 0.9, 0.05, 2, tr("Share of the rows for validation (default 0.1): early stopping and the best checkpoint."));
  df->addRow(tr("Validation share:"), val_ratio_);
  scaler_ = new QComboBox(data_);
  scaler_->addItems({tr("Standardise"), tr("Min–max")});
  scaler_->setToolTip(tr("Per-channel scaling fitted on the training part only (default: standardise). Metrics are on scaled values."));
  df->addRow(tr("Scaler:"), scaler_);
  missing_ = new QComboBox(data_);
  missing_->addItems({tr("Interpolate"), tr("Forward fill"), tr("Drop rows")});
  missing_->setToolTip(tr("What happens to missing values before training (default: linear interpolation in time)."));
  df->addRow(tr("Missing values:"), missing_);
  layout->addWidget(data_);

  training_ = new QGroupBox(tr("Training"), this);
  auto* trf = form(training_);
  epochs_ = spin(training_, 1, 1000, 1, tr("Maximum passes over the training windows. Early stopping may end sooner."));
  trf->addRow(tr("&Epochs:"), epochs_);
  batch_ = spin(training_, 1, 4096, 8, tr("Windows (or cases) per optimiser step (default 64)."));
  trf->addRow(tr("&Batch size:"), batch_);
  lr_ = dspin(training_, 1e-6, 1.0, 1e-4, 6, tr("Peak learning rate of AdamW (default 0.001), after a linear warm-up, then cosine decay."));
  trf->addRow(tr("Learning &rate:"), lr_);
  weight_decay_ = dspin(training_, 0, 1, 1e-4, 6, tr("AdamW weight decay (default 0.0001)."));
  trf->addRow(tr("Weight decay:"), weight_decay_);
  patience_ = spin(training_, 0, 1000, 1, tr("Early stopping: stop after this many epochs without a better validation loss (0 = never)."));
  trf->addRow(tr("Patience:"), patience_);
  clip_ = dspin(training_, 0, 100, 0.5, 2, tr("Clip the gradient norm to this value (default 1; 0 = off)."));
  trf->addRow(tr("Gradient clip:"), clip_);
  seed_ = spin(training_, 0, 2147483647, 1, tr("Random seed: the same seed and settings train the same model."));
  trf->addRow(tr("Seed:"), seed_);
  stride_ = spin(training_, 1, 512, 1, tr("Forecasting: train on every k-th window (default here 4, for a quick first run; 1 uses them all)."));
  trf->addRow(tr("Window stride:"), stride_);
  max_val_ = spin(training_, 0, 1000000, 256, tr("Forecasting: validate on at most this many evenly spaced windows (0 = all)."));
  trf->addRow(tr("Validation windows:"), max_val_);
  threads_ = spin(training_, 0, 256, 1, tr("LibTorch threads for training (0 = one per core)."));
  trf->addRow(tr("Threads:"), threads_);
  layout->addWidget(training_);

  problem_ = new QLabel(this);
  problem_->setTextFormat(Qt::PlainText);  // names columns: never HTML
  problem_->setWordWrap(true);
  problem_->setStyleSheet(QStringLiteral("color: #d55e00;"));
  // At the top, above the groups: the form scrolls, and what blocks Train must be in view.
  layout->insertWidget(0, problem_);
  fit_window_ = new QPushButton(this);
  fit_window_->setObjectName(QStringLiteral("fitWindow"));
  fit_window_->setToolTip(tr("Set the lookback and horizon to a pair that leaves training, validation and test windows in this series."));
  fit_window_->setVisible(false);
  connect(fit_window_, &QPushButton::clicked, this, &ModelPanel::useFittingWindow);
  layout->insertWidget(1, fit_window_, 0, Qt::AlignLeft);
  auto* reset = new QPushButton(tr("Reset to defaults"), this);
  reset->setToolTip(tr("Every setting back to its default"));
  connect(reset, &QPushButton::clicked, this, &ModelPanel::resetToDefaults);
  layout->addWidget(reset, 0, Qt::AlignLeft);
  layout->addStretch(1);

  for (QSpinBox* s : {d_model_, heads_, layers_, d_ff_, daily_cycle_, lookback_, horizon_, epochs_, batch_, patience_, seed_, stride_, max_val_, threads_})
    connect(s, &QSpinBox::valueChanged, this, &ModelPanel::emitChanged);
  for (QDoubleSpinBox* s : {dropout_, train_ratio_, val_ratio_, lr_, weight_decay_, clip_})
    connect(s, &QDoubleSpinBox::valueChanged, this, &ModelPanel::emitChanged);
  for (QComboBox* c : {model_, pooling_, split_, scaler_, missing_}) connect(c, &QComboBox::currentIndexChanged, this, &ModelPanel::emitChanged);
  for (QCheckBox* c : {channel_independent_, delta_, calendar_, linear_skip_, lookback_search_}) connect(c, &QCheckBox::toggled, this, &ModelPanel::emitChanged);

  setSetup(defaultSetup());
}

void ModelPanel::resetToDefaults() {
  TrainingSetup s = defaultSetup();
  if (dataset_) s = adaptedTo(s, *dataset_);
  setSetup(s);
}

void ModelPanel::setDataset(const DatasetPtr& dataset) {
  TrainingSetup s = setup();  // read with the fields of the previous dataset's kind
  dataset_ = dataset;
  classify_ = dataset && dataset->kind == Dataset::Kind::Classify;
  if (dataset) s = adaptedTo(s, *dataset);
  setSetup(s);
}

void ModelPanel::setSetup(const TrainingSetup& s) {
  filling_ = true;
  base_ = s;
  model_->setCurrentIndex(model_->findData(static_cast<int>(s.choice)));
  const aaren::ModelOptions& m = classify_ ? s.classify.model : s.forecast.model;
  d_model_->setValue(static_cast<int>(m.d_model));
  heads_->setValue(static_cast<int>(m.heads));
  layers_->setValue(static_cast<int>(m.layers));
  d_ff_->setValue(static_cast<int>(m.d_ff));
  dropout_->setValue(m.dropout);
  channel_independent_->setChecked(s.forecast.model.channel_independent);
  delta_->setChecked(s.forecast.model.predict_delta);
  calendar_->setChecked(s.forecast.prep.calendar);
  daily_cycle_->setValue(static_cast<int>(s.forecast.model.daily_cycle));
  linear_skip_->setChecked(s.forecast.model.linear_skip);
  lookback_search_->setChecked(s.forecast.lookback_search);
  pooling_->setCurrentIndex(s.classify.model.pooling == aaren::Pooling::Mean ? 1 : 0);
  const auto& p = s.forecast.prep;
  lookback_->setValue(static_cast<int>(p.lookback));
  horizon_->setValue(static_cast<int>(p.horizon));
  split_->setCurrentIndex(s.autoSplit ? 0 : p.split == tr::SplitKind::Ett ? 1 : 2);
  train_ratio_->setValue(p.train_ratio);
  val_ratio_->setValue(p.val_ratio);
  scaler_->setCurrentIndex(p.scaler == aaren::data::ScalerKind::MinMax ? 1 : 0);
  missing_->setCurrentIndex(p.missing == aaren::data::MissingPolicy::ForwardFill ? 1 : p.missing == aaren::data::MissingPolicy::Drop ? 2 : 0);
  const tr::TrainOptions& t = classify_ ? s.classify.train : s.forecast.train;
  epochs_->setValue(static_cast<int>(t.epochs));
  batch_->setValue(static_cast<int>(t.batch_size));
  lr_->setValue(t.learning_rate);
  weight_decay_->setValue(t.weight_decay);
  patience_->setValue(static_cast<int>(t.patience));
  clip_->setValue(t.grad_clip);
  seed_->setValue(static_cast<int>(std::min<std::uint64_t>(t.seed, 2147483647)));
  stride_->setValue(static_cast<int>(s.forecast.train.train_stride));
  max_val_->setValue(static_cast<int>(s.forecast.train.max_val_windows));
  threads_->setValue(t.threads);
  filling_ = false;
  updateVisibility();
  emitChanged();
}

TrainingSetup ModelPanel::setup() const {
  TrainingSetup s = base_;
  s.choice = static_cast<ModelChoice>(model_->currentData().toInt());
  auto applyModel = [&](aaren::ModelOptions& m) {
    m.type = s.choice == ModelChoice::Transformer ? aaren::ModelType::Transformer : aaren::ModelType::Aaren;
    m.d_model = d_model_->value();
    m.heads = heads_->value();
    m.layers = layers_->value();
    m.d_ff = d_ff_->value();
    m.dropout = dropout_->value();
  };
  auto applyTrain = [&](tr::TrainOptions& t) {
    t.epochs = epochs_->value();
    t.batch_size = batch_->value();
    t.learning_rate = lr_->value();
    t.weight_decay = weight_decay_->value();
    t.patience = patience_->value();
    t.grad_clip = clip_->value();
    t.seed = static_cast<std::uint64_t>(seed_->value());
    t.threads = threads_->value();
  };
  if (classify_) {
    applyModel(s.classify.model);
    s.classify.model.pooling = pooling_->currentIndex() == 1 ? aaren::Pooling::Mean : aaren::Pooling::Last;
    applyTrain(s.classify.train);
  } else {
    applyModel(s.forecast.model);
    s.forecast.model.channel_independent = channel_independent_->isChecked();
    s.forecast.model.predict_delta = delta_->isChecked();
    s.forecast.model.calendar = calendar_->isChecked();
    s.forecast.model.daily_cycle = daily_cycle_->value();
    s.forecast.model.linear_skip = linear_skip_->isChecked();
    s.forecast.lookback_search = lookback_search_->isChecked();
    applyTrain(s.forecast.train);
    s.forecast.train.train_stride = stride_->value();
    s.forecast.train.max_val_windows = max_val_->value();
    auto& p = s.forecast.prep;
    p.lookback = lookback_->value();
    p.horizon = horizon_->value();
    s.forecast.model.horizon = p.horizon;
    s.autoSplit = split_->currentIndex() == 0;
    if (!s.autoSplit) p.split = split_->currentIndex() == 1 ? tr::SplitKind::Ett : tr::SplitKind::Ratios;
    else if (dataset_ && dataset_->kind == Dataset::Kind::Forecast) p.split = tr::defaultSplit(dataset_->series, dataset_->request.path.toStdString());
    p.train_ratio = train_ratio_->value();
    p.val_ratio = val_ratio_->value();
    p.scaler = scaler_->currentIndex() == 1 ? aaren::data::ScalerKind::MinMax : aaren::data::ScalerKind::Standard;
    p.missing = missing_->currentIndex() == 1 ? aaren::data::MissingPolicy::ForwardFill
                : missing_->currentIndex() == 2 ? aaren::data::MissingPolicy::Drop
                                                : aaren::data::MissingPolicy::Interpolate;
    p.calendar = calendar_->isChecked();
  }
  return s;
}

QString ModelPanel::problem() const {
  const TrainingSetup s = setup();
  if (!dataset_) return tr("Open a dataset to train on.");
  if (s.choice == ModelChoice::BaselinesOnly && classify_) return tr("The baselines forecast; choose Aaren or the Transformer to classify.");
  aaren::ModelOptions m = classify_ ? s.classify.model : s.forecast.model;
  if (m.d_model % m.heads != 0) return tr("The heads (%1) must divide d_model (%2).").arg(m.heads).arg(m.d_model);
  if (!classify_) {
    if (s.forecast.prep.split == tr::SplitKind::Ratios && s.forecast.prep.train_ratio + s.forecast.prep.val_ratio >= 0.95)
      return tr("The training and validation shares leave no test part.");
    const auto& series = dataset_->series;
    const auto step = series.hasTime() ? series.time.frequency.seconds : 0;
    if (const auto why = tr::windowMisfit(series.rows, s.forecast.prep, step); !why.empty()) {
      QString text = tr("Lookback %1 and horizon %2 do not fit this series (%3 rows): %4.")
                         .arg(s.forecast.prep.lookback)
                         .arg(s.forecast.prep.horizon)
                         .arg(series.rows)
                         .arg(QString::fromStdString(why));
      if (const auto fit = tr::fittingWindow(series.rows, s.forecast.prep, step))
        text += tr(" Lookback %1 and horizon %2 fit (%3 validation windows).").arg(fit->lookback).arg(fit->horizon).arg(fit->windows.val);
      return text;
    }
  }
  return {};
}

void ModelPanel::updateVisibility() {
  const bool network = static_cast<ModelChoice>(model_->currentData().toInt()) != ModelChoice::BaselinesOnly;
  arch_->setEnabled(network);
  training_->setEnabled(network);
  data_->setVisible(!classify_);
  auto* af = static_cast<QFormLayout*>(arch_->layout());
  af->setRowVisible(channel_independent_, !classify_);
  af->setRowVisible(delta_, !classify_);
  af->setRowVisible(calendar_, !classify_);
  af->setRowVisible(daily_cycle_, !classify_);
  af->setRowVisible(linear_skip_, !classify_);
  af->setRowVisible(pooling_, classify_);
  auto* tf = static_cast<QFormLayout*>(training_->layout());
  tf->setRowVisible(stride_, !classify_);
  tf->setRowVisible(max_val_, !classify_);
  const bool series = dataset_ && dataset_->kind == Dataset::Kind::Forecast;
  calendar_->setEnabled(series && dataset_->series.hasTime());
  const std::string no_cycle = series ? tr::dailyCycleRefusal(dataset_->series) : std::string();
  daily_cycle_->setEnabled(series && no_cycle.empty());
  daily_cycle_->setToolTip(no_cycle.empty() ? daily_cycle_tip_
                                            : daily_cycle_tip_ + QStringLiteral("\n\n") + tr("Off for this data: %1.").arg(QString::fromStdString(no_cycle)));
  lookback_search_->setEnabled(linear_skip_->isChecked());
  const bool ratios = split_->currentIndex() == 2 ||
                      (split_->currentIndex() == 0 && setup().forecast.prep.split == tr::SplitKind::Ratios);
  train_ratio_->setEnabled(ratios);
  val_ratio_->setEnabled(ratios);
  task_->setText(!dataset_ ? tr("—") : classify_ ? tr("Classification (%1)").arg(plural(static_cast<long long>(dataset_->train.classNames.size()), tr("class"), tr("classes")))
                                                 : tr("Forecasting (%1)").arg(plural(static_cast<long long>(dataset_->series.cols()), tr("channel"), tr("channels"))));
}

void ModelPanel::emitChanged() {
  if (filling_) return;
  updateVisibility();
  problem_->setText(problem());
  problem_->setVisible(!problem_->text().isEmpty());
  const auto fit = proposedWindow();
  fit_window_->setVisible(fit.has_value());
  if (fit) fit_window_->setText(tr("Use lookback %1 and horizon %2").arg(fit->first).arg(fit->second));
  Q_EMIT changed();
}

std::optional<std::pair<int, int>> ModelPanel::proposedWindow() const {
  if (!dataset_ || classify_ || dataset_->kind != Dataset::Kind::Forecast) return std::nullopt;
  const auto prep = setup().forecast.prep;
  const auto& series = dataset_->series;
  const auto fit = tr::fittingWindow(series.rows, prep, series.hasTime() ? series.time.frequency.seconds : 0);
  if (!fit || (fit->lookback == prep.lookback && fit->horizon == prep.horizon)) return std::nullopt;
  return std::pair{static_cast<int>(fit->lookback), static_cast<int>(fit->horizon)};
}

void ModelPanel::useFittingWindow() {
  if (const auto fit = proposedWindow()) {
    lookback_->setValue(fit->first);
    horizon_->setValue(fit->second);
  }
}

}  // namespace aaren::ui
