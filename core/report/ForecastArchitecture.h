#pragma once
// The model card's rows that describe a forecaster: lookback, horizon, what each step reads,
// the daily cycle, the linear skip and the least-squares part it was built on (with the
// guard's verdict on the network). Part of the report builder; no Qt.
#include "core/models/ModelFileInfo.h"
#include "core/report/Report.h"

#include <vector>

namespace aaren::report {

void addForecastArchitecture(std::vector<KeyValue>& rows, const ModelFileInfo& info);

}  // namespace aaren::report
