#include "core/store/RunRecorder.h"

#include <exception>

namespace aaren::store {

RunRecorder::RunRecorder(Workspace& ws, const RunRecord& run)
    : ws_(ws), id_(ws.startRun(run)), uncaughtAtStart_(std::uncaught_exceptions()) {}

RunRecorder::~RunRecorder() {
  if (finished_) return;
  try {
    if (std::uncaught_exceptions() > uncaughtAtStart_)
      ws_.finishRun(id_, RunStatus::Failed, "the run ended with an exception");
    else
      ws_.finishRun(id_, RunStatus::Interrupted, "the run was abandoned before it finished");
  } catch (...) {
  }
}

void RunRecorder::addEpoch(EpochRecord epoch) {
  epoch.runId = id_;
  ws_.addEpoch(epoch);
}

bool RunRecorder::heartbeat() { return ws_.heartbeat(id_); }

void RunRecorder::finish(RunStatus status, const std::string& message, const nlohmann::json& metrics) {
  if (finished_) return;
  ws_.finishRun(id_, status, message, metrics);
  finished_ = true;
}

}  // namespace aaren::store
