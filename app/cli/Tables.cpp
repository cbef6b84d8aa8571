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

namespace {

// 4 decimals; 1 above 10,000 (values in the data's own units can be large); "-" when missing.
std::string number(double v, bool percent = false) {
  if (!std::isfinite(v)) return "-";
  char buf[48];
  std::snprintf(buf, sizeof buf, percent ? "%.2f" : std::abs(v) >= 1e4 ? "%.1f" : "%.4f", v);
  return buf;
}

// The width of each column: its widest cell.
std::vector<std::size_t> columnWidths(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], r[i].size());
    }
  return width;
}

// Left-aligned first column, the others right-aligned, each as wide as its widest cell.
void printRightAligned(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  const auto width = columnWidths(rows);
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i) {
      const std::string fill(width[i] - r[i].size(), ' ');
      out << (i == 0 ? r[i] + fill : "  " + fill + r[i]);
    }
    out << '\n';
  }
}

}  // namespace

void printForecastMetrics(std::ostream& out, const std::vector<ForecastRow>& rows, std::int64_t mase_period) {
  std::vector<std::vector<std::string>> summary{{"model", "MSE scaled", "MAE scaled", "MAE", "RMSE", "MAPE %", "sMAPE %", "MASE"}};
  for (const auto& r : rows) {
    const auto& m = *r.metrics;
    summary.push_back({r.name, number(m.mse), number(m.mae), number(m.mae_original), number(m.rmse_original), number(m.mape, true),
                       number(m.smape, true), number(m.mase)});
  }
  printRightAligned(out, summary);
  if (rows.empty() || rows.front().metrics->channels.empty()) return;
  out << "per channel, in the data's own units (MASE against the seasonal naive forecast at period " << mase_period
      << "; MAPE \"-\" where actuals come near zero):\n";
  for (std::size_t c = 0; c < rows.front().metrics->channels.size(); ++c) {
    std::vector<std::vector<std::string>> t{{rows.front().metrics->channels[c].name, "MAE", "RMSE", "MAPE %", "sMAPE %", "MASE"}};
    for (const auto& r : rows) {
      if (c >= r.metrics->channels.size()) continue;
      const auto& m = r.metrics->channels[c];
      t.push_back({"  " + r.name, number(m.mae), number(m.rmse), number(m.mape, true), number(m.smape, true), number(m.mase)});
    }
    printRightAligned(out, t);
  }
}

void printTextTable(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  const auto width = columnWidths(rows);
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

void printLinearChoice(std::ostream& out, const std::vector<train::LinearCandidate>& candidates, std::size_t chosen,
                       const train::NetworkGuard& guard) {
  if (!candidates.empty()) {
    out << "least-squares part, chosen on the validation windows (fewest parameters within one standard error of the best):\n";
    std::vector<std::vector<std::string>> rows{{"candidate", "parameters", "ridge", "val MSE", "gap / SE", ""}};
    const double best = std::min_element(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
                          return a.val_mse < b.val_mse;
                        })->val_mse;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const auto& c = candidates[i];
      char ridge[32] = "-", gap[32] = "best";
      if (c.kind == train::LinearKind::Map) std::snprintf(ridge, sizeof ridge, "%g", c.ridge);
      if (c.val_mse > best) std::snprintf(gap, sizeof gap, c.gap_se > 0 ? "%.1f" : "-", c.gap_se > 0 ? (c.val_mse - best) / c.gap_se : 0.0);
      rows.push_back({c.name, withThousands(c.parameters), ridge, number(c.val_mse), gap,
                      i == chosen ? "chosen" : c.eligible ? "within 1 SE" : ""});
    }
    printRightAligned(out, rows);
  }
  if (guard.checked) out << guard.message() << '\n';
}

void printLookbackChoice(std::ostream& out, const train::LookbackChoice& choice) {
  if (choice.scores.empty()) return;
  out << "lookback, chosen on the validation windows (the shortest within one standard error of the best):\n";
  std::vector<std::vector<std::string>> rows{{"lookback", "least-squares part", "val MSE", "gap / SE", ""}};
  double best = choice.scores.front().val_mse;
  for (const auto& s : choice.scores) best = std::min(best, s.val_mse);
  for (std::size_t i = 0; i < choice.scores.size(); ++i) {
    const auto& s = choice.scores[i];
    char gap[32] = "best";
    if (s.val_mse > best) std::snprintf(gap, sizeof gap, s.gap_se > 0 ? "%.1f" : "-", s.gap_se > 0 ? (s.val_mse - best) / s.gap_se : 0.0);
    rows.push_back({std::to_string(s.lookback), s.pick, number(s.val_mse), gap,
                    i == choice.chosen ? "chosen" : s.eligible ? "within 1 SE" : ""});
  }
  printRightAligned(out, rows);
}

}  // namespace aaren::cli
