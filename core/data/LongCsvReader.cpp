#include "core/data/LongCsvReader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include "core/data/CsvTokenizer.h"
#include "core/data/InputFile.h"

namespace aaren::data {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view f) {
  while (!f.empty() && (f.front() == ' ' || f.front() == '\t')) f.remove_prefix(1);
  while (!f.empty() && (f.back() == ' ' || f.back() == '\t')) f.remove_suffix(1);
  return f;
}

bool isMissing(std::string_view f) {
  static const char* kMarkers[] = {"", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "?"};
  return std::any_of(std::begin(kMarkers), std::end(kMarkers), [&](const char* m) { return f == m; });
}

std::size_t pick(const std::vector<std::string>& names, const std::string& wanted,
                 std::initializer_list<const char*> candidates, std::size_t fallback,
                 const std::string& src) {
  if (!wanted.empty()) {
    const auto it = std::find(names.begin(), names.end(), wanted);
    if (it == names.end()) throw DataError(src, 1, 0, "no column named '" + wanted + "'");
    return static_cast<std::size_t>(it - names.begin());
  }
  for (const char* c : candidates)  // in order of preference
    for (std::size_t j = 0; j < names.size(); ++j)
      if (lower(names[j]) == c) return j;
  return fallback;
}

struct Case {
  std::vector<std::vector<double>> channels;
  std::string label;
};

}  // namespace

TsResult readLongCsv(std::string_view text, const LongCsvOptions& opt, const ProgressFn& progress) {
  const std::string src = opt.sourceName.empty() ? "input" : opt.sourceName;
  if (text.empty()) throw DataError(src, 0, 0, "empty file");
  if (const void* nul = std::memchr(text.data(), 0, text.size()))
    throw DataError(src, 1 + static_cast<std::uint64_t>(std::count(text.data(), static_cast<const char*>(nul), '\n')), 0,
                    "binary data (a NUL byte): not a text file");
  std::size_t pos = 0;
  if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) pos = 3;
  CsvTokenizer tok(opt.delimiter != 0 ? opt.delimiter : detectDelimiter(text.substr(pos, 1 << 16)));
  const char* p = text.data() + pos;
  const char* end = text.data() + text.size();
  std::uint64_t line = 1;
  std::vector<std::string> names;
  std::size_t idCol = 0, labelCol = 0, timeCol = SIZE_MAX;
  std::vector<std::size_t> channelCols;
  std::vector<Case> cases;
  std::unordered_map<std::string, std::size_t> caseIndex;
  TsResult res;
  std::uint64_t rows = 0;
  while (p < end) {
    if (*p == '#' || *p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      p = nl ? nl + 1 : end;
      ++line;
      continue;
    }
    const auto r = tok.parse(p, end, true);
    if (r.error) throw DataError(src, line, r.errorField, r.error);
    const auto& f = tok.fields();
    const std::uint64_t recLine = line;
    line += 1 + r.newlines;
    p = r.next;
    if (names.empty()) {
      for (std::size_t j = 0; j < f.size(); ++j) {
        if (!isValidUtf8(f[j])) throw DataError(src, recLine, static_cast<std::uint32_t>(j + 1), "invalid UTF-8 in the header");
        names.emplace_back(trim(f[j]));
      }
      if (names.size() < 3)
        throw DataError(src, recLine, 0, "a long-format file needs an id column, at least one channel and a label column");
      idCol = pick(names, opt.idColumn, {"series_id", "id", "case", "case_id", "instance", "sample_id"}, 0, src);
      labelCol = pick(names, opt.labelColumn, {"label", "class", "target", "y"}, names.size() - 1, src);
      timeCol = pick(names, opt.timeColumn, {"time", "timestamp", "t", "step", "date"}, SIZE_MAX, src);
      for (std::size_t j = 0; j < names.size(); ++j)
        if (j != idCol && j != labelCol && j != timeCol) channelCols.push_back(j);
      if (channelCols.empty() || idCol == labelCol)
        throw DataError(src, recLine, 0, "a long-format file needs an id column, at least one channel and a label column");
      continue;
    }
    if (f.size() != names.size())
      throw DataError(src, recLine, static_cast<std::uint32_t>(std::min(f.size(), names.size()) + 1),
                      "expected " + std::to_string(names.size()) + " fields, found " + std::to_string(f.size()));
    const std::string id(trim(f[idCol]));
    const std::string_view label = trim(f[labelCol]);
    if (label.empty() || isMissing(label))
      throw DataError(src, recLine, static_cast<std::uint32_t>(labelCol + 1), "missing label");
    if (!isValidUtf8(label) || !isValidUtf8(id))
      throw DataError(src, recLine, static_cast<std::uint32_t>((isValidUtf8(id) ? labelCol : idCol) + 1), "invalid UTF-8");
    auto [it, added] = caseIndex.emplace(id, cases.size());
    if (added) {
      cases.push_back({std::vector<std::vector<double>>(channelCols.size()), std::string(label)});
    } else if (cases[it->second].label != label) {
      throw DataError(src, recLine, static_cast<std::uint32_t>(labelCol + 1),
                      "series '" + id + "' has two labels: '" + cases[it->second].label + "' and '" + std::string(label) + "'");
    }
    Case& c = cases[it->second];
    for (std::size_t k = 0; k < channelCols.size(); ++k) {
      const std::size_t j = channelCols[k];
      const std::string_view cell = trim(f[j]);
      double v = std::nan("");
      if (isMissing(cell)) {
        ++res.set.missing;
      } else {
        const char* b = cell.data() + (cell.front() == '+' ? 1 : 0);
        const auto [ptr, ec] = std::from_chars(b, cell.data() + cell.size(), v);
        if (ptr != cell.data() + cell.size() || b == ptr)
          throw DataError(src, recLine, static_cast<std::uint32_t>(j + 1),
                          "expected a number in column '" + names[j] + "', found " + quoteForMessage(cell));
        if (ec != std::errc() || !std::isfinite(v))
          throw DataError(src, recLine, static_cast<std::uint32_t>(j + 1),
                          "number out of range in column '" + names[j] + "': " + quoteForMessage(cell));
        v += 0.0;
      }
      c.channels[k].push_back(v);
    }
    if (progress && ++rows % 4096 == 0 && !progress(static_cast<std::uint64_t>(p - text.data()), text.size())) {
      TsResult cancelled;
      cancelled.status = LoadStatus::Cancelled;
      return cancelled;
    }
  }
  if (names.empty()) throw DataError(src, 0, 0, "no rows (only blank or comment lines)");
  if (cases.empty()) throw DataError(src, 1, 0, "no data rows after the header");
  LabeledSeriesSet& set = res.set;
  set.name = src;
  set.channels = channelCols.size();
  for (std::size_t j : channelCols) set.channelNames.push_back(names[j]);
  std::unordered_map<std::string, int> classOf;
  for (Case& c : cases) {
    const std::size_t len = c.channels[0].size();
    std::vector<double> flat;
    flat.reserve(len * c.channels.size());
    for (auto& ch : c.channels) flat.insert(flat.end(), ch.begin(), ch.end());
    const auto [it, added] = classOf.emplace(c.label, static_cast<int>(set.classNames.size()));
    if (added) set.classNames.push_back(c.label);
    set.classIndex.push_back(it->second);
    set.data.push_back(std::move(flat));
    set.lengths.push_back(len);
    set.labels.push_back(std::move(c.label));
  }
  return res;
}

TsResult readLongCsvFile(const std::filesystem::path& path, const LongCsvOptions& options,
                         const ProgressFn& progress) {
  LongCsvOptions o = options;
  if (o.sourceName.empty()) o.sourceName = path.string();
  std::string problem;
  const std::string text = readInputFile(path, kMaxDataFileBytes, kDataFileWhat, problem);
  if (!problem.empty()) throw DataError(o.sourceName, 0, 0, problem);
  auto res = readLongCsv(text, o, progress);
  res.set.name = path.stem().string();
  return res;
}

}  // namespace aaren::data
