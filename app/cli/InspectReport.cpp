#include "app/cli/InspectReport.h"

#include <algorithm>
#include <iomanip>
#include <ostream>

#include "app/cli/CliCommon.h"
#include "core/data/Timestamp.h"
#include "core/train/SeasonalPeriods.h"

namespace aaren::cli {

using json = nlohmann::ordered_json;
namespace d = aaren::data;

namespace {

json warningsJson(const std::vector<d::Warning>& warnings) {
  json arr = json::array();
  for (const auto& w : warnings)
    arr.push_back({{"kind", std::string(d::toString(w.kind))}, {"line", w.line}, {"column", w.column},
                   {"message", w.message}});
  return arr;
}

void printWarnings(std::ostream& os, const std::vector<d::Warning>& warnings) {
  if (warnings.empty()) {
    os << "Warnings:   none\n";
    return;
  }
  os << "Warnings:   " << warnings.size() << '\n';
  for (const auto& w : warnings) {
    os << "  [" << d::toString(w.kind) << "]";
    if (w.line > 0) os << " line " << w.line;
    if (w.column > 0) os << " column " << w.column;
    os << ": " << w.message << '\n';
  }
}

std::string kindCounts(const d::Series& s) {
  std::size_t counts[5] = {};
  for (const auto& c : s.columns) ++counts[static_cast<int>(c.kind)];
  std::string out;
  const d::ColumnKind order[] = {d::ColumnKind::Time, d::ColumnKind::TimePart, d::ColumnKind::Numeric,
                                 d::ColumnKind::Categorical, d::ColumnKind::Index};
  for (auto k : order) {
    const std::size_t n = counts[static_cast<int>(k)];
    if (n == 0) continue;
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " " + std::string(d::toString(k));
  }
  return out;
}

std::string frequencyText(const d::Frequency& f) {
  if (!f.known()) return "unknown";
  if (f.months > 0) return f.label() + " (" + std::to_string(f.months) + " month" + (f.months > 1 ? "s" : "") + ")";
  return f.label() + " (" + std::to_string(f.seconds) + " s)";
}

// Seasonal periods on the rows `aaren train` would train on by default (study §4 rule).
struct SeriesPeriods {
  d::RowRange train;
  std::vector<aaren::train::SeasonalPeriod> periods;
};
SeriesPeriods seriesPeriods(const SourceInfo& src, const d::Series& s) {
  const auto train = aaren::train::defaultTrainRows(s, src.file);
  return {train, aaren::train::detectSeasonalPeriods(s, train).periods};
}

}  // namespace

std::string jsonText(const json& j) { return jsonOutput(j); }

json seriesJson(const SourceInfo& src, const d::Series& s, const std::vector<d::Warning>& warnings) {
  json cols = json::array();
  for (const auto& c : s.columns)
    cols.push_back({{"name", c.name}, {"kind", std::string(d::toString(c.kind))}, {"missing", c.missing}});
  json j = {{"file", src.file},
            {"format", src.format},
            {"rows", s.rows},
            {"columns", cols},
            {"values", s.names},
            {"missing_values", s.totalMissing()},
            {"warnings", warningsJson(warnings)}};
  json cats = json::array();
  for (const auto& c : s.categoricals) cats.push_back({{"name", c.name}, {"levels", c.levels}});
  j["categorical"] = cats;
  const auto sp = seriesPeriods(src, s);
  json periods = json::array();
  for (const auto& p : sp.periods) periods.push_back({{"period", p.period}, {"strength", p.strength}});
  j["periods"] = periods;
  j["periods_train_rows"] = sp.train.size();
  if (s.hasTime()) {
    j["time"] = {{"first", d::formatTimestamp(s.time.first)},
                 {"last", d::formatTimestamp(s.time.last)},
                 {"frequency", s.time.frequency.label()},
                 {"frequency_seconds", s.time.frequency.seconds},
                 {"frequency_months", s.time.frequency.months},
                 {"gaps", s.time.gaps},
                 {"missing_steps", s.time.missingSteps},
                 {"irregular", s.time.irregular},
                 {"duplicates", s.time.duplicates},
                 {"out_of_order", s.time.outOfOrder}};
  } else {
    j["time"] = nullptr;
  }
  return j;
}

json labeledJson(const SourceInfo& src, const d::LabeledSeriesSet& s, const std::vector<d::Warning>& warnings) {
  json classes = json::array();
  const auto counts = s.classCounts();
  for (std::size_t k = 0; k < s.classNames.size(); ++k)
    classes.push_back({{"name", s.classNames[k]}, {"cases", counts[k]}});
  return {{"file", src.file},
          {"format", src.format},
          {"problem", s.name},
          {"cases", s.size()},
          {"channels", s.channels},
          {"min_length", s.minLength()},
          {"max_length", s.maxLength()},
          {"equal_length", s.equalLength()},
          {"classes", classes},
          {"missing_values", s.missing},
          {"warnings", warningsJson(warnings)}};
}

json tablesJson(const SourceInfo& src, const std::vector<d::TableInfo>& tables) {
  json arr = json::array();
  for (const auto& t : tables)
    arr.push_back({{"name", t.name}, {"kind", t.view ? "view" : "table"}, {"rows", t.rows < 0 ? nlohmann::json(nullptr) : nlohmann::json(t.rows)}, {"columns", t.columns}});
  return {{"file", src.file}, {"format", src.format}, {"tables", arr}};
}

void printSeries(std::ostream& os, const SourceInfo& src, const d::Series& s,
                 const std::vector<d::Warning>& warnings) {
  os << "File:       " << src.file << '\n'
     << "Format:     " << src.format << '\n'
     << "Rows:       " << s.rows << '\n'
     << "Columns:    " << s.columns.size() << " (" << kindCounts(s) << ")\n";
  std::size_t width = 4;
  for (const auto& c : s.columns) width = std::max(width, c.name.size());
  os << "  " << std::left << std::setw(static_cast<int>(width)) << "name" << "  " << std::setw(11) << "kind"
     << "missing\n";
  for (const auto& c : s.columns) {
    os << "  " << std::left << std::setw(static_cast<int>(width)) << c.name << "  " << std::setw(11)
       << d::toString(c.kind) << std::right << std::setw(7) << c.missing;
    if (c.kind == d::ColumnKind::Categorical)
      for (const auto& cat : s.categoricals)
        if (cat.name == c.name) os << "  (" << cat.levels.size() << " levels)";
    os << '\n';
  }
  os << std::left;
  if (s.hasTime()) {
    os << "Time:       " << d::formatTimestamp(s.time.first) << " to " << d::formatTimestamp(s.time.last) << '\n'
       << "Frequency:  " << frequencyText(s.time.frequency) << '\n'
       << "Gaps:       " << s.time.gaps << " (" << s.time.missingSteps << " missing steps), "
       << s.time.duplicates << " duplicate, " << s.time.outOfOrder << " out of order";
    if (s.time.irregular > 0) os << ", " << s.time.irregular << " irregular";
    os << '\n';
  } else {
    os << "Time:       none (no time column found)\n";
  }
  os << "Missing:    " << s.totalMissing() << " of " << s.rows * s.cols() << " values\n";
  const auto sp = seriesPeriods(src, s);
  os << "Periods:    " << aaren::train::periodsText(sp.periods) << " (seasonal strength S on the training part, the first "
     << sp.train.size() << " rows)\n";
  printWarnings(os, warnings);
}

void printLabeled(std::ostream& os, const SourceInfo& src, const d::LabeledSeriesSet& s,
                  const std::vector<d::Warning>& warnings) {
  os << "File:       " << src.file << '\n'
     << "Format:     " << src.format << '\n'
     << "Problem:    " << s.name << '\n'
     << "Cases:      " << s.size() << '\n'
     << "Channels:   " << s.channels << '\n'
     << "Length:     ";
  if (s.equalLength()) os << s.maxLength() << " (equal)\n";
  else os << s.minLength() << " to " << s.maxLength() << " (unequal)\n";
  const auto counts = s.classCounts();
  os << "Classes:    " << s.classNames.size();
  for (std::size_t k = 0; k < s.classNames.size(); ++k)
    os << (k == 0 ? ": " : ", ") << s.classNames[k] << " (" << counts[k] << ")";
  os << '\n' << "Missing:    " << s.missing << " values\n";
  printWarnings(os, warnings);
}

void printTables(std::ostream& os, const SourceInfo& src, const std::vector<d::TableInfo>& tables) {
  os << "File:       " << src.file << '\n' << "Format:     " << src.format << '\n';
  os << "Tables:     " << tables.size() << (tables.empty() ? "\n" : " (inspect one with --table NAME)\n");
  std::size_t width = 4;
  for (const auto& t : tables) width = std::max(width, t.name.size());
  for (const auto& t : tables) {
    os << "  " << std::left << std::setw(static_cast<int>(width)) << t.name << "  " << std::setw(6)
       << (t.view ? "view" : "table") << std::right << std::setw(10) << (t.rows < 0 ? std::string("?") : std::to_string(t.rows))
       << " rows  ";
    for (std::size_t i = 0; i < t.columns.size(); ++i) os << (i ? ", " : "") << t.columns[i];
    os << '\n';
  }
  if (std::any_of(tables.begin(), tables.end(), [](const d::TableInfo& t) { return t.rows < 0; }))
    os << "  (? = not counted: counting took too long; a view that never ends?)\n";
  os << std::left;
}

}  // namespace aaren::cli
