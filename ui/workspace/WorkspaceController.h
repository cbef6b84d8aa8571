#pragma once
// The window's connection to the SQLite workspace (core/store/Workspace.h): records each
// imported dataset and lists past runs and models for the Workspace tab. Training runs are
// written by the training worker through its own connection (another thread); this one only
// reads them, and refresh() picks up what the worker wrote.
// GUI thread only (the Workspace's rule: one thread per connection).
#include "core/store/Records.h"
#include "ui/data/Dataset.h"

#include <QObject>
#include <QString>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <vector>

namespace aaren::store {
class Workspace;
}

namespace aaren::ui {

class WorkspaceController : public QObject {
  Q_OBJECT
 public:
  // Opens (creating if needed) the workspace at `path`; "" means Workspace::defaultPath().
  // A workspace that cannot be opened leaves the controller closed, with error() set.
  explicit WorkspaceController(const QString& path = {}, QObject* parent = nullptr);
  ~WorkspaceController() override;

  bool isOpen() const { return ws_ != nullptr; }
  QString path() const { return path_; }
  QString error() const { return error_; }

  // Records (or updates) the dataset; returns its id, 0 when closed or on failure (error()).
  std::int64_t recordDataset(const Dataset& dataset);
  // The id of the current dataset, as recorded.
  std::int64_t currentDatasetId() const { return current_dataset_id_; }

  std::vector<aaren::store::RunRecord> runs() const;
  std::vector<aaren::store::ModelRecord> models() const;
  std::vector<aaren::store::EpochRecord> epochs(std::int64_t runId) const;
  std::optional<aaren::store::DatasetRecord> dataset(std::int64_t id) const;
  std::optional<aaren::store::RunRecord> run(std::int64_t id) const;
  std::vector<aaren::store::ModelRecord> modelsForRun(std::int64_t runId) const;
  // Records a model file saved from the window; returns its id (0 on failure, error() set).
  std::int64_t recordModel(std::int64_t runId, const QString& path, const QString& sha256, const nlohmann::json& metrics);
  // Deletes a finished run (its models stay). False with error() set on failure.
  bool deleteRun(std::int64_t runId);

 public Q_SLOTS:
  void refresh();  // re-reads and emits changed()

 Q_SIGNALS:
  void changed();
  void failed(const QString& message);

 private:
  QString path_;
  QString error_;
  std::unique_ptr<aaren::store::Workspace> ws_;
  std::int64_t current_dataset_id_ = 0;
};

}  // namespace aaren::ui
