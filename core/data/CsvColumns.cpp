// CsvParser: what the columns are (header, timestamp, split time parts, numbers, text),
// decided from the first rows, and the result assembled once every row is read.
#include "core/data/CsvParser.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace aaren::data::csv {

// A name already taken by an earlier column gets the first free suffix: "a", "a" -> "a", "a.1";
// "a", "a", "a.1" -> "a", "a.1", "a.1.1". One hash lookup per name and per suffix tried, and
// each base name remembers the last suffix it handed out (every smaller one stays taken), so
// a header of n names costs O(n) lookups whatever it repeats.
void CsvParser::renameDuplicates(std::uint64_t headerLine) {
  std::unordered_set<std::string> taken;
  std::unordered_map<std::string, std::size_t> lastSuffix;
  taken.reserve(names_.size());
  for (std::size_t j = 0; j < names_.size(); ++j) {
    if (taken.insert(names_[j]).second) continue;
    const std::string base = names_[j];
    std::size_t& k = lastSuffix[base];
    do names_[j] = base + "." + std::to_string(++k);
    while (!taken.insert(names_[j]).second);
    warnings_.push_back({WarningKind::DuplicateColumnName, headerLine, static_cast<std::uint32_t>(j + 1),
                         "column name '" + base + "' repeated: renamed '" + names_[j] + "'"});
  }
}

void CsvParser::decide() {
  collecting_ = false;
  if (sample_.empty())
    throw DataError(src_, 0, 0,
                    consumed_ + len_ == 0 ? "empty file" : "no rows (only blank or comment lines)");
  // Header?
  const auto& row0 = sample_[0];
  if (opt_.header == HeaderMode::Present) {
    header_ = true;
  } else if (opt_.header == HeaderMode::Auto) {
    std::vector<std::size_t> textCols;
    for (std::size_t j = 0; j < row0.size(); ++j)
      if (cellKind(row0[j]) == 3) textCols.push_back(j);
    if (!textCols.empty()) {
      if (textCols.size() == row0.size() || sample_.size() == 1) {
        header_ = true;
      } else {
        for (std::size_t j : textCols) {
          const int k = j < sample_[1].size() ? cellKind(sample_[1][j]) : 3;
          if (k == 1 || k == 2) header_ = true;
        }
      }
    }
  }
  std::uint64_t headerLine = 0;
  if (header_) {
    headerLine = sampleLines_[0];
    for (std::size_t j = 0; j < row0.size(); ++j) {
      const std::string_view name = trim(row0[j]);
      if (!isValidUtf8(name))
        throw DataError(src_, headerLine, static_cast<std::uint32_t>(j + 1),
                        "invalid UTF-8 in the header");
      names_.emplace_back(name.empty() ? "column" + std::to_string(j + 1) : std::string(name));
    }
    sample_.erase(sample_.begin());
    sampleLines_.erase(sampleLines_.begin());
  } else {
    for (std::size_t j = 0; j < row0.size(); ++j) names_.push_back("column" + std::to_string(j + 1));
  }
  if (sample_.empty()) throw DataError(src_, headerLine, 0, "no data rows after the header");
  const std::size_t n = names_.size();
  renameDuplicates(headerLine);
  for (std::size_t i = 0; i < sample_.size(); ++i)
    if (sample_[i].size() != n)
      throw DataError(src_, sampleLines_[i], static_cast<std::uint32_t>(std::min(sample_[i].size(), n) + 1),
                      "expected " + std::to_string(n) + " fields, found " +
                          std::to_string(sample_[i].size()));

  // What each column holds in the sample.
  struct Counts { std::size_t miss = 0, num = 0, ts = 0, text = 0; };
  std::vector<Counts> counts(n);
  for (const auto& row : sample_)
    for (std::size_t j = 0; j < n; ++j) {
      const int k = cellKind(row[j]);
      (k == 0 ? counts[j].miss : k == 1 ? counts[j].num : k == 2 ? counts[j].ts : counts[j].text)++;
    }
  auto isNumericOnly = [&](std::size_t j) { return counts[j].text == 0 && counts[j].ts == 0; };

  plan_.assign(n, Plan{});
  kinds_.assign(n, ColumnKind::Numeric);
  std::optional<std::size_t> timeCol;
  bool epoch = false;
  if (opt_.detectTime) {
    if (!opt_.timeColumn.empty()) {
      const auto it = std::find(names_.begin(), names_.end(), opt_.timeColumn);
      if (it == names_.end())
        throw DataError(src_, 0, 0, "no column named '" + opt_.timeColumn + "'");
      const std::size_t j = static_cast<std::size_t>(it - names_.begin());
      if (counts[j].ts > 0 && counts[j].num == 0 && counts[j].text == 0) timeCol = j;
      else if (counts[j].num > 0 && isNumericOnly(j)) timeCol = j, epoch = true;
      else
        throw DataError(src_, sampleLines_[0], static_cast<std::uint32_t>(j + 1),
                        "column '" + opt_.timeColumn + "' does not hold timestamps");
    } else {
      for (std::size_t j = 0; j < n && !timeCol; ++j)  // mostly timestamps: bad cells are errors
        if (counts[j].ts > counts[j].text && counts[j].num == 0) timeCol = j;
      static const char* kEpochNames[] = {"time", "timestamp", "epoch", "unix", "unix_time",
                                          "unixtime", "date", "datetime", "ts"};
      for (std::size_t j = 0; j < n && !timeCol; ++j) {
        const std::string l = lower(names_[j]);
        if (!header_ || counts[j].num == 0 || !isNumericOnly(j)) continue;
        for (const char* e : kEpochNames)
          if (l == e) timeCol = j, epoch = true;
      }
    }
    if (timeCol) {
      plan_[*timeCol].action = epoch ? Action::Epoch : Action::Time;
      kinds_[*timeCol] = ColumnKind::Time;
      hasTime_ = true;
    } else if (header_) {
      static const char* kParts[] = {"year", "month", "day", "hour", "minute", "second"};
      std::optional<std::size_t> found[6];
      for (std::size_t j = 0; j < n; ++j) {
        const std::string l = lower(names_[j]);
        for (std::size_t k = 0; k < 6; ++k)
          if (l == kParts[k] && counts[j].num > 0 && isNumericOnly(j) && !found[k]) found[k] = j;
      }
      if (found[0] && found[1]) {
        hasTime_ = hasParts_ = true;
        for (std::size_t k = 0; k < 6; ++k)
          if (found[k]) {
            plan_[*found[k]] = {Action::Part, k};
            kinds_[*found[k]] = ColumnKind::TimePart;
          }
      }
    }
  }
  for (std::size_t j = 0; j < n; ++j) {
    if (plan_[j].action != Action::Value) continue;
    // Mostly numbers with a few words is a numeric column with bad cells (an error later,
    // naming the cell); mostly words is a categorical column.
    if (isNumericOnly(j) || counts[j].text + counts[j].ts < counts[j].num) {
      plan_[j].slot = nValues_++;
      valueSource_.push_back(j);
    } else {
      plan_[j] = {Action::Category, cats_.size()};
      kinds_[j] = ColumnKind::Categorical;
      cats_.emplace_back();
      catSource_.push_back(j);
    }
  }
  missing_.assign(n, 0);
  nonFinite_.assign(n, 0);
  nonFiniteLine_.assign(n, 0);

  // A row of n fields takes at least n bytes, which bounds the row count by the input size
  // even when the line count is inflated by blank or comment lines.
  std::uint64_t hint = rowsHint_;
  if (hint > 0 && total_ > 0) hint = std::min<std::uint64_t>(hint, total_ / std::max<std::size_t>(n, 1) + 1);
  cap_ = hint > 0 ? static_cast<std::size_t>(hint) : std::max<std::size_t>(1024, 2 * sample_.size());
  values_.resize(nValues_ * cap_);
  if (hasTime_) ts_.reserve(cap_);

  std::vector<std::string_view> views;
  for (std::size_t i = 0; i < sample_.size(); ++i) {
    views.assign(sample_[i].begin(), sample_[i].end());
    processRow(views, sampleLines_[i]);
  }
  sample_.clear();
  sample_.shrink_to_fit();
}
CsvResult CsvParser::finish() {
  CsvResult res;
  res.delimiter = tok_.delimiter();
  res.header = header_;
  res.bytes = consumed_ + len_;
  Series& s = res.series;
  // Close the gaps between columns left by the row estimate.
  if (cap_ != rows_) {
    for (std::size_t c = 1; c < nValues_; ++c)
      std::memmove(values_.data() + c * rows_, values_.data() + c * cap_, rows_ * sizeof(double));
    values_.resize(nValues_ * rows_);
  }
  s.rows = rows_;
  s.values = std::move(values_);
  s.timestamps = std::move(ts_);
  for (std::size_t slot = 0; slot < nValues_; ++slot) s.names.push_back(names_[valueSource_[slot]]);

  // A leading row-number column (named No/index/id/..., holding 0,1,2,... or 1,2,3,...) is
  // not data.
  static const char* kIndexNames[] = {"no", "index", "id", "idx", "row", "#", "unnamed: 0"};
  const std::string firstName = header_ && !names_.empty() ? lower(names_[0]) : std::string("-");
  const bool indexName = std::any_of(std::begin(kIndexNames), std::end(kIndexNames),
                                     [&](const char* n) { return firstName == n; });
  if (indexName && nValues_ > 0 && valueSource_[0] == 0 && rows_ >= 2) {
    const auto c0 = s.column(0);
    bool index = c0[0] == 0.0 || c0[0] == 1.0;
    for (std::size_t r = 1; r < rows_ && index; ++r) index = c0[r] == c0[0] + static_cast<double>(r);
    if (index) {
      s.values.erase(s.values.begin(), s.values.begin() + static_cast<long>(rows_));
      s.names.erase(s.names.begin());
      kinds_[0] = ColumnKind::Index;
      warnings_.push_back({WarningKind::IndexColumn, 0, 1,
                           "column '" + names_[0] + "' counts rows: excluded from the values"});
    }
  }
  for (std::size_t j = 0; j < names_.size(); ++j) s.columns.push_back({names_[j], kinds_[j], missing_[j]});
  for (std::size_t k = 0; k < cats_.size(); ++k) {
    const std::size_t j = catSource_[k];
    warnings_.push_back({WarningKind::CategoricalColumn, 0, static_cast<std::uint32_t>(j + 1),
                         "column '" + names_[j] + "' holds text (" +
                             std::to_string(cats_[k].levels.size()) + " levels): " +
                             (opt_.categorical == CategoricalPolicy::OneHot
                                  ? "one-hot encoded"
                                  : "excluded from the values")});
    s.categoricals.push_back({names_[j], std::move(cats_[k].levels), std::move(cats_[k].codes)});
  }
  for (std::size_t j = 0; j < names_.size(); ++j) {
    if (nonFinite_[j] > 0)
      warnings_.push_back({WarningKind::NonFiniteValue, nonFiniteLine_[j],
                           static_cast<std::uint32_t>(j + 1),
                           "column '" + names_[j] + "': " + std::to_string(nonFinite_[j]) +
                               " non-finite or out-of-range numbers read as missing"});
    if (missing_[j] > 0 && kinds_[j] != ColumnKind::Categorical)
      warnings_.push_back({WarningKind::MissingValues, 0, static_cast<std::uint32_t>(j + 1),
                           "column '" + names_[j] + "': " + std::to_string(missing_[j]) +
                               " missing values"});
  }
  s.refreshStats();
  if (s.time.duplicates > 0)
    warnings_.push_back({WarningKind::DuplicateTimestamp, firstDupLine_, 0,
                         std::to_string(s.time.duplicates) + " duplicate timestamps"});
  if (s.time.outOfOrder > 0)
    warnings_.push_back({WarningKind::OutOfOrderTimestamp, firstOooLine_, 0,
                         std::to_string(s.time.outOfOrder) + " timestamps earlier than the row before"});
  if (s.time.gaps > 0)
    warnings_.push_back({WarningKind::Gap, 0, 0,
                         std::to_string(s.time.gaps) + " gaps (" + std::to_string(s.time.missingSteps) +
                             " missing " + s.time.frequency.label() + " steps)"});
  if (opt_.categorical == CategoricalPolicy::OneHot) {
    std::vector<std::string> catNames;
    for (const auto& c : s.categoricals) catNames.push_back(c.name);
    for (const auto& name : catNames) appendOneHot(s, name);
  }
  res.warnings = std::move(warnings_);
  return res;
}

}  // namespace aaren::data::csv
