#pragma once
// Plain-text tables for the commands' default (non-JSON) output.
// Threading: plain functions on the calling thread.
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace aaren::cli {

struct MetricsRow {
  std::string name;
  std::map<std::string, double> metrics;
};

// One row per model, one right-aligned column per metric (4 decimals; "-" when absent).
void printMetricsTable(std::ostream& out, const std::vector<MetricsRow>& rows, const std::vector<std::string>& columns);

// Left-aligned columns sized to their widest cell; the first row is the header.
void printTextTable(std::ostream& out, const std::vector<std::vector<std::string>>& rows);

// "12,345"
std::string withThousands(long long value);

}  // namespace aaren::cli
