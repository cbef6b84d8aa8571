// Workspace: the models saved from runs, and the forecasts made with them.
#include "core/store/WorkspaceImpl.h"

#include <optional>
#include <vector>

namespace aaren::store {

using detail::fail;
using detail::Statement;

// ---------------------------------------------------------------------------------------
// Models and forecasts

namespace {

constexpr const char* kModelColumns = "id, run_id, path, sha256, metrics, created_at";

ModelRecord readModel(const Statement& st) {
  ModelRecord m;
  m.id = st.int64At(0);
  m.runId = st.int64At(1);
  m.path = st.textAt(2);
  m.sha256 = st.textAt(3);
  m.metrics = st.jsonAt(4);
  m.createdAt = st.textAt(5);
  return m;
}

}  // namespace

std::int64_t Workspace::addModel(const ModelRecord& m) {
  auto& I = *impl_;
  if (m.path.empty()) fail(I.source, "a model needs a path");
  Impl::Tx tx(I);
  if (m.runId != 0) I.requireRun(m.runId);
  auto st = I.prepare(
      "INSERT INTO models (run_id, path, sha256, metrics, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"
      " RETURNING id");
  st.bindId(1, m.runId).bind(2, m.path).bind(3, m.sha256).bindJson(4, m.metrics).bind(5, utcNow());
  if (!st.step("adding model " + m.path)) fail(I.source, "adding model returned no id");
  const auto id = st.int64At(0);
  st.run();
  tx.commit();
  return id;
}

std::vector<ModelRecord> Workspace::models() const {
  auto st = impl_->prepare(std::string("SELECT ") + kModelColumns +
                           " FROM models ORDER BY created_at DESC, id DESC");
  std::vector<ModelRecord> out;
  while (st.step()) out.push_back(readModel(st));
  return out;
}

std::vector<ModelRecord> Workspace::modelsForRun(std::int64_t runId) const {
  auto st = impl_->prepare(std::string("SELECT ") + kModelColumns +
                           " FROM models WHERE run_id = ?1 ORDER BY created_at DESC, id DESC");
  st.bind(1, runId);
  std::vector<ModelRecord> out;
  while (st.step()) out.push_back(readModel(st));
  return out;
}

std::optional<ModelRecord> Workspace::model(std::int64_t id) const {
  auto st = impl_->prepare(std::string("SELECT ") + kModelColumns + " FROM models WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return readModel(st);
}

std::int64_t Workspace::addForecast(const ForecastRecord& f) {
  auto& I = *impl_;
  if (f.values.is_null() && f.csvPath.empty())
    fail(I.source, "a forecast needs values or a CSV path");
  Impl::Tx tx(I);
  if (!model(f.modelId)) fail(I.source, "no model with id " + std::to_string(f.modelId));
  if (f.datasetId != 0 && !dataset(f.datasetId))
    fail(I.source, "no dataset with id " + std::to_string(f.datasetId));
  auto st = I.prepare(
      "INSERT INTO forecasts (model_id, dataset_id, created_at, horizon, start_time, values_json,"
      " csv_path) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id");
  st.bind(1, f.modelId).bindId(2, f.datasetId).bind(3, utcNow()).bind(4, f.horizon);
  st.bind(5, f.startTime).bindJson(6, f.values).bindTextOrNull(7, f.csvPath);
  if (!st.step("adding a forecast")) fail(I.source, "adding a forecast returned no id");
  const auto id = st.int64At(0);
  st.run();
  tx.commit();
  return id;
}

std::vector<ForecastRecord> Workspace::forecasts(std::int64_t modelId) const {
  auto st = impl_->prepare(
      "SELECT id, model_id, dataset_id, created_at, horizon, start_time, values_json, csv_path"
      " FROM forecasts WHERE model_id = ?1 ORDER BY created_at DESC, id DESC");
  st.bind(1, modelId);
  std::vector<ForecastRecord> out;
  while (st.step()) {
    ForecastRecord f;
    f.id = st.int64At(0);
    f.modelId = st.int64At(1);
    f.datasetId = st.int64At(2);
    f.createdAt = st.textAt(3);
    f.horizon = st.int64At(4);
    f.startTime = st.textAt(5);
    f.values = st.jsonAt(6);
    f.csvPath = st.textAt(7);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace aaren::store
