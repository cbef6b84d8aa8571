#pragma once
// `aaren classify --model FILE --data FILE.ts [--out predictions.csv]`: the predicted class
// and class probabilities of every case, and the accuracy when the cases are labelled.
// Threading: runs on the calling thread.
#include "app/cli/Command.h"

namespace aaren::cli {

Command makeClassifyCommand();

}  // namespace aaren::cli
