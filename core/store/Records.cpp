#include "core/store/Records.h"

namespace aaren::store {

std::string_view toString(DatasetKind kind) noexcept {
  return kind == DatasetKind::Classify ? "classify" : "forecast";
}

std::string_view toString(RunStatus status) noexcept {
  switch (status) {
    case RunStatus::Running: return "running";
    case RunStatus::Completed: return "completed";
    case RunStatus::Cancelled: return "cancelled";
    case RunStatus::Failed: return "failed";
    case RunStatus::Interrupted: return "interrupted";
  }
  return "failed";
}

std::optional<DatasetKind> parseDatasetKind(std::string_view text) noexcept {
  if (text == "forecast") return DatasetKind::Forecast;
  if (text == "classify") return DatasetKind::Classify;
  return std::nullopt;
}

std::optional<RunStatus> parseRunStatus(std::string_view text) noexcept {
  for (auto s : {RunStatus::Running, RunStatus::Completed, RunStatus::Cancelled, RunStatus::Failed,
                 RunStatus::Interrupted})
    if (toString(s) == text) return s;
  return std::nullopt;
}

}  // namespace aaren::store
