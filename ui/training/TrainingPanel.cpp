#include "ui/training/TrainingPanel.h"

#include "ui/training/LossPlot.h"
#include "ui/training/ModelPanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace aaren::ui {

namespace tr = aaren::train;

namespace {

// "1:05", "12:03", "1:02:03"
QString clock(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return QStringLiteral("—");
  const auto s = static_cast<long long>(std::llround(seconds));
  if (s >= 3600) return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

TrainingPanel::TrainingPanel(QWidget* parent)
    : QWidget(parent),
      model_(new ModelPanel(this)),
      loss_(new LossPlot(this)),
      train_(new QPushButton(tr("&Train"), this)),
      cancel_(new QPushButton(tr("Cancel"), this)),
      progress_(new QProgressBar(this)),
      status_(new QLabel(this)),
      stage_(new QLabel(this)),
      log_(new QPlainTextEdit(this)) {
  auto* split = new QSplitter(Qt::Horizontal, this);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(split);

  // Left: settings (scrolling) above the buttons (always visible).
  auto* left = new QWidget(split);
  auto* ll = new QVBoxLayout(left);
  ll->setContentsMargins(6, 6, 6, 6);
  auto* scroll = new QScrollArea(left);
  scroll->setWidget(model_);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  ll->addWidget(scroll, 1);
  auto* buttons = new QHBoxLayout;
  train_->setToolTip(tr("Train the model on the current dataset (Ctrl+T)"));
  train_->setDefault(true);
  QFont bold = train_->font();
  bold.setBold(true);
  train_->setFont(bold);
  train_->setMinimumHeight(train_->sizeHint().height() + 6);
  cancel_->setToolTip(tr("Stop after the current batch and keep the best weights so far (Esc)"));
  cancel_->setEnabled(false);
  buttons->addWidget(train_, 2);
  buttons->addWidget(cancel_, 1);
  ll->addLayout(buttons);
  // As wide as the settings need (their combo boxes' texts): the form scrolls only vertically,
  // so anything narrower would cut its right edge off.
  left->setMinimumWidth(std::max(340, model_->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width() +
                                          ll->contentsMargins().left() + ll->contentsMargins().right()));
  split->addWidget(left);

  // Right: progress, curves, log.
  auto* right = new QWidget(split);
  auto* rl = new QVBoxLayout(right);
  rl->setContentsMargins(6, 6, 6, 6);
  stage_->setTextFormat(Qt::PlainText);
  stage_->setText(tr("Ready: press Train."));
  QFont stageFont = stage_->font();
  stageFont.setPointSizeF(stageFont.pointSizeF() * 1.1);
  stageFont.setBold(true);
  stage_->setFont(stageFont);
  rl->addWidget(stage_);
  progress_->setRange(0, 1000);
  progress_->setValue(0);
  progress_->setTextVisible(true);
  progress_->setFormat(QStringLiteral("%p%"));
  rl->addWidget(progress_);
  status_->setTextFormat(Qt::PlainText);  // messages name files and columns: never HTML
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  status_->setText(QStringLiteral(" "));
  rl->addWidget(status_);
  auto* vsplit = new QSplitter(Qt::Vertical, right);
  vsplit->addWidget(loss_);
  log_->setReadOnly(true);
  log_->setMaximumBlockCount(5000);
  log_->setPlaceholderText(tr("Each epoch's losses appear here."));
  vsplit->addWidget(log_);
  vsplit->setStretchFactor(0, 3);
  vsplit->setStretchFactor(1, 1);
  rl->addWidget(vsplit, 1);
  split->addWidget(right);
  split->setStretchFactor(1, 1);
  split->setSizes({380, 900});

  connect(train_, &QPushButton::clicked, this, &TrainingPanel::trainRequested);
  connect(cancel_, &QPushButton::clicked, this, [this] {
    cancelling_ = true;
    cancel_->setEnabled(false);
    stage_->setText(tr("Cancelling after this batch…"));
    Q_EMIT cancelRequested();
  });
  connect(model_, &ModelPanel::changed, this, &TrainingPanel::updateTrainButton);
  updateTrainButton();
}

QString TrainingPanel::stageText() const { return stage_->text(); }

void TrainingPanel::updateTrainButton() {
  const QString problem = model_->problem();
  train_->setEnabled(!busy_ && problem.isEmpty());
  train_->setToolTip(problem.isEmpty() ? tr("Train the model on the current dataset (Ctrl+T)") : problem);
  if (!started_) stage_->setText(problem.isEmpty() ? tr("Ready: press Train.") : tr("Not ready: see the message above the settings."));
}

void TrainingPanel::setBusy(bool busy) {
  busy_ = busy;
  cancel_->setEnabled(busy && !cancelling_);
  model_->setEnabled(!busy);
  updateTrainButton();
}

void TrainingPanel::appendLog(const QString& line) { log_->appendPlainText(line); }

void TrainingPanel::onStarted(bool training) {
  cancelling_ = false;
  if (training) {
    loss_->clear();
    progress_->setValue(0);
    status_->setText(QStringLiteral(" "));
  }
  started_ = true;
  stage_->setText(training ? tr("Starting…") : tr("Loading…"));
  setBusy(true);
}

void TrainingPanel::onStage(const QString& stage) { stage_->setText(stage); }

void TrainingPanel::onProgress(const tr::TrainingProgress& p) {
  loss_->addProgress(p);
  const double done = p.epochs > 0 && p.batches > 0
                          ? (static_cast<double>(p.epoch - 1) + static_cast<double>(p.batch) / static_cast<double>(p.batches)) /
                                static_cast<double>(p.epochs)
                          : 0.0;
  progress_->setValue(static_cast<int>(std::clamp(done, 0.0, 1.0) * 1000));
  progress_->setFormat(tr("epoch %1/%2 · %p%").arg(p.epoch).arg(p.epochs));
  QString text = tr("batch %1/%2 · loss %3").arg(p.batch).arg(p.batches).arg(p.train_loss, 0, 'f', 4);
  if (p.val_loss >= 0) text += tr(" · validation %1").arg(p.val_loss, 0, 'f', 4);
  text += tr(" · %1 windows/s · elapsed %2 · ETA %3")
              .arg(p.samples_per_second, 0, 'f', 0)
              .arg(clock(p.elapsed_seconds), clock(p.eta_seconds));
  status_->setText(text);
  if (p.epoch_end) {
    QString line = tr("epoch %1/%2: training loss %3").arg(p.epoch).arg(p.epochs).arg(p.train_loss, 0, 'f', 4);
    if (p.val_loss >= 0) line += tr(", validation loss %1").arg(p.val_loss, 0, 'f', 4);
    for (const auto& [k, v] : p.val_metrics) line += QStringLiteral(", %1 %2").arg(QString::fromStdString(k)).arg(v, 0, 'g', 4);
    line += tr("  (%1)").arg(clock(p.elapsed_seconds));
    appendLog(line);
  }
}

void TrainingPanel::onFinished(const OutcomePtr& o) {
  setBusy(false);
  if (o->origin == TrainingOutcome::Origin::Trained) {
    loss_->markBest(o->bestEpoch);
    const bool usable = o->model.valid() || o->forecast;
    progress_->setValue(o->status == tr::TrainStatus::Cancelled ? progress_->value() : 1000);
    QString head;
    switch (o->status) {
      case tr::TrainStatus::Completed: head = tr("Finished"); break;
      case tr::TrainStatus::EarlyStopped: head = tr("Stopped early"); break;
      case tr::TrainStatus::Cancelled: head = tr("Cancelled"); break;
      case tr::TrainStatus::Failed: head = tr("Failed"); break;
    }
    stage_->setText(head + QStringLiteral(": ") + o->message);
    appendLog(head + QStringLiteral(": ") + o->message + tr(" — %1 in all").arg(clock(o->totalSeconds)));
    if (o->status == tr::TrainStatus::Cancelled && o->model.valid())
      appendLog(tr("The best weights (epoch %1) were kept and evaluated.").arg(o->bestEpoch));
    if (!usable) appendLog(tr("No epoch finished, so there is no model to evaluate."));
    if (!o->modelPath.isEmpty()) appendLog(tr("Model saved to %1").arg(o->modelPath));
  } else {
    stage_->setText(tr("Model loaded: %1").arg(o->message));
    appendLog(tr("Loaded %1 (%2)").arg(o->modelName, o->message));
  }
}

void TrainingPanel::onFailed(const QString& message) {
  setBusy(false);
  stage_->setText(tr("Failed"));
  appendLog(tr("Failed: %1").arg(message));
}

void TrainingPanel::showHistory(const QString& title, const std::vector<tr::EpochRecord>& history, std::int64_t bestEpoch) {
  loss_->setHistory(history, bestEpoch);
  stage_->setText(title);
  progress_->setValue(0);
  status_->setText(QStringLiteral(" "));
}

}  // namespace aaren::ui
