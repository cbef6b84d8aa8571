#include "ui/workspace/WorkspacePanel.h"

#include "ui/report/SafeText.h"
#include "ui/workspace/WorkspaceController.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include <cmath>

namespace aaren::ui {

namespace st = aaren::store;

namespace {

QString when(const std::string& iso) {
  // "2026-11-23T19:47:42.123Z" -> "2026-11-23 19:47"
  QString s = QString::fromStdString(iso).left(16);
  s.replace(QLatin1Char('T'), QLatin1Char(' '));
  return s;
}

// "mse 0.3815, mae 0.3930" from {"test": {...}} (runs and models), or the baselines' best
// MSE for a baselines-only run.
QString metricText(const nlohmann::json& metrics) {
  if (!metrics.is_object()) return {};
  QStringList parts;
  auto test = metrics.find("test");
  if (test != metrics.end() && test->is_object()) {
    for (const char* key : {"mse", "mae", "accuracy", "macro_f1"}) {
      auto it = test->find(key);
      if (it != test->end() && it->is_number()) parts << QStringLiteral("%1 %2").arg(QString::fromLatin1(key)).arg(it->get<double>(), 0, 'f', 4);
      if (parts.size() == 2) break;
    }
  } else if (auto b = metrics.find("baselines"); b != metrics.end() && b->is_object()) {
    for (const auto& [name, m] : b->items())
      if (m.is_object() && m.contains("mse") && m["mse"].is_number())
        parts << QStringLiteral("%1 mse %2").arg(QString::fromStdString(name)).arg(m["mse"].get<double>(), 0, 'f', 4);
  }
  return parts.join(QStringLiteral(", "));
}

QString seconds(double s) {
  if (s <= 0) return {};
  if (s < 60) return QStringLiteral("%1 s").arg(s, 0, 'f', 1);
  return QStringLiteral("%1 min").arg(s / 60, 0, 'f', 1);
}

}  // namespace

WorkspacePanel::WorkspacePanel(WorkspaceController* controller, QWidget* parent)
    : QWidget(parent),
      controller_(controller),
      location_(new QLabel(this)),
      runs_(new QTreeWidget(this)),
      models_(new QTreeWidget(this)),
      details_(new QPlainTextEdit(this)),
      open_run_(new QPushButton(tr("Open run"), this)),
      delete_run_(new QPushButton(tr("Delete run"), this)),
      open_model_(new QPushButton(tr("Open model"), this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  location_->setTextFormat(Qt::PlainText);  // a path is shown as written, never as HTML
  location_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(location_);

  auto* split = new QSplitter(Qt::Vertical, this);
  auto* runBox = new QWidget(split);
  auto* rl = new QVBoxLayout(runBox);
  rl->setContentsMargins(0, 0, 0, 0);
  auto* runBar = new QHBoxLayout;
  runBar->addWidget(new QLabel(tr("<b>Training runs</b>"), runBox));
  runBar->addStretch(1);
  auto* refresh = new QPushButton(tr("Refresh"), runBox);
  runBar->addWidget(refresh);
  open_run_->setToolTip(tr("Open the run's dataset, settings and loss curves"));
  runBar->addWidget(open_run_);
  runBar->addWidget(delete_run_);
  rl->addLayout(runBar);
  runs_->setHeaderLabels({tr("Run"), tr("Started"), tr("Dataset"), tr("Model"), tr("Task"), tr("Status"), tr("Epochs"),
                          tr("Best val. loss"), tr("Test metrics"), tr("Time")});
  runs_->setRootIsDecorated(false);
  runs_->setUniformRowHeights(true);
  runs_->setSortingEnabled(false);
  runs_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  rl->addWidget(runs_);
  split->addWidget(runBox);

  auto* modelBox = new QWidget(split);
  auto* ml = new QVBoxLayout(modelBox);
  ml->setContentsMargins(0, 0, 0, 0);
  auto* modelBar = new QHBoxLayout;
  modelBar->addWidget(new QLabel(tr("<b>Saved models</b>"), modelBox));
  modelBar->addStretch(1);
  open_model_->setToolTip(tr("Load the model file and evaluate it on its dataset"));
  modelBar->addWidget(open_model_);
  ml->addLayout(modelBar);
  models_->setHeaderLabels({tr("Model"), tr("Created"), tr("Run"), tr("File"), tr("Metrics")});
  models_->setRootIsDecorated(false);
  models_->setUniformRowHeights(true);
  models_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  ml->addWidget(models_);
  split->addWidget(modelBox);

  details_->setReadOnly(true);
  details_->setPlaceholderText(tr("Select a run to see its settings and result."));
  split->addWidget(details_);
  split->setSizes({300, 160, 160});
  layout->addWidget(split, 1);

  connect(refresh, &QPushButton::clicked, controller_, &WorkspaceController::refresh);
  connect(controller_, &WorkspaceController::changed, this, &WorkspacePanel::reload);
  connect(runs_, &QTreeWidget::itemSelectionChanged, this, &WorkspacePanel::showDetails);
  connect(models_, &QTreeWidget::itemSelectionChanged, this, &WorkspacePanel::showDetails);
  connect(runs_, &QTreeWidget::itemDoubleClicked, this, &WorkspacePanel::openSelectedRun);
  connect(models_, &QTreeWidget::itemDoubleClicked, this, &WorkspacePanel::openSelectedModel);
  connect(open_run_, &QPushButton::clicked, this, &WorkspacePanel::openSelectedRun);
  connect(open_model_, &QPushButton::clicked, this, &WorkspacePanel::openSelectedModel);
  connect(delete_run_, &QPushButton::clicked, this, [this] {
    const std::int64_t id = selectedRunId();
    if (id <= 0) return;
    if (QMessageBox::question(this, tr("Delete run"), tr("Delete run %1 and its epoch records? Its saved models stay.").arg(id)) ==
        QMessageBox::Yes)
      controller_->deleteRun(id);
  });
  reload();
}

std::int64_t WorkspacePanel::selectedRunId() const {
  auto* item = runs_->currentItem();
  return item ? item->data(0, Qt::UserRole).toLongLong() : 0;
}

std::int64_t WorkspacePanel::selectedModelId() const {
  auto* item = models_->currentItem();
  return item ? item->data(0, Qt::UserRole).toLongLong() : 0;
}

void WorkspacePanel::reload() {
  location_->setText(controller_->isOpen() ? tr("Workspace: %1").arg(QDir::toNativeSeparators(controller_->path()))
                                           : tr("No workspace: %1").arg(controller_->error()));
  const std::int64_t run = selectedRunId(), model = selectedModelId();
  run_records_ = controller_->runs();
  model_records_ = controller_->models();
  runs_->clear();
  for (const auto& r : run_records_) {
    auto* item = new QTreeWidgetItem(
        {QString::number(r.id), when(r.startedAt), QString::fromStdString(r.datasetName), QString::fromStdString(r.modelType),
         QString::fromStdString(r.task), QString::fromUtf8(st::toString(r.status).data(), static_cast<qsizetype>(st::toString(r.status).size())),
         QString::number(r.epochsDone), r.bestValLoss && std::isfinite(*r.bestValLoss) ? QString::number(*r.bestValLoss, 'f', 4) : QString(),
         metricText(r.metrics), seconds(r.seconds)});
    item->setData(0, Qt::UserRole, static_cast<qlonglong>(r.id));
    item->setToolTip(5, plainToolTip(QString::fromStdString(r.message)));
    runs_->addTopLevelItem(item);
    if (r.id == run) runs_->setCurrentItem(item);
  }
  models_->clear();
  for (const auto& m : model_records_) {
    auto* item = new QTreeWidgetItem({QString::number(m.id), when(m.createdAt), m.runId > 0 ? QString::number(m.runId) : QString(),
                                      QFileInfo(QString::fromStdString(m.path)).fileName(), metricText(m.metrics)});
    item->setData(0, Qt::UserRole, static_cast<qlonglong>(m.id));
    item->setToolTip(3, plainToolTip(QString::fromStdString(m.path)));
    models_->addTopLevelItem(item);
    if (m.id == model) models_->setCurrentItem(item);
  }
  open_run_->setEnabled(!run_records_.empty());
  delete_run_->setEnabled(!run_records_.empty());
  open_model_->setEnabled(!model_records_.empty());
}

void WorkspacePanel::showDetails() {
  QObject* from = sender();
  if (from == models_) {
    const std::int64_t id = selectedModelId();
    for (const auto& m : model_records_)
      if (m.id == id) details_->setPlainText(QString::fromStdString(st::toJson(m).dump(2)));
    return;
  }
  const std::int64_t id = selectedRunId();
  for (const auto& r : run_records_)
    if (r.id == id) details_->setPlainText(QString::fromStdString(st::toJson(r).dump(2)));
}

void WorkspacePanel::openSelectedRun() {
  const std::int64_t id = selectedRunId();
  for (const auto& r : run_records_)
    if (r.id == id) Q_EMIT openRunRequested(r);
}

void WorkspacePanel::openSelectedModel() {
  const std::int64_t id = selectedModelId();
  for (const auto& m : model_records_)
    if (m.id == id) Q_EMIT openModelRequested(m);
}

}  // namespace aaren::ui
