#pragma once
// Ties the model side of the window together: Train (current dataset + the Train tab's
// settings → TrainingController), model files (open → load and evaluate on the matching
// dataset, opening the dataset recorded in the file when the current one does not fit;
// save), runs and models reopened from the Workspace tab, the split shown on the Explore
// tab, and where results go (Train and Evaluate tabs). No widgets of its own.
// GUI thread only.
#include "core/data/Split.h"
#include "core/store/Records.h"
#include "ui/data/Dataset.h"
#include "ui/training/TrainingOutcome.h"

#include <QObject>

#include <optional>

namespace aaren::ui {

class DataController;
class EvaluationPanel;
class TrainingController;
class TrainingPanel;
class WorkspaceController;

class ModelWorkflow : public QObject {
  Q_OBJECT
 public:
  ModelWorkflow(DataController* data, TrainingController* training, WorkspaceController* workspace, TrainingPanel* trainPanel,
                EvaluationPanel* evalPanel, QObject* parent = nullptr);

  // Trains on the current dataset with the Train tab's settings. False (and error()) when
  // there is nothing to train on or a run is going.
  bool train();
  void cancel();
  // Loads a .aaren file and evaluates it on the current dataset when its columns fit, else
  // on the dataset recorded in the file (opened first), else only shows what it is.
  void openModel(const QString& path);
  void openRun(const aaren::store::RunRecord& run);
  void openModelRecord(const aaren::store::ModelRecord& model);
  bool saveModel(const QString& path);
  bool hasModel() const;

 Q_SIGNALS:
  void error(const QString& message);
  void status(const QString& message);
  void splitChanged(const std::optional<aaren::data::SplitBorders>& split);
  void trainTabWanted();
  void evaluateTabWanted();
  // A model is loaded or trained (or none): for the Save actions.
  void modelAvailable(bool available);

 private:
  void onDatasetChanged(const DatasetPtr& dataset);
  void onFinished(const OutcomePtr& outcome);
  void updateSplit();
  void evaluatePending();

  DataController* data_;
  TrainingController* training_;
  WorkspaceController* workspace_;
  TrainingPanel* train_panel_;
  EvaluationPanel* eval_panel_;

  // A model waiting for its dataset to finish loading.
  QString pending_model_;
  std::int64_t pending_run_ = 0, pending_model_id_ = 0;
  QString pending_dataset_;
};

}  // namespace aaren::ui
