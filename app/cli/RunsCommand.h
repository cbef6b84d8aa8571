#pragma once
// `aaren runs [--workspace PATH] [--json]` lists the training runs recorded in the workspace;
// `aaren runs show ID` shows one run with its configuration, epochs and models.
// Threading: runs on the calling thread.
#include "app/cli/Command.h"

namespace aaren::cli {

Command makeRunsCommand();

}  // namespace aaren::cli
