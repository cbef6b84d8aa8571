#include "core/data/Series.h"

#include <cmath>
#include <stdexcept>

namespace aaren::data {

std::string_view toString(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::Time: return "time";
    case ColumnKind::TimePart: return "time-part";
    case ColumnKind::Numeric: return "numeric";
    case ColumnKind::Categorical: return "categorical";
    case ColumnKind::Index: return "index";
  }
  return "numeric";
}

std::optional<std::size_t> Series::find(std::string_view name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return i;
  return std::nullopt;
}

std::size_t Series::totalMissing() const {
  std::size_t n = 0;
  for (std::size_t m : missing) n += m;
  return n;
}

void Series::refreshStats() {
  missing.assign(names.size(), 0);
  for (std::size_t c = 0; c < names.size(); ++c)
    for (double v : column(c)) missing[c] += std::isnan(v) ? 1 : 0;
  time = analyzeTimes(timestamps);
}

std::size_t appendOneHot(Series& s, std::string_view name) {
  const CategoricalColumn* cat = nullptr;
  for (const auto& c : s.categoricals)
    if (c.name == name) cat = &c;
  if (cat == nullptr) return 0;
  const std::size_t added = cat->levels.size();
  const std::size_t base = s.values.size();
  s.values.resize(base + added * s.rows, 0.0);
  for (std::size_t r = 0; r < s.rows; ++r) {
    const std::int32_t code = cat->codes[r];
    for (std::size_t l = 0; l < added; ++l) {
      double& v = s.values[base + l * s.rows + r];
      v = code < 0 ? std::nan("") : (static_cast<std::size_t>(code) == l ? 1.0 : 0.0);
    }
  }
  for (std::size_t l = 0; l < added; ++l) {
    s.names.push_back(std::string(name) + "=" + cat->levels[l]);
    std::size_t miss = 0;
    for (std::int32_t code : cat->codes) miss += code < 0 ? 1 : 0;
    s.missing.push_back(miss);
  }
  return added;
}

void keepRows(Series& s, const std::vector<bool>& keep) {
  if (keep.size() != s.rows) throw std::invalid_argument("keepRows: mask size differs from rows");
  std::size_t kept = 0;
  for (bool k : keep) kept += k ? 1 : 0;
  // Compact column by column, in place (the write position never overtakes the read).
  std::size_t out = 0;
  for (std::size_t c = 0; c < s.cols(); ++c)
    for (std::size_t r = 0; r < s.rows; ++r)
      if (keep[r]) s.values[out++] = s.values[c * s.rows + r];
  s.values.resize(out);
  if (!s.timestamps.empty()) {
    std::size_t w = 0;
    for (std::size_t r = 0; r < s.rows; ++r)
      if (keep[r]) s.timestamps[w++] = s.timestamps[r];
    s.timestamps.resize(w);
  }
  for (auto& cat : s.categoricals) {
    std::size_t w = 0;
    for (std::size_t r = 0; r < s.rows; ++r)
      if (keep[r]) cat.codes[w++] = cat.codes[r];
    cat.codes.resize(w);
  }
  s.rows = kept;
  s.refreshStats();
}

}  // namespace aaren::data
