#pragma once
// The report as JSON: every section and every number (NaN and infinities as null), for a
// machine to read. `aaren report --out report.json` writes it.
//
// Threading: pure functions.
#include "core/report/Report.h"

#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace aaren::report {

inline constexpr int kReportJsonVersion = 1;

nlohmann::json toJson(const Report& report);
std::string reportJsonText(const Report& report);  // pretty-printed, 2-space indent, final newline
// Atomic (AtomicWrite.h); throws ReportWriteError.
void writeReportJson(const std::filesystem::path& file, const Report& report);

}  // namespace aaren::report
