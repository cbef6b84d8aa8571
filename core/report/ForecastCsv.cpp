#include "core/report/ForecastCsv.h"

#include "core/data/Timestamp.h"
#include "core/report/AtomicWrite.h"
#include "core/report/Escape.h"

#include <charconv>
#include <cmath>

namespace aaren::report {

std::string shortestDecimal(double value) {
  if (!std::isfinite(value)) return {};
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string forecastCsvText(const ForecastTable& table) {
  std::string out;
  if (table.has_time) out += "timestamp,";
  out += "step";
  for (const auto& name : table.channels) out += ',' + csvTextField(name);
  out += '\n';
  for (std::size_t s = 0; s < table.rows(); ++s) {
    if (table.has_time) out += data::formatTimestamp(table.timestamps[s]) + ',';
    out += std::to_string(table.steps[s]);
    for (std::size_t c = 0; c < table.channels.size(); ++c) out += ',' + shortestDecimal(table.value(s, c));
    out += '\n';
  }
  return out;
}

void writeForecastCsv(const std::filesystem::path& file, const ForecastTable& table) {
  writeFileAtomically(file, forecastCsvText(table));
}

}  // namespace aaren::report
