#pragma once
// `aaren train --data FILE [options]`: prepares the data, trains an Aaren or Transformer
// forecaster or classifier, scores it on the test part beside the baselines, and (with
// --out) saves a self-describing model file.
// Threading: runs on the calling thread.
#include "app/cli/Command.h"

namespace aaren::cli {

Command makeTrainCommand();

}  // namespace aaren::cli
