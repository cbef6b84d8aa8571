#pragma once
// The forecast table as CSV, readable by the project's own CSV reader (and any spreadsheet):
//
//   timestamp,step,HUFL,HULL,...          (timestamp only when the data is timed)
//   2018-06-26 20:00:00,1,10.25,3.0625,...
//
// Timestamps are "YYYY-MM-DD HH:MM:SS" (UTC / the data's wall-clock time); values are the
// shortest decimal text that reads back to the same double; a NaN is an empty field;
// names are CSV text cells (Escape.h: quoted per RFC 4180; one starting with = + - @ gets
// a leading apostrophe so a spreadsheet does not run it as a formula).
//
// Threading: pure functions.
#include "core/report/Report.h"

#include <filesystem>
#include <string>

namespace aaren::report {

std::string forecastCsvText(const ForecastTable& table);
// Atomic (AtomicWrite.h); throws ReportWriteError.
void writeForecastCsv(const std::filesystem::path& file, const ForecastTable& table);

// Shortest round-trip decimal text of a double ("0.1", "1e-07", "nan" never: NaN is "").
std::string shortestDecimal(double value);

}  // namespace aaren::report
