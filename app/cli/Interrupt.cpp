#include "app/cli/Interrupt.h"

#include <csignal>

namespace aaren::cli {

namespace {

std::atomic<bool> g_flag{false};
std::atomic<int> g_signal{0};
struct sigaction g_old_int, g_old_term;

static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");

extern "C" void onSignal(int sig) {
  g_signal.store(sig);
  g_flag.store(true);
}

}  // namespace

InterruptGuard::InterruptGuard() {
  g_flag = false;
  g_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = onSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;  // the next signal takes the default action
  sigaction(SIGINT, &sa, &g_old_int);
  sigaction(SIGTERM, &sa, &g_old_term);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
}

const std::atomic<bool>& InterruptGuard::flag() const { return g_flag; }
int InterruptGuard::signal() const { return g_signal.load(); }

}  // namespace aaren::cli
