#include "app/cli/Tables.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace aaren::cli {

void printMetricsTable(std::ostream& out, const std::vector<MetricsRow>& rows, const std::vector<std::string>& columns) {
  std::size_t name_width = 5;
  for (const auto& r : rows) name_width = std::max(name_width, r.name.size());
  auto pad = [&](const std::string& s, std::size_t w, bool left) {
    const std::string fill(w > s.size() ? w - s.size() : 0, ' ');
    return left ? s + fill : fill + s;
  };
  out << pad("model", name_width, true);
  for (const auto& c : columns) out << "  " << pad(c, 9, false);
  out << '\n';
  for (const auto& r : rows) {
    out << pad(r.name, name_width, true);
    for (const auto& c : columns) {
      auto it = r.metrics.find(c);
      std::string cell = "-";
      if (it != r.metrics.end() && std::isfinite(it->second)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.4f", it->second);
        cell = buf;
      }
      out << "  " << pad(cell, 9, false);
    }
    out << '\n';
  }
}

void printTextTable(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], r[i].size());
    }
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
    }
    out << line << '\n';
  }
}

std::string withThousands(long long value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

}  // namespace aaren::cli
