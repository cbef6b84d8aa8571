#include "ui/workspace/WorkspaceController.h"

#include "core/store/Workspace.h"

#include <QFileInfo>

namespace aaren::ui {

namespace st = aaren::store;

WorkspaceController::WorkspaceController(const QString& path, QObject* parent) : QObject(parent) {
  path_ = path.isEmpty() ? QString::fromStdString(st::Workspace::defaultPath().string()) : path;
  try {
    ws_ = std::make_unique<st::Workspace>(path_.toStdString());
  } catch (const std::exception& e) {
    error_ = QString::fromUtf8(e.what());
  }
}

WorkspaceController::~WorkspaceController() = default;

std::int64_t WorkspaceController::recordDataset(const Dataset& d) {
  current_dataset_id_ = 0;
  if (!ws_) return 0;
  st::DatasetRecord r;
  r.path = QFileInfo(d.request.path).absoluteFilePath().toStdString();
  r.displayName = d.fileName().toStdString();
  r.sha256 = d.sha256.toStdString();
  if (d.kind == Dataset::Kind::Forecast) {
    r.kind = st::DatasetKind::Forecast;
    r.rows = static_cast<std::int64_t>(d.series.rows);
    r.columns = static_cast<std::int64_t>(d.series.cols());
    r.frequencySeconds = static_cast<double>(d.series.time.frequency.seconds);
  } else {
    r.kind = st::DatasetKind::Classify;
    r.rows = static_cast<std::int64_t>(d.train.size() + d.test.size());
    r.columns = static_cast<std::int64_t>(d.train.channels);
  }
  try {
    current_dataset_id_ = ws_->addDataset(r);
    Q_EMIT changed();
  } catch (const std::exception& e) {
    error_ = QString::fromUtf8(e.what());
    Q_EMIT failed(error_);
  }
  return current_dataset_id_;
}

std::vector<st::RunRecord> WorkspaceController::runs() const {
  if (!ws_) return {};
  try {
    return ws_->runs();
  } catch (const std::exception&) {
    return {};
  }
}

std::vector<st::ModelRecord> WorkspaceController::models() const {
  if (!ws_) return {};
  try {
    return ws_->models();
  } catch (const std::exception&) {
    return {};
  }
}

std::vector<st::EpochRecord> WorkspaceController::epochs(std::int64_t runId) const {
  if (!ws_) return {};
  try {
    return ws_->epochs(runId);
  } catch (const std::exception&) {
    return {};
  }
}

std::optional<st::DatasetRecord> WorkspaceController::dataset(std::int64_t id) const {
  if (!ws_ || id <= 0) return std::nullopt;
  try {
    return ws_->dataset(id);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<st::RunRecord> WorkspaceController::run(std::int64_t id) const {
  if (!ws_ || id <= 0) return std::nullopt;
  try {
    return ws_->run(id);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<st::ModelRecord> WorkspaceController::modelsForRun(std::int64_t runId) const {
  if (!ws_ || runId <= 0) return {};
  try {
    return ws_->modelsForRun(runId);
  } catch (const std::exception&) {
    return {};
  }
}

std::int64_t WorkspaceController::recordModel(std::int64_t runId, const QString& path, const QString& sha256, const nlohmann::json& metrics) {
  if (!ws_) return 0;
  st::ModelRecord m;
  m.runId = runId;
  m.path = QFileInfo(path).absoluteFilePath().toStdString();
  m.sha256 = sha256.toStdString();
  m.metrics = metrics;
  try {
    const std::int64_t id = ws_->addModel(m);
    Q_EMIT changed();
    return id;
  } catch (const std::exception& e) {
    error_ = QString::fromUtf8(e.what());
    Q_EMIT failed(error_);
    return 0;
  }
}

bool WorkspaceController::deleteRun(std::int64_t runId) {
  if (!ws_) return false;
  try {
    ws_->deleteRun(runId);
    Q_EMIT changed();
    return true;
  } catch (const std::exception& e) {
    error_ = QString::fromUtf8(e.what());
    Q_EMIT failed(error_);
    return false;
  }
}

void WorkspaceController::refresh() {
  // Only reads: runs of dead processes were marked when the workspace was opened, and a
  // write here could wait on the training thread's transaction.
  Q_EMIT changed();
}

}  // namespace aaren::ui
