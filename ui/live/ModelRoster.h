#pragma once
// Every model trained or loaded in this window, in the order they arrived: what the Live
// tab offers to stream through. A model trained here, or loaded from a .aaren file (the
// TrainingController's outcome), is added once; loading the same file again replaces its
// entry rather than listing it twice. TrainedModel handles share their weights, so holding
// them here costs nothing. GUI thread only.
#include "core/train/TrainedModel.h"

#include <QObject>
#include <QString>

#include <vector>

namespace aaren::ui {

class TrainingController;

struct RosterEntry {
  aaren::train::TrainedModel model;
  QString name;     // "Aaren forecaster · ETTh1.csv"
  QString detail;   // "d_model 64, 4 heads, 2 layers · horizon 24 · 7 channels"
  QString path;     // the model file ("" when not saved)
  bool loaded = false;  // from a file (else trained in this window)
};

class ModelRoster : public QObject {
  Q_OBJECT
 public:
  // Follows `training` (nullptr: models are only added with add()).
  explicit ModelRoster(TrainingController* training = nullptr, QObject* parent = nullptr);

  // Adds (or, for the same file, replaces) a model; returns its index.
  int add(const aaren::train::TrainedModel& model, const QString& path = {}, bool loaded = false, const QString& dataName = {});
  const std::vector<RosterEntry>& entries() const { return entries_; }
  int size() const { return static_cast<int>(entries_.size()); }
  void clear();

  // "Aaren forecaster", "Transformer classifier"
  static QString kindName(const aaren::train::TrainedModel& model);

 Q_SIGNALS:
  void changed();

 private:
  std::vector<RosterEntry> entries_;
};

}  // namespace aaren::ui
