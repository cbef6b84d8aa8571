#include "core/data/TsReader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>
#include <sstream>
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

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> splitWords(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    const std::size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

constexpr std::size_t kMaxDimensions = 1000000;           // as @dimensions allows
constexpr std::uint64_t kMinPaddedValues = std::uint64_t{1} << 24;  // 128 MiB of doubles
constexpr std::uint64_t kMaxPaddingFactor = 4;

class TsParser {
 public:
  TsParser(std::string_view text, const TsOptions& opt, const ProgressFn& progress, std::string src)
      : text_(text), opt_(opt), progress_(progress), src_(std::move(src)) {}

  TsResult run();

 private:
  [[noreturn]] void fail(std::uint64_t line, std::size_t col, const std::string& msg) const {
    throw DataError(src_, line, static_cast<std::uint32_t>(col), msg);
  }
  void header(std::string_view line, std::uint64_t lineNo);
  void dataLine(std::string_view line, std::uint64_t lineNo);
  void checkDimensionCount(std::string_view line, std::uint64_t lineNo) const;
  void checkPaddedSize(std::size_t dims, std::size_t maxLen, std::uint64_t lineNo) const;

  std::string_view text_;
  const TsOptions& opt_;
  const ProgressFn& progress_;
  std::string src_;
  TsResult res_;
  bool inData_ = false;
  bool classLabel_ = false;
  bool declaredClasses_ = false;
  bool sawClassLabel_ = false;
  std::size_t dimensions_ = 0;  // 0 = from the first case
  std::size_t seriesLength_ = 0;
  bool equalLengthDeclared_ = false;
  std::uint64_t valuesRead_ = 0;  // values (and missing markers) in the cases so far
  std::uint64_t stored_ = 0;      // values held after padding
  std::unordered_map<std::string, int> classIndex_;
};

void TsParser::header(std::string_view line, std::uint64_t lineNo) {
  const auto words = splitWords(line);
  const std::string key = lower(words[0]);
  auto boolArg = [&](const char* what) {
    if (words.size() < 2) fail(lineNo, 1, std::string(what) + " needs a value");
    const std::string v = lower(words[1]);
    if (v != "true" && v != "false")
      fail(lineNo, static_cast<std::size_t>(words[1].data() - line.data()) + 1,
           std::string(what) + " must be true or false, found " + quoteForMessage(words[1]));
    return v == "true";
  };
  auto intArg = [&](const char* what) -> std::size_t {
    std::size_t v = 0;
    if (words.size() < 2) fail(lineNo, 1, std::string(what) + " needs a value");
    const auto [p, ec] = std::from_chars(words[1].data(), words[1].data() + words[1].size(), v);
    if (ec != std::errc() || p != words[1].data() + words[1].size() || v == 0 || v > 1000000)
      fail(lineNo, static_cast<std::size_t>(words[1].data() - line.data()) + 1,
           std::string(what) + " must be a positive integer, found " + quoteForMessage(words[1]));
    return v;
  };
  if (key == "@problemname") {
    if (words.size() > 1) res_.set.name = std::string(trim(line.substr(static_cast<std::size_t>(words[1].data() - line.data()))));
  } else if (key == "@timestamps") {
    if (boolArg("@timeStamps")) fail(lineNo, 1, "time-stamped .ts data (@timeStamps true) is not supported");
  } else if (key == "@missing" || key == "@univariate") {
    const bool v = boolArg(key == "@missing" ? "@missing" : "@univariate");
    if (key == "@univariate" && v) dimensions_ = 1;
  } else if (key == "@dimensions" || key == "@dimension") {
    dimensions_ = intArg("@dimensions");
  } else if (key == "@equallength") {
    equalLengthDeclared_ = boolArg("@equalLength");
  } else if (key == "@serieslength") {
    seriesLength_ = intArg("@seriesLength");
  } else if (key == "@classlabel" || key == "@targetlabel") {
    sawClassLabel_ = true;
    classLabel_ = boolArg(key == "@classlabel" ? "@classLabel" : "@targetLabel");
    if (classLabel_ && key == "@classlabel" && words.size() > 2) {
      declaredClasses_ = true;
      for (std::size_t i = 2; i < words.size(); ++i) {
        if (!isValidUtf8(words[i])) fail(lineNo, static_cast<std::size_t>(words[i].data() - line.data()) + 1, "invalid UTF-8 in a class label");
        res_.set.classNames.emplace_back(words[i]);
      }
    }
  } else if (key == "@data") {
    inData_ = true;
  } else {
    // Unknown @ keys are tolerated, like sktime does for metadata it does not use.
    res_.warnings.push_back({WarningKind::Other, lineNo, 1, "unknown header " + quoteForMessage(words[0]) + " ignored"});
  }
}

void TsParser::checkDimensionCount(std::string_view line, std::uint64_t lineNo) const {
  const std::size_t parts = static_cast<std::size_t>(std::count(line.begin(), line.end(), ':')) + 1;
  const std::size_t dims = parts - (classLabel_ && parts > 1 ? 1 : 0);
  if (dimensions_ > 0 && dims > dimensions_)
    fail(lineNo, 1, "case has " + std::to_string(dims) + " dimensions, expected " + std::to_string(dimensions_));
  if (dimensions_ == 0 && dims > kMaxDimensions)
    fail(lineNo, 1, "case has " + std::to_string(dims) + " dimensions, at most " + std::to_string(kMaxDimensions) +
                        " are read");
}

// Cases are stored with every dimension padded with NaN to the case's longest one, so a case
// of many short dimensions and one long one would need far more memory than the file. The
// values stored over all cases are bounded, before allocating, by the larger of
// kMinPaddedValues and kMaxPaddingFactor times the values the file holds.
void TsParser::checkPaddedSize(std::size_t dims, std::size_t maxLen, std::uint64_t lineNo) const {
  const std::uint64_t stored = stored_ + static_cast<std::uint64_t>(dims) * maxLen;
  const std::uint64_t limit = std::max<std::uint64_t>(kMinPaddedValues, kMaxPaddingFactor * valuesRead_);
  if (stored <= limit) return;
  fail(lineNo, 1,
       "case " + std::to_string(res_.set.size() + 1) + " pads its " + std::to_string(dims) +
           " dimensions with NaN to its longest (" + std::to_string(maxLen) + " values): the cases would hold " +
           std::to_string(stored) + " values, more than " + std::to_string(limit) + " (" +
           std::to_string(kMaxPaddingFactor) + " times the " + std::to_string(valuesRead_) +
           " values read, at least " + std::to_string(kMinPaddedValues) + ")");
}

void TsParser::dataLine(std::string_view line, std::uint64_t lineNo) {
  checkDimensionCount(line, lineNo);
  // Split on ':' — the last part is the label when classLabel is on.
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t c = line.find(':', start);
    if (c == std::string_view::npos) {
      parts.push_back(line.substr(start));
      break;
    }
    parts.push_back(line.substr(start, c - start));
    start = c + 1;
  }
  auto colOf = [&](std::string_view piece) { return static_cast<std::size_t>(piece.data() - line.data()) + 1; };
  std::string label;
  std::size_t labelCol = 0;
  if (classLabel_) {
    if (parts.size() < 2) fail(lineNo, line.size() + 1, "expected values and a class label separated by ':'");
    const std::string_view l = trim(parts.back());
    if (l.empty()) fail(lineNo, colOf(parts.back()), "empty class label");
    if (!isValidUtf8(l)) fail(lineNo, colOf(parts.back()), "invalid UTF-8 in a class label");
    label = std::string(l);
    labelCol = colOf(parts.back());
    parts.pop_back();
  }
  if (dimensions_ == 0) dimensions_ = parts.size();
  if (parts.size() != dimensions_)
    fail(lineNo, 1, "case has " + std::to_string(parts.size()) + " dimensions, expected " + std::to_string(dimensions_));
  std::vector<std::vector<double>> dims(parts.size());
  std::size_t maxLen = 0, minLen = SIZE_MAX;
  for (std::size_t d = 0; d < parts.size(); ++d) {
    std::string_view p = parts[d];
    std::size_t pos = 0;
    while (pos <= p.size()) {
      std::size_t comma = p.find(',', pos);
      if (comma == std::string_view::npos) comma = p.size();
      const std::string_view cell = trim(p.substr(pos, comma - pos));
      const std::size_t col = colOf(p.substr(pos));
      if (cell == "?" || cell == "NaN" || cell == "nan") {
        dims[d].push_back(std::nan(""));
        ++res_.set.missing;
      } else {
        double v = 0;
        const char* b = cell.data();
        const char* e = b + cell.size();
        if (b != e && *b == '+') ++b;
        const auto [ptr, ec] = std::from_chars(b, e, v);
        if (cell.empty() || ptr != e || b == e)
          fail(lineNo, col, "expected a number in dimension " + std::to_string(d + 1) + ", found " + quoteForMessage(cell));
        if (ec == std::errc::result_out_of_range || !std::isfinite(v))
          fail(lineNo, col, "number out of range in dimension " + std::to_string(d + 1) + ": " + quoteForMessage(cell));
        dims[d].push_back(v + 0.0);
      }
      pos = comma + 1;
    }
    maxLen = std::max(maxLen, dims[d].size());
    minLen = std::min(minLen, dims[d].size());
    valuesRead_ += dims[d].size();
  }
  if (minLen != maxLen)
    res_.warnings.push_back({WarningKind::UnequalLength, lineNo, 0,
                             "dimensions of case " + std::to_string(res_.set.size() + 1) +
                                 " differ in length (" + std::to_string(minLen) + " to " +
                                 std::to_string(maxLen) + "): padded with NaN"});
  if (equalLengthDeclared_ && seriesLength_ > 0 && maxLen != seriesLength_)
    fail(lineNo, 1, "case has length " + std::to_string(maxLen) + ", @seriesLength is " + std::to_string(seriesLength_));
  checkPaddedSize(dims.size(), maxLen, lineNo);
  stored_ += static_cast<std::uint64_t>(dims.size()) * maxLen;
  std::vector<double> flat(dims.size() * maxLen, std::nan(""));
  for (std::size_t d = 0; d < dims.size(); ++d) {
    std::copy(dims[d].begin(), dims[d].end(), flat.begin() + static_cast<long>(d * maxLen));
    res_.set.missing += maxLen - dims[d].size();
  }
  int k = -1;
  if (classLabel_) {
    auto& names = res_.set.classNames;
    if (classIndex_.size() != names.size())  // the declared classes, indexed once
      for (std::size_t i = classIndex_.size(); i < names.size(); ++i) classIndex_.emplace(names[i], static_cast<int>(i));
    const auto it = classIndex_.find(label);
    if (it == classIndex_.end()) {
      if (declaredClasses_) fail(lineNo, labelCol, "class label " + quoteForMessage(label) + " is not declared in @classLabel");
      names.push_back(label);
      k = static_cast<int>(names.size() - 1);
      classIndex_.emplace(label, k);
    } else {
      k = it->second;
    }
  }
  res_.set.data.push_back(std::move(flat));
  res_.set.lengths.push_back(maxLen);
  res_.set.labels.push_back(std::move(label));
  res_.set.classIndex.push_back(k);
}

TsResult TsParser::run() {
  if (text_.empty()) throw DataError(src_, 0, 0, "empty file");
  if (std::memchr(text_.data(), 0, text_.size()) != nullptr) {
    const auto at = static_cast<const char*>(std::memchr(text_.data(), 0, text_.size()));
    throw DataError(src_, 1 + static_cast<std::uint64_t>(std::count(text_.data(), at, '\n')), 0,
                    "binary data (a NUL byte): not a text file");
  }
  std::size_t pos = 0;
  if (text_.size() >= 3 && std::memcmp(text_.data(), "\xEF\xBB\xBF", 3) == 0) pos = 3;
  std::uint64_t lineNo = 0;
  while (pos < text_.size()) {
    std::size_t nl = text_.find('\n', pos);
    if (nl == std::string_view::npos) nl = text_.size();
    std::string_view line = text_.substr(pos, nl - pos);
    pos = nl + 1;
    ++lineNo;
    if (line.size() > opt_.maxLineBytes)
      fail(lineNo, 0, "line is longer than " + std::to_string(opt_.maxLineBytes) + " bytes");
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view t = trim(line);
    if (t.empty() || t.front() == '#') continue;
    if (!inData_) {
      if (t.front() != '@')
        fail(lineNo, 1, "expected a '@' header line or @data before the data, found " + quoteForMessage(t));
      header(t, lineNo);
      continue;
    }
    dataLine(line, lineNo);
    if (progress_ && res_.set.size() % 256 == 0 && !progress_(pos, text_.size())) {
      TsResult cancelled;
      cancelled.status = LoadStatus::Cancelled;
      return cancelled;
    }
  }
  if (!inData_) throw DataError(src_, 0, 0, "no @data line: not a .ts file");
  if (res_.set.size() == 0) throw DataError(src_, lineNo, 0, "no cases after @data");
  if (!sawClassLabel_) res_.warnings.push_back({WarningKind::Other, 0, 0, "no @classLabel line: the cases have no labels"});
  res_.set.channels = dimensions_;
  for (std::size_t d = 0; d < dimensions_; ++d) res_.set.channelNames.push_back("dim_" + std::to_string(d));
  if (progress_) progress_(text_.size(), text_.size());
  return std::move(res_);
}

std::string slurp(std::istream& in) {
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

}  // namespace

TsResult readTs(std::string_view text, const TsOptions& options, const ProgressFn& progress) {
  return TsParser(text, options, progress, options.sourceName.empty() ? "input" : options.sourceName).run();
}

TsResult readTs(std::istream& in, const TsOptions& options, const ProgressFn& progress) {
  const std::string text = slurp(in);
  return readTs(text, options, progress);
}

TsResult readTsFile(const std::filesystem::path& path, const TsOptions& options, const ProgressFn& progress) {
  const std::string name = options.sourceName.empty() ? path.string() : options.sourceName;
  std::string problem;
  const std::string text = readInputFile(path, kMaxDataFileBytes, kDataFileWhat, problem);
  if (!problem.empty()) throw DataError(name, 0, 0, problem);
  TsOptions o = options;
  o.sourceName = name;
  return TsParser(text, o, progress, name).run();
}

}  // namespace aaren::data
