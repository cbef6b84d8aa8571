#pragma once
// `aaren eval --model FILE --data FILE [--part test|val|all] [--json]`: scores a saved model
// on data — forecasting models on every window of a part of the split recorded in the
// model, beside the baselines; classification models on every labelled case.
// Threading: runs on the calling thread.
#include "app/cli/Command.h"

namespace aaren::cli {

Command makeEvalCommand();

}  // namespace aaren::cli
