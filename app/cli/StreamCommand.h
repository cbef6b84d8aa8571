#pragma once
// `aaren stream --model FILE [--model FILE ...] --source URI`: feeds a live source through
// every model (Aaren with its O(1) step, the Transformer with its KV cache, and an untrained
// Transformer twin for the cost comparison when no Transformer is given) and prints, every
// --interval seconds, the forecasts (or class probabilities), the rolling error and the
// memory and step-time figures of each model; --json prints one JSON object per report.
// Ends when the source ends, at --max-samples or --duration, after --idle-exit seconds
// without data, or on Ctrl-C (exit 130).
// Threading: runs on the calling thread (the session has its own threads).
#include "app/cli/Command.h"

namespace aaren::cli {

Command makeStreamCommand();

}  // namespace aaren::cli
