#include "ui/live/ModelRoster.h"

#include "ui/training/TrainingController.h"

#include <QFileInfo>

namespace aaren::ui {

ModelRoster::ModelRoster(TrainingController* training, QObject* parent) : QObject(parent) {
  if (!training) return;
  connect(training, &TrainingController::finished, this, [this](const OutcomePtr& o) {
    if (!o || !o->model.valid()) return;
    const bool loaded = o->origin == TrainingOutcome::Origin::Loaded;
    add(o->model, o->modelPath, loaded, o->dataset ? o->dataset->fileName() : QString());
  });
}

QString ModelRoster::kindName(const aaren::train::TrainedModel& model) {
  const auto& o = model.options();
  const QString type = o.type == aaren::ModelType::Aaren ? tr("Aaren") : tr("Transformer");
  return o.task == aaren::Task::Classify ? tr("%1 classifier").arg(type) : tr("%1 forecaster").arg(type);
}

int ModelRoster::add(const aaren::train::TrainedModel& model, const QString& path, bool loaded, const QString& dataName) {
  if (!model.valid()) return -1;
  RosterEntry e;
  e.model = model;
  e.path = path.isEmpty() && !model.path().empty() ? QString::fromStdString(model.path().string()) : path;
  e.loaded = loaded;
  const auto& o = model.options();
  QString data = dataName;
  if (data.isEmpty() && !model.info().record.dataset_path.empty())
    data = QFileInfo(QString::fromStdString(model.info().record.dataset_path)).fileName();
  e.name = kindName(model);
  if (loaded && !e.path.isEmpty())
    e.name += QStringLiteral(" · ") + QFileInfo(e.path).fileName();
  else if (!data.isEmpty())
    e.name += QStringLiteral(" · ") + data;
  QString what = o.task == aaren::Task::Classify
                     ? tr("%1 classes").arg(static_cast<qlonglong>(model.info().schema.classes.size()))
                     : tr("horizon %1").arg(static_cast<qlonglong>(o.horizon));
  e.detail = tr("d_model %1, %2 heads, %3 layers · %4 · %5 channels · %6")
                 .arg(o.d_model)
                 .arg(o.heads)
                 .arg(o.layers)
                 .arg(what)
                 .arg(o.channels)
                 .arg(loaded ? tr("loaded") : tr("trained in this window"));

  int index = -1;
  if (!e.path.isEmpty())
    for (std::size_t i = 0; i < entries_.size(); ++i)
      if (QFileInfo(entries_[i].path).absoluteFilePath() == QFileInfo(e.path).absoluteFilePath()) index = static_cast<int>(i);
  if (index >= 0) {
    // The same file again (reloaded, or a trained model saved and reopened): one entry.
    const bool wasTrained = !entries_[static_cast<std::size_t>(index)].loaded;
    if (wasTrained && loaded) e.name = entries_[static_cast<std::size_t>(index)].name;
    entries_[static_cast<std::size_t>(index)] = std::move(e);
  } else {
    entries_.push_back(std::move(e));
    index = static_cast<int>(entries_.size()) - 1;
  }
  Q_EMIT changed();
  return index;
}

void ModelRoster::clear() {
  entries_.clear();
  Q_EMIT changed();
}

}  // namespace aaren::ui
