#pragma once
// `aaren report --model FILE --data FILE --out report.pdf|.html|.csv|.json`: scores a saved
// model on a data file (its split, scaler and missing-value policy; the baselines on the
// same windows), forecasts ahead, and writes the report. Headless: PDF, HTML and plots are
// drawn with the offscreen Qt platform (unless QT_QPA_PLATFORM says otherwise), so it runs
// in CI and over ssh without a display.
// Threading: runs on the calling thread, which becomes the Qt GUI thread while it renders.
#include "app/cli/Command.h"

namespace aaren::cli {

Command makeReportCommand();

}  // namespace aaren::cli
