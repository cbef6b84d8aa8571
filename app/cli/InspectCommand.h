#pragma once
// `aaren inspect FILE [--table T | --sql QUERY] [--format F] [--json]`: what the readers find
// in a CSV, long-format classification CSV, UEA/UCR .ts or SQLite file — rows, columns and
// their kinds, time span, inferred frequency, missing values per column, gaps, warnings.
// Threading: runs on the calling thread; nothing shared between calls.
#include "app/cli/Command.h"

namespace aaren::cli {

Command makeInspectCommand();

}  // namespace aaren::cli
