#pragma once
// `aaren train --data FILE [options]`: prepares the data, trains an Aaren or Transformer
// forecaster or classifier, scores it on the test part beside the baselines, and (with
// --out) saves a self-describing model file; records the dataset, the run (per-epoch
// losses, status, timings, metrics) and the model in the workspace. Ctrl-C cancels,
// keeping the best epoch's weights (exit status 130).
// Threading: runs on the calling thread.
#include "app/cli/Command.h"

namespace aaren::cli {

Command makeTrainCommand();

}  // namespace aaren::cli
