#include "ui/evaluate/EvaluationPanel.h"

#include "ui/Plural.h"
#include "core/data/Timestamp.h"
#include "ui/evaluate/ConfusionMatrixView.h"
#include "ui/evaluate/ForecastPlot.h"
#include "ui/evaluate/MetricsTable.h"
#include "ui/evaluate/ProbabilityStrip.h"
#include "ui/evaluate/StepErrorPlot.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace aaren::ui {

namespace {

QString rowLabel(const TrainingOutcome& o) {
  QString name = o.modelName;
  if (o.runId > 0) name += QObject::tr(" (run %1)").arg(o.runId);
  return name;
}

std::string compareKey(const TrainingOutcome& o) {
  if (!o.dataset) return {};
  std::string key = o.dataset->sha256.toStdString();
  key.append("|").append(o.dataset->request.path.toStdString());
  if (o.forecast) {
    const auto& f = *o.forecast;
    for (std::size_t v : {f.range.begin, f.range.end, f.split.train.end, static_cast<std::size_t>(f.windows.horizon)})
      key.append("|").append(std::to_string(v));
    for (const auto& c : f.windows.columns) key.append("|").append(c);
  }
  return key;
}

}  // namespace

EvaluationPanel::EvaluationPanel(QWidget* parent)
    : QWidget(parent),
      headline_(new QLabel(this)),
      stack_(new QStackedWidget(this)),
      metrics_(new MetricsTable(this)),
      channel_section_(new QWidget(this)),
      channel_box_(new QComboBox(this)),
      channel_metrics_(new MetricsTable(this)),
      step_plot_(new StepErrorPlot(this)),
      forecast_plot_(new ForecastPlot(this)),
      class_metrics_(new MetricsTable(this)),
      confusion_(new ConfusionMatrixView(this)),
      per_class_(new QTableWidget(this)),
      strip_(new ProbabilityStrip(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  headline_->setWordWrap(true);
  headline_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(headline_);
  layout->addWidget(stack_, 1);

  auto* empty = new QLabel(tr("Train a model on the Train tab (Ctrl+T), or open a model file (Ctrl+O), to see how it scores "
                              "against the baselines and how its forecasts follow the data."),
                           this);
  empty->setAlignment(Qt::AlignCenter);
  empty->setWordWrap(true);
  empty->setEnabled(false);
  stack_->addWidget(empty);

  auto* fpage = new QSplitter(Qt::Vertical, this);
  auto* top = new QSplitter(Qt::Horizontal, fpage);
  auto* tableBox = new QWidget(top);
  auto* tl = new QVBoxLayout(tableBox);
  tl->setContentsMargins(0, 0, 0, 0);
  tl->addWidget(metrics_);
  auto* cl = new QVBoxLayout(channel_section_);
  cl->setContentsMargins(0, 4, 0, 0);
  auto* pick = new QHBoxLayout;
  auto* pickLabel = new QLabel(tr("Per channel, in the data's own units:"), channel_section_);
  pickLabel->setBuddy(channel_box_);
  pick->addWidget(pickLabel);
  pick->addWidget(channel_box_);
  pick->addStretch(1);
  cl->addLayout(pick);
  cl->addWidget(channel_metrics_);
  channel_box_->setToolTip(tr("The channel whose MAE, RMSE, MAPE, sMAPE and MASE the table below shows"));
  tl->addWidget(channel_section_);
  channel_section_->hide();
  connect(channel_box_, &QComboBox::currentIndexChanged, this, [this] { showChannelMetrics(); });
  tl->addStretch(1);
  top->addWidget(tableBox);
  step_plot_->setMinimumHeight(200);
  top->addWidget(step_plot_);
  top->setStretchFactor(0, 3);
  top->setStretchFactor(1, 2);
  fpage->addWidget(top);
  fpage->addWidget(forecast_plot_);
  fpage->setStretchFactor(0, 2);
  fpage->setStretchFactor(1, 5);
  fpage->setSizes({240, 600});
  stack_->addWidget(fpage);

  auto* cpage = new QSplitter(Qt::Horizontal, this);
  auto* left = new QWidget(cpage);
  auto* ll = new QVBoxLayout(left);
  ll->setContentsMargins(0, 0, 0, 0);
  class_metrics_->setMaximumHeight(110);
  ll->addWidget(class_metrics_);
  ll->addWidget(confusion_, 3);
  per_class_->setColumnCount(4);
  per_class_->setHorizontalHeaderLabels({tr("Class"), tr("Test cases"), tr("Correct"), tr("Accuracy")});
  per_class_->verticalHeader()->setVisible(false);
  per_class_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  per_class_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  ll->addWidget(per_class_, 2);
  cpage->addWidget(left);
  auto* scroll = new QScrollArea(cpage);
  scroll->setWidget(strip_);
  scroll->setWidgetResizable(true);
  cpage->addWidget(scroll);
  cpage->setStretchFactor(0, 2);
  cpage->setStretchFactor(1, 3);
  stack_->addWidget(cpage);
  clear();
}

void EvaluationPanel::clear() {
  outcome_.reset();
  model_rows_.clear();
  class_rows_.clear();
  compare_key_.clear();
  headline_->clear();
  headline_->setVisible(false);
  stack_->setCurrentIndex(0);
  forecast_plot_->setOutcome(nullptr);
}

void EvaluationPanel::setOutcome(const OutcomePtr& outcome) {
  if (!outcome || (!outcome->forecast && !outcome->classify)) {
    if (!outcome) clear();
    return;
  }
  outcome_ = outcome;
  const std::string key = compareKey(*outcome);
  if (key != compare_key_) {
    model_rows_.clear();
    class_rows_.clear();
    compare_key_ = key;
  }
  if (outcome->forecast) showForecast();
  else showClassification();
}

void EvaluationPanel::showChannelMetrics() {
  if (channel_box_->count() == 0) {
    channel_metrics_->clear();
    return;
  }
  channel_metrics_->setChannelRows(shown_rows_, channel_box_->currentText());
}

void EvaluationPanel::showForecast() {
  const TrainingOutcome& o = *outcome_;
  const ForecastEvaluation& f = *o.forecast;
  // This outcome's model row replaces an earlier one of the same name.
  for (const auto& row : f.rows) {
    if (!row.isModel) continue;
    ScoreRow r = row;
    r.name = rowLabel(o).toStdString();
    auto it = std::find_if(model_rows_.begin(), model_rows_.end(), [&](const ScoreRow& x) { return x.name == r.name; });
    if (it != model_rows_.end()) *it = r;
    else model_rows_.push_back(r);
  }
  std::vector<ScoreRow> rows = model_rows_;
  for (const auto& row : f.rows)
    if (!row.isModel) rows.push_back(row);
  metrics_->setRows(rows);
  shown_rows_ = rows;
  {
    const QString previous = channel_box_->currentText();
    const QStringList names = MetricsTable::channels(rows, f.windows.columns);
    const QSignalBlocker block(channel_box_);
    channel_box_->clear();
    channel_box_->addItems(names);
    if (names.contains(previous)) channel_box_->setCurrentText(previous);
    channel_section_->setVisible(!names.isEmpty());
  }
  showChannelMetrics();
  step_plot_->setRows(rows);
  forecast_plot_->setOutcome(outcome_);

  const QLocale l(QLocale::English);
  const auto& s = o.dataset->series;
  auto when = [&](std::size_t row) {
    return s.hasTime() && row < s.rows ? QString::fromStdString(aaren::data::formatTimestamp(s.timestamps[row])).left(16)
                                       : tr("row %1").arg(l.toString(static_cast<qulonglong>(row)));
  };
  std::size_t firstTarget = f.range.begin, lastTarget = f.range.end > 0 ? f.range.end - 1 : 0;
  if (f.windows.windows() > 0) {
    firstTarget = static_cast<std::size_t>(f.windows.origin_rows.front() + 1);
    lastTarget = static_cast<std::size_t>(f.windows.origin_rows.back() + f.windows.horizon);
  }
  QString text = tr("<b>%1</b> on <b>%2</b> — test part: %3 windows, targets %4 to %5. MSE and MAE on values scaled with "
                    "the training part's statistics, the rest in the data's own units; bold = best in its column.")
                     .arg(o.modelName.toHtmlEscaped(), o.dataset->fileName().toHtmlEscaped(), l.toString(static_cast<qlonglong>(f.testWindows)),
                          when(firstTarget), when(lastTarget));
  if (o.status == aaren::train::TrainStatus::Cancelled) text += tr(" <i>Training was cancelled: these are the best weights it reached.</i>");
  if (o.model.valid() && !o.model.info().record.network_note.empty())
    text += QStringLiteral("<br>") + QString::fromStdString(o.model.info().record.network_note).toHtmlEscaped();
  if (!f.baselineName.empty()) text = tr("<b>Baselines</b> on <b>%1</b> — %2 test windows; the plot shows the %3 baseline's forecasts.")
                                          .arg(o.dataset->fileName().toHtmlEscaped(), l.toString(static_cast<qlonglong>(f.testWindows)),
                                               QString::fromStdString(f.baselineName));
  headline_->setText(text);
  headline_->setVisible(true);
  stack_->setCurrentIndex(1);
}

void EvaluationPanel::showClassification() {
  const TrainingOutcome& o = *outcome_;
  const ClassifyEvaluation& c = *o.classify;
  const std::string name = rowLabel(o).toStdString();
  std::map<std::string, double> m{{"accuracy", c.metrics.accuracy}, {"macro_f1", c.metrics.macro_f1}};
  if (o.origin == TrainingOutcome::Origin::Trained) m["loss"] = c.loss;
  auto it = std::find_if(class_rows_.begin(), class_rows_.end(), [&](const auto& r) { return r.first == name; });
  if (it != class_rows_.end()) it->second = m;
  else class_rows_.emplace_back(name, m);
  class_metrics_->setClassificationRows(class_rows_);
  confusion_->setMatrix(c.classes, c.metrics.confusion);

  per_class_->setRowCount(static_cast<int>(c.classes.size()));
  for (std::size_t k = 0; k < c.classes.size(); ++k) {
    std::int64_t total = 0, correct = 0;
    if (k < c.metrics.confusion.size()) {
      for (auto v : c.metrics.confusion[k]) total += v;
      correct = k < c.metrics.confusion[k].size() ? c.metrics.confusion[k][k] : 0;
    }
    const double acc = k < c.metrics.per_class_accuracy.size() ? c.metrics.per_class_accuracy[k] : std::nan("");
    const QStringList cells{QString::fromStdString(c.classes[k]), QString::number(total), QString::number(correct),
                            std::isfinite(acc) ? QStringLiteral("%1 %").arg(acc * 100, 0, 'f', 1) : QStringLiteral("—")};
    for (int col = 0; col < 4; ++col) {
      auto* item = new QTableWidgetItem(cells[col]);
      if (col > 0) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      per_class_->setItem(static_cast<int>(k), col, item);
    }
  }
  strip_->setCases(c.classes, c.probabilities, c.predicted, c.actual);
  QString text = tr("<b>%1</b> on <b>%2</b> — %3 test cases: accuracy %4 %, macro-F1 %5.")
                     .arg(o.modelName.toHtmlEscaped(), o.dataset ? o.dataset->fileName().toHtmlEscaped() : QString())
                     .arg(c.metrics.count)
                     .arg(c.metrics.accuracy * 100, 0, 'f', 1)
                     .arg(c.metrics.macro_f1, 0, 'f', 3);
  if (c.unknownLabels > 0) text += QLatin1Char(' ') + plural(static_cast<long long>(c.unknownLabels), tr("case carries"), tr("cases carry")) + tr(" a label the model does not know and are not scored.");
  if (o.status == aaren::train::TrainStatus::Cancelled) text += tr(" <i>Training was cancelled: these are the best weights it reached.</i>");
  headline_->setText(text);
  headline_->setVisible(true);
  stack_->setCurrentIndex(2);
}

}  // namespace aaren::ui
