#pragma once
// Ctrl-C (SIGINT) and SIGTERM as a cancel flag while a long command runs: the first signal
// sets the flag (training stops within one batch, keeping the best weights) and restores the
// default action, so a second Ctrl-C ends the process at once.
// Threading: one InterruptGuard at a time per process, created and destroyed on the main
// thread; flag() may be read from any thread.
#include <atomic>

namespace aaren::cli {

class InterruptGuard {
 public:
  InterruptGuard();   // installs the handlers and clears the flag
  ~InterruptGuard();  // restores the handlers that were there before
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  const std::atomic<bool>& flag() const;
  bool interrupted() const { return flag().load(); }
  // The signal that set the flag (0 if none).
  int signal() const;
};

}  // namespace aaren::cli
