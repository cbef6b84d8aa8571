#include "ui/live/LivePanel.h"

#include "ui/live/LivePlot.h"
#include "ui/live/LiveStyle.h"
#include "ui/live/MemoryRacePlot.h"
#include "ui/live/MemoryTable.h"
#include "ui/live/ModelRoster.h"
#include "ui/live/ProbabilityBars.h"
#include "ui/live/SourceForm.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace aaren::ui {

namespace st = aaren::stream;

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

QString policyText(st::OverflowPolicy p) {
  switch (p) {
    case st::OverflowPolicy::Block: return LivePanel::tr("blocks when full");
    case st::OverflowPolicy::DropOldest: return LivePanel::tr("drops the oldest when full");
    case st::OverflowPolicy::DropNewest: return LivePanel::tr("drops the newest when full");
  }
  return {};
}

QString stateColor(st::SourceState s) {
  switch (s) {
    case st::SourceState::Running: return QStringLiteral("#2e9d58");
    case st::SourceState::Connecting:
    case st::SourceState::Waiting: return QStringLiteral("#d08b16");
    case st::SourceState::Failed: return QStringLiteral("#d53e4f");
    default: return QStringLiteral("#888888");
  }
}

}  // namespace

LivePanel::LivePanel(LiveController* controller, ModelRoster* roster, QWidget* parent)
    : QWidget(parent),
      controller_(controller),
      roster_(roster),
      source_(new SourceForm(this)),
      models_(new QListWidget(this)),
      no_models_(new QLabel(this)),
      twin_(new QCheckBox(tr("Transformer baseline, untrained, cost only"), this)),
      kv_mode_(new QComboBox(this)),
      kv_window_(new QSpinBox(this)),
      kv_limit_(new QSpinBox(this)),
      aaren_step_(new QComboBox(this)),
      mae_window_(new QSpinBox(this)),
      start_(new QPushButton(tr("&Start"), this)),
      stop_(new QPushButton(tr("Sto&p"), this)),
      reset_(new QPushButton(tr("&Reset state"), this)),
      status_(new QLabel(this)),
      plot_(new LivePlot(this)),
      bars_(new ProbabilityBars(this)),
      memory_(new MemoryRacePlot(this)),
      table_(new MemoryTable(this)),
      start_action_(new QAction(tr("Start &Live Stream"), this)),
      stop_action_(new QAction(tr("Stop Live Stream"), this)) {
  setObjectName(QStringLiteral("LivePanel"));
  auto* split = new QSplitter(Qt::Horizontal, this);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  split->addWidget(buildControls());

  // Right: status line, the forecast (and class probabilities), the memory race and its table.
  auto* right = new QWidget(split);
  auto* rl = new QVBoxLayout(right);
  rl->setContentsMargins(6, 6, 6, 6);
  rl->setSpacing(4);
  status_->setTextFormat(Qt::RichText);
  status_->setWordWrap(true);
  status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  status_->setText(tr("<b>Idle</b> — choose a source and the models, then press Start."));
  rl->addWidget(status_);
  auto* vsplit = new QSplitter(Qt::Vertical, right);
  auto* top = new QSplitter(Qt::Horizontal, vsplit);
  top->addWidget(plot_);
  top->addWidget(bars_);
  top->setStretchFactor(0, 3);
  top->setStretchFactor(1, 1);
  bars_->setVisible(false);
  vsplit->addWidget(top);
  auto* race = new QWidget(vsplit);
  auto* racel = new QVBoxLayout(race);
  racel->setContentsMargins(0, 0, 0, 0);
  racel->setSpacing(2);
  auto* raceTitle = new QLabel(tr("<b>Memory and step time</b> — what each model holds and costs per sample, against samples seen"), race);
  racel->addWidget(raceTitle);
  racel->addWidget(memory_, 1);
  racel->addWidget(table_);
  vsplit->addWidget(race);
  vsplit->setStretchFactor(0, 5);
  vsplit->setStretchFactor(1, 6);
  rl->addWidget(vsplit, 1);
  split->addWidget(right);
  split->setCollapsible(0, false);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({330, 1000});

  start_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
  start_action_->setStatusTip(tr("Start streaming the Live tab's source through the chosen models"));
  stop_action_->setStatusTip(tr("Stop the live stream (the figures stay)"));
  connect(start_action_, &QAction::triggered, this, &LivePanel::start);
  connect(stop_action_, &QAction::triggered, this, &LivePanel::stop);
  connect(start_, &QPushButton::clicked, this, &LivePanel::start);
  connect(stop_, &QPushButton::clicked, this, &LivePanel::stop);
  connect(reset_, &QPushButton::clicked, this, &LivePanel::resetModels);
  connect(source_, &SourceForm::activated, this, [this] {
    if (!controller_->isRunning()) start();
  });
  connect(controller_, &LiveController::updated, this, &LivePanel::onUpdate);
  connect(controller_, &LiveController::stateChanged, this, [this] {
    updateButtons();
    showStatus(controller_->latest());
  });
  connect(controller_, &LiveController::failed, this, [this](const QString& message) {
    status_->setText(tr("<b style='color:#d53e4f'>Error</b> — %1").arg(message.toHtmlEscaped()));
    Q_EMIT error(message);
  });
  connect(controller_, &LiveController::modelProblem, this, &LivePanel::warning);
  connect(roster_, &ModelRoster::changed, this, &LivePanel::refreshModels);
  refreshModels();
  updateButtons();
}

QWidget* LivePanel::buildControls() {
  auto* left = new QWidget(this);
  auto* ll = new QVBoxLayout(left);
  ll->setContentsMargins(6, 6, 6, 6);
  auto* scroll = new QScrollArea(left);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  auto* inner = new QWidget(scroll);
  auto* il = new QVBoxLayout(inner);
  il->setContentsMargins(0, 0, 4, 0);

  auto* sourceBox = new QGroupBox(tr("Source"), inner);
  auto* sl = new QVBoxLayout(sourceBox);
  sl->addWidget(source_);
  il->addWidget(sourceBox);

  auto* modelBox = new QGroupBox(tr("Models"), inner);
  auto* ml = new QVBoxLayout(modelBox);
  models_->setToolTip(tr("Every model trained or loaded in this window; checked ones run on the stream"));
  models_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  ml->addWidget(models_);
  no_models_->setWordWrap(true);
  no_models_->setForegroundRole(QPalette::PlaceholderText);
  no_models_->setText(tr("No model yet: train one on the Train tab or open a .aaren file. Without one the stream only plots the data."));
  ml->addWidget(no_models_);
  twin_->setChecked(true);
  twin_->setToolTip(tr("An untrained Transformer with the same widths as the Aaren model, streamed beside it for its KV cache and "
                       "step time only (its forecasts mean nothing and are not shown)"));
  ml->addWidget(twin_);
  auto* form = new QFormLayout;
  form->setContentsMargins(0, 0, 0, 0);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  kv_mode_->addItem(tr("grows without limit"));
  kv_mode_->addItem(tr("sliding window"));
  kv_mode_->setToolTip(tr("The Transformer's KV cache: every token so far (memory grows linearly, each step costs more), "
                          "or only the last N tokens (bounded, at the price of forgetting)"));
  form->addRow(tr("KV cache:"), kv_mode_);
  kv_limit_->setRange(1, 64 * 1024);
  kv_limit_->setValue(512);
  kv_limit_->setSuffix(tr(" MiB"));
  kv_limit_->setGroupSeparatorShown(true);
  kv_limit_->setToolTip(tr("The Transformer is stopped when its cache passes this size"));
  form->addRow(tr("Stop at:"), kv_limit_);
  kv_window_->setRange(1, 1 << 20);
  kv_window_->setValue(1024);
  kv_window_->setSuffix(tr(" tokens"));
  kv_window_->setGroupSeparatorShown(true);
  kv_window_->setEnabled(false);
  form->addRow(tr("Window:"), kv_window_);
  aaren_step_->addItem(tr("fused step"));
  aaren_step_->addItem(tr("LibTorch ops"));
  aaren_step_->setToolTip(tr("Aaren's O(1) update: the fused inference path, or the same step as LibTorch operations"));
  form->addRow(tr("Aaren step:"), aaren_step_);
  mae_window_->setRange(1, 100000);
  mae_window_->setValue(100);
  mae_window_->setGroupSeparatorShown(true);
  mae_window_->setToolTip(tr("The rolling MAE is over this many latest one-step forecasts"));
  form->addRow(tr("MAE over last:"), mae_window_);
  ml->addLayout(form);
  il->addWidget(modelBox);
  il->addStretch(1);
  scroll->setWidget(inner);
  ll->addWidget(scroll, 1);

  auto* buttons = new QHBoxLayout;
  QFont bold = start_->font();
  bold.setBold(true);
  start_->setFont(bold);
  start_->setMinimumHeight(start_->sizeHint().height() + 6);
  start_->setToolTip(tr("Stream the source through the checked models (Ctrl+Shift+L)"));
  stop_->setToolTip(tr("Stop the source and every model; the figures stay"));
  reset_->setToolTip(tr("Start every model's state afresh at the next sample"));
  buttons->addWidget(start_, 2);
  buttons->addWidget(stop_, 1);
  buttons->addWidget(reset_, 1);
  ll->addLayout(buttons);
  left->setMinimumWidth(300);

  connect(kv_mode_, &QComboBox::currentIndexChanged, this, [this](int i) {
    kv_window_->setEnabled(i == 1);
    kv_limit_->setEnabled(i == 0);
  });
  connect(models_, &QListWidget::itemChanged, this, &LivePanel::updateTwinBox);
  connect(twin_, &QCheckBox::clicked, this, [this] { twin_user_choice_ = true; });
  return left;
}

void LivePanel::refreshModels() {
  // Keep the user's ticks; a new model arrives checked.
  std::vector<bool> checked;
  for (int i = 0; i < models_->count(); ++i) checked.push_back(models_->item(i)->checkState() == Qt::Checked);
  models_->blockSignals(true);
  models_->clear();
  for (int i = 0; i < roster_->size(); ++i) {
    const RosterEntry& e = roster_->entries()[static_cast<std::size_t>(i)];
    auto* item = new QListWidgetItem(e.name, models_);
    item->setToolTip(e.detail + (e.path.isEmpty() ? QString() : QStringLiteral("\n") + e.path));
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(static_cast<std::size_t>(i) < checked.size() && !checked[static_cast<std::size_t>(i)] ? Qt::Unchecked : Qt::Checked);
  }
  models_->blockSignals(false);
  // As tall as its rows (two to six), no taller.
  const int row = models_->count() > 0 ? models_->sizeHintForRow(0) : fontMetrics().height() + 4;
  models_->setFixedHeight(row * std::clamp(models_->count(), 2, 6) + 2 * models_->frameWidth() + 4);
  models_->setVisible(roster_->size() > 0);
  no_models_->setVisible(roster_->size() == 0);
  updateTwinBox();
}

void LivePanel::setSelectedModels(const std::vector<int>& models) {
  models_->blockSignals(true);
  for (int i = 0; i < models_->count(); ++i)
    models_->item(i)->setCheckState(std::find(models.begin(), models.end(), i) != models.end() ? Qt::Checked : Qt::Unchecked);
  models_->blockSignals(false);
  updateTwinBox();
}

void LivePanel::updateTwinBox() {
  const LiveConfig c = config();
  const bool applies = LiveController::twinApplies(*roster_, c.models);
  twin_->setEnabled(applies);
  if (!twin_user_choice_) twin_->setChecked(applies);
  bool transformer = false;
  for (int i : c.models) transformer |= roster_->entries()[static_cast<std::size_t>(i)].model.options().type == aaren::ModelType::Transformer;
  twin_->setToolTip(applies ? tr("An untrained Transformer with the same widths as the Aaren model, streamed beside it for its KV cache and "
                                 "step time only (its forecasts mean nothing and are not shown)")
                    : transformer ? tr("A trained Transformer runs already: it is the baseline")
                                  : tr("Needs an Aaren model to copy the widths of"));
}

LiveConfig LivePanel::config() const {
  LiveConfig c;
  c.uri = source_->uri();
  for (int i = 0; i < models_->count(); ++i)
    if (models_->item(i)->checkState() == Qt::Checked) c.models.push_back(i);
  c.transformerTwin = twin_->isEnabled() && twin_->isChecked();
  c.kvSliding = kv_mode_->currentIndex() == 1;
  c.kvWindow = kv_window_->value();
  c.kvLimitBytes = static_cast<std::int64_t>(kv_limit_->value()) << 20;
  c.fusedAaren = aaren_step_->currentIndex() == 0;
  c.session.rolling_window = static_cast<std::size_t>(mae_window_->value());
  return c;
}

void LivePanel::setDataset(const DatasetPtr& dataset) {
  controller_->setDataset(dataset);
  source_->setDataset(dataset ? dataset->fileName() + QStringLiteral(": ") + dataset->summary() : QString());
  updateButtons();
}

bool LivePanel::start() {
  plot_->clear();
  memory_->clear();
  table_->clear();
  bars_->clear();
  bars_->setVisible(false);
  rate_samples_ = 0;
  rate_ = 0;
  rate_clock_.start();
  status_->setText(tr("<b>Starting</b> — %1").arg(source_->uri().toHtmlEscaped()));
  const bool ok = controller_->start(config());
  updateButtons();
  return ok;
}

void LivePanel::stop() {
  controller_->stop();
  updateButtons();
}

void LivePanel::resetModels() {
  controller_->resetModels();
}

void LivePanel::updateButtons() {
  const bool running = controller_->isRunning();
  start_->setEnabled(!running);
  stop_->setEnabled(running);
  reset_->setEnabled(running);
  start_action_->setEnabled(!running);
  stop_action_->setEnabled(running);
  source_->setEnabled(!running);
  models_->setEnabled(!running);
  for (QWidget* w : {static_cast<QWidget*>(kv_mode_), static_cast<QWidget*>(aaren_step_), static_cast<QWidget*>(mae_window_)})
    w->setEnabled(!running);
  kv_window_->setEnabled(!running && kv_mode_->currentIndex() == 1);
  kv_limit_->setEnabled(!running && kv_mode_->currentIndex() == 0);
  if (running) twin_->setEnabled(false);
  else updateTwinBox();
}

void LivePanel::onUpdate(const st::SessionUpdate& u) {
  plot_->append(u);
  memory_->setModels(u.models);
  table_->setModels(u.models);
  bars_->setModels(u.models);
  if (bars_->isVisible() != (bars_->classifiers() > 0)) bars_->setVisible(bars_->classifiers() > 0);
  showStatus(u);
}

void LivePanel::showStatus(const st::SessionUpdate& u) {
  using State = LiveController::State;
  const State state = controller_->state();
  if (state == State::Failed) return;  // the error stays on the line
  if (state == State::Idle) return;
  // Samples per second over the last second or so.
  if (rate_clock_.isValid() && rate_clock_.elapsed() >= 1000) {
    rate_ = static_cast<double>(u.samples - std::min(u.samples, rate_samples_)) * 1000.0 / static_cast<double>(rate_clock_.elapsed());
    rate_samples_ = u.samples;
    rate_clock_.restart();
  }
  const st::StreamStats& s = u.source;
  QString head;
  switch (state) {
    case State::Running:
      head = QStringLiteral("<b style='color:%1'>%2</b>").arg(stateColor(s.state), qs(st::toString(s.state)).toHtmlEscaped());
      break;
    case State::Finished: head = tr("<b>Finished</b>"); break;
    case State::Stopped: head = tr("<b>Stopped</b>"); break;
    default: break;
  }
  QStringList parts;
  parts << controller_->sourceDescription().toHtmlEscaped();
  parts << tr("%1 samples").arg(countText(u.samples));
  if (state == State::Running && rate_ > 0) parts << tr("%1/s").arg(countText(static_cast<std::uint64_t>(std::llround(rate_))));
  parts << tr("%1 malformed").arg(countText(s.malformed));
  parts << tr("%1 dropped (%2)").arg(countText(s.dropped), policyText(s.policy));
  parts << tr("%1 reconnects").arg(countText(s.reconnects));
  if (u.rss_bytes > 0) parts << tr("RSS %1").arg(bytesText(static_cast<double>(u.rss_bytes)));
  QString text = head + QStringLiteral(" — ") + parts.join(QStringLiteral(" · "));
  if (!s.message.empty() && qs(s.message) != controller_->sourceDescription()) text += QStringLiteral(" · <i>") + qs(s.message).toHtmlEscaped() + QStringLiteral("</i>");
  if (s.malformed > 0 && !s.last_malformed.empty())
    text += QStringLiteral("<br><span style='color:#d08b16'>") +
            tr("last malformed line %1: %2").arg(s.last_malformed_line).arg(qs(s.last_malformed).toHtmlEscaped()) + QStringLiteral("</span>");
  status_->setText(text);
}

}  // namespace aaren::ui
