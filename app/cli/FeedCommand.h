#pragma once
// `aaren feed DATA --to URI [--rate R]`: serves a CSV or SQLite series as a live feed of
// text lines (tcp:// listens for clients, tcp+listen:// connects to a listening stream,
// udp:// sends datagrams), for demos and tests of `aaren stream` and the app's Live tab.
// Threading: runs on the calling thread.
#include "app/cli/Command.h"

namespace aaren::cli {

Command makeFeedCommand();

}  // namespace aaren::cli
