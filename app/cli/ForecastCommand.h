#pragma once
// `aaren forecast --model FILE --data FILE [--at ROW|TIME] [--out forecast.csv]`: the next
// horizon values of every channel after a row, in original units, with their timestamps;
// written as CSV (atomically) or printed, and recorded in the workspace.
// Threading: runs on the calling thread.
#include "app/cli/Command.h"

namespace aaren::cli {

Command makeForecastCommand();

}  // namespace aaren::cli
