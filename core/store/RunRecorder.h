#pragma once
// RunRecorder: RAII for one training run in a workspace. The constructor starts the run;
// finish() ends it. Destroyed without finish(), it ends the run itself, so a run is never
// left "running" by a process that is still alive:
//   - while an exception unwinds the stack: status failed, "the run ended with an exception";
//   - otherwise: status interrupted, "the run was abandoned before it finished".
// Errors while doing so are swallowed (a destructor cannot throw); the next open of the
// workspace after the process ends marks the run interrupted anyway.
//
// Threading: the same as the Workspace it writes to (one thread at a time); the Workspace
// must outlive the recorder.
#include <cstdint>
#include <string>

#include "core/store/Workspace.h"

namespace aaren::store {

class RunRecorder {
 public:
  RunRecorder(Workspace& ws, const RunRecord& run);
  ~RunRecorder();
  RunRecorder(const RunRecorder&) = delete;
  RunRecorder& operator=(const RunRecorder&) = delete;

  std::int64_t id() const noexcept { return id_; }
  bool finished() const noexcept { return finished_; }

  // Records one epoch of this run (epoch.runId is ignored and set to id()).
  void addEpoch(EpochRecord epoch);
  bool heartbeat();
  // Ends the run (see Workspace::finishRun). Only the first call has an effect.
  void finish(RunStatus status, const std::string& message = {},
              const nlohmann::json& metrics = nullptr);
  // Gives up on the workspace (it cannot be written: busy, corrupt, full): the destructor
  // then leaves the run as it is, and the next open after this process ends marks it
  // interrupted. Spares a second wait of the busy timeout.
  void abandon() noexcept { finished_ = true; }

 private:
  Workspace& ws_;
  std::int64_t id_ = 0;
  int uncaughtAtStart_ = 0;
  bool finished_ = false;
};

}  // namespace aaren::store
