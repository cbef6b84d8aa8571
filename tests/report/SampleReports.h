#pragma once
// Reports built by hand for the writer and renderer tests: a forecasting report over three
// hourly sine-wave channels and a classification report with four classes. The numbers
// are made up but shaped like real ones (the end-to-end tests build theirs from a run).
#include "core/report/Report.h"

namespace aaren::testing {

aaren::report::Report sampleForecastReport();
aaren::report::Report sampleClassifyReport();

}  // namespace aaren::testing
