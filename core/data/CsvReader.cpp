#include "core/data/CsvReader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <istream>
#include <optional>
#include <unordered_map>

#include "core/data/CsvTokenizer.h"
#include "core/data/Timestamp.h"

namespace aaren::data {

namespace {

constexpr std::size_t kBlock = std::size_t{4} << 20;

// ---- input ---------------------------------------------------------------------------------

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes; returns fewer only at the end of the input.
  virtual std::size_t read(char* dst, std::size_t n) = 0;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view text) : text_(text) {}
  std::size_t read(char* dst, std::size_t n) override {
    n = std::min(n, text_.size() - pos_);
    std::memcpy(dst, text_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

class StreamSource final : public ByteSource {
 public:
  explicit StreamSource(std::istream& in) : in_(in) {}
  std::size_t read(char* dst, std::size_t n) override {
    in_.read(dst, static_cast<std::streamsize>(n));
    return static_cast<std::size_t>(in_.gcount());
  }

 private:
  std::istream& in_;
};

class FdSource final : public ByteSource {
 public:
  FdSource(int fd, std::string source) : fd_(fd), source_(std::move(source)) {}
  std::size_t read(char* dst, std::size_t n) override {
    std::size_t got = 0;
    while (got < n) {
      const ssize_t r = ::read(fd_, dst + got, n - got);
      if (r == 0) break;
      if (r < 0) {
        if (errno == EINTR) continue;
        throw DataError(source_, 0, 0, std::string("cannot read the file: ") + std::strerror(errno));
      }
      got += static_cast<std::size_t>(r);
    }
    return got;
  }

 private:
  int fd_;
  std::string source_;
};

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// ---- cells ---------------------------------------------------------------------------------

inline std::string_view trim(std::string_view f) {
  while (!f.empty() && (f.front() == ' ' || f.front() == '\t')) f.remove_prefix(1);
  while (!f.empty() && (f.back() == ' ' || f.back() == '\t')) f.remove_suffix(1);
  return f;
}

enum class Num { Ok, Empty, NotNumber, OutOfRange, NonFinite };

// f must be trimmed.
inline Num parseNumber(std::string_view f, double& v) {
  if (f.empty()) return Num::Empty;
  const char* b = f.data();
  const char* e = b + f.size();
  if (*b == '+') ++b;
  const auto [ptr, ec] = std::from_chars(b, e, v);
  if (ptr != e || b == e) return Num::NotNumber;
  if (ec == std::errc()) {
    if (!std::isfinite(v)) return Num::NonFinite;
    v += 0.0;  // -0 -> +0
    return Num::Ok;
  }
  if (ec == std::errc::result_out_of_range) {
    const std::string copy(f);
    const double x = std::strtod(copy.c_str(), nullptr);
    if (std::fabs(x) < 1.0) {  // underflow: reads as zero
      v = 0.0;
      return Num::Ok;
    }
    return Num::OutOfRange;
  }
  return Num::NotNumber;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// ---- the parser ----------------------------------------------------------------------------

enum class Action { Value, Time, Epoch, Part, Category };

struct Plan {
  Action action = Action::Value;
  std::size_t slot = 0;  // value slot, categorical slot or time part index
};

struct Category {
  std::unordered_map<std::string, std::int32_t> index;
  std::vector<std::string> levels;
  std::vector<std::int32_t> codes;
  std::string last;
  std::int32_t lastCode = -1;
};

class CsvParser {
 public:
  CsvParser(ByteSource& in, std::uint64_t total, std::uint64_t rowsHint, const CsvOptions& opt,
            const ProgressFn& progress, std::string source)
      : in_(in), total_(total), rowsHint_(rowsHint), opt_(opt), progress_(progress),
        src_(std::move(source)), tok_(',') {}

  CsvResult run();

 private:
  bool refill();
  bool nextRecord();
  void collect();
  void decide();
  void processRow(const std::vector<std::string_view>& f, std::uint64_t line);
  double badNumber(Num st, std::string_view f, std::size_t col, std::uint64_t line);
  std::int32_t categoryCode(Category& cat, std::string_view f, std::size_t col, std::uint64_t line);
  void grow();
  CsvResult finish();
  [[noreturn]] void tooLong() const {
    throw DataError(src_, line_, 0,
                    "line is longer than " + std::to_string(opt_.maxLineBytes) + " bytes");
  }
  bool isMarker(std::string_view f) const {
    for (const auto& m : opt_.missingMarkers)
      if (f == m) return true;
    return false;
  }
  int cellKind(std::string_view f) const {  // 0 missing, 1 number, 2 timestamp, 3 text
    f = trim(f);
    if (isMarker(f)) return 0;
    double v;
    const Num st = parseNumber(f, v);
    if (st == Num::Ok || st == Num::OutOfRange || st == Num::NonFinite) return 1;
    if (parseTimestamp(f)) return 2;
    return 3;
  }

  ByteSource& in_;
  std::uint64_t total_;
  std::uint64_t rowsHint_;
  const CsvOptions& opt_;
  const ProgressFn& progress_;
  std::string src_;
  CsvTokenizer tok_;

  std::vector<char> buf_;
  std::size_t block_ = kBlock;
  std::size_t len_ = 0, pos_ = 0;
  std::uint64_t consumed_ = 0;
  bool eof_ = false;
  bool cancelled_ = false;
  std::uint64_t line_ = 1, recLine_ = 1;

  bool collecting_ = true;
  std::vector<std::vector<std::string>> sample_;
  std::vector<std::uint64_t> sampleLines_;
  bool header_ = false;

  std::vector<std::string> names_;
  std::vector<Plan> plan_;
  std::vector<ColumnKind> kinds_;
  std::size_t nValues_ = 0;
  std::vector<std::size_t> valueSource_;  // slot -> source column
  bool hasTime_ = false, hasParts_ = false;
  std::vector<Category> cats_;
  std::vector<std::size_t> catSource_;
  std::vector<std::size_t> missing_;  // per source column
  std::vector<std::uint64_t> nonFinite_, nonFiniteLine_;
  std::vector<Warning> warnings_;

  std::vector<double> values_;
  std::vector<std::int64_t> ts_;
  std::size_t cap_ = 0, rows_ = 0;
  std::uint64_t firstDupLine_ = 0, firstOooLine_ = 0;
};

bool CsvParser::refill() {
  const std::size_t carry = len_ - pos_;
  std::memmove(buf_.data(), buf_.data() + pos_, carry);
  consumed_ += pos_;
  pos_ = 0;
  len_ = carry;
  const std::size_t n = in_.read(buf_.data() + len_, std::min(block_, buf_.size() - len_));
  if (n == 0) {
    eof_ = true;
  } else if (const void* nul = std::memchr(buf_.data() + len_, 0, n)) {
    const auto at = static_cast<const char*>(nul);
    const std::uint64_t line = line_ + static_cast<std::uint64_t>(std::count(static_cast<const char*>(buf_.data()), at, '\n'));
    throw DataError(src_, line, 0, "binary data (a NUL byte): not a text file");
  }
  len_ += n;
  if (progress_ && !progress_(consumed_, total_)) cancelled_ = true;
  return n > 0;
}

bool CsvParser::nextRecord() {
  for (;;) {
    if (cancelled_) return false;
    if (pos_ >= len_) {
      if (eof_) return false;
      refill();
      continue;
    }
    const char* p = buf_.data() + pos_;
    const char* end = buf_.data() + len_;
    const char c = *p;
    if (c == '#' || c == '\n' || (c == '\r' && (p + 1 == end ? eof_ : p[1] == '\n'))) {
      const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
      if (nl == nullptr) {
        if (eof_) {
          pos_ = len_;
          return false;
        }
        if (len_ - pos_ > opt_.maxLineBytes) tooLong();
        refill();
        continue;
      }
      pos_ = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.data()) + 1;
      ++line_;
      continue;
    }
    const auto r = tok_.parse(p, end, eof_);
    if (r.error != nullptr) throw DataError(src_, line_, r.errorField, r.error);
    if (r.next == nullptr) {
      if (len_ - pos_ > opt_.maxLineBytes) tooLong();
      refill();
      continue;
    }
    if (static_cast<std::size_t>(r.next - p) > opt_.maxLineBytes) tooLong();
    recLine_ = line_;
    line_ += 1 + r.newlines;
    pos_ = static_cast<std::size_t>(r.next - buf_.data());
    return true;
  }
}

void CsvParser::collect() {
  const auto& f = tok_.fields();
  sample_.emplace_back(f.begin(), f.end());
  sampleLines_.push_back(recLine_);
  if (sample_.size() > opt_.sampleRows) decide();
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
  // Duplicate names get a suffix.
  for (std::size_t j = 0; j < n; ++j) {
    int k = 0;
    const std::string base = names_[j];
    while (std::count(names_.begin(), names_.begin() + static_cast<long>(j), names_[j]) > 0)
      names_[j] = base + "." + std::to_string(++k);
    if (k > 0)
      warnings_.push_back({WarningKind::DuplicateColumnName, headerLine,
                           static_cast<std::uint32_t>(j + 1),
                           "column name '" + base + "' repeated: renamed '" + names_[j] + "'"});
  }
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

double CsvParser::badNumber(Num st, std::string_view f, std::size_t j, std::uint64_t line) {
  if (st == Num::Empty || isMarker(f)) {
    ++missing_[j];
    return std::nan("");
  }
  const auto col = static_cast<std::uint32_t>(j + 1);
  if (st == Num::NotNumber)
    throw DataError(src_, line, col,
                    "expected a number in column '" + names_[j] + "', found " + quoteForMessage(f));
  if (opt_.nonFinite == NonFinitePolicy::Missing) {
    if (nonFinite_[j]++ == 0) nonFiniteLine_[j] = line;
    ++missing_[j];
    return std::nan("");
  }
  if (st == Num::OutOfRange)
    throw DataError(src_, line, col,
                    "number out of range in column '" + names_[j] + "': " + quoteForMessage(f));
  throw DataError(src_, line, col,
                  "non-finite number in column '" + names_[j] + "': " + quoteForMessage(f));
}

std::int32_t CsvParser::categoryCode(Category& cat, std::string_view f, std::size_t j,
                                     std::uint64_t line) {
  if (isMarker(f)) {
    ++missing_[j];
    return -1;
  }
  if (cat.lastCode >= 0 && f == cat.last) return cat.lastCode;
  std::string key(f);
  auto it = cat.index.find(key);
  std::int32_t code;
  if (it == cat.index.end()) {
    if (!isValidUtf8(f))
      throw DataError(src_, line, static_cast<std::uint32_t>(j + 1),
                      "invalid UTF-8 in column '" + names_[j] + "'");
    code = static_cast<std::int32_t>(cat.levels.size());
    cat.index.emplace(key, code);
    cat.levels.push_back(key);
  } else {
    code = it->second;
  }
  cat.last = std::move(key);
  cat.lastCode = code;
  return code;
}

void CsvParser::grow() {
  const std::size_t newCap = std::max<std::size_t>(1024, cap_ * 2);
  std::vector<double> nv(nValues_ * newCap);
  for (std::size_t c = 0; c < nValues_; ++c)
    std::copy_n(values_.data() + c * cap_, rows_, nv.data() + c * newCap);
  values_.swap(nv);
  cap_ = newCap;
}

void CsvParser::processRow(const std::vector<std::string_view>& f, std::uint64_t line) {
  const std::size_t n = names_.size();
  if (f.size() != n)
    throw DataError(src_, line, static_cast<std::uint32_t>(std::min(f.size(), n) + 1),
                    "expected " + std::to_string(n) + " fields, found " + std::to_string(f.size()));
  if (rows_ == cap_) grow();
  long long parts[6] = {1970, 1, 1, 0, 0, 0};
  std::int64_t t = 0;
  for (std::size_t j = 0; j < n; ++j) {
    const Plan p = plan_[j];
    const std::string_view cell = trim(f[j]);
    switch (p.action) {
      case Action::Value: {
        double v;
        const Num st = parseNumber(cell, v);
        if (st != Num::Ok) v = badNumber(st, cell, j, line);
        values_[p.slot * cap_ + rows_] = v;
        break;
      }
      case Action::Time: {
        const auto parsed = parseTimestamp(cell);
        if (!parsed) {
          throw DataError(src_, line, static_cast<std::uint32_t>(j + 1),
                          isMarker(cell) ? "missing timestamp in column '" + names_[j] + "'"
                                         : "expected a timestamp in column '" + names_[j] +
                                               "', found " + quoteForMessage(cell));
        }
        t = *parsed;
        break;
      }
      case Action::Epoch: {
        double v;
        std::optional<std::int64_t> parsed;
        if (parseNumber(cell, v) == Num::Ok) parsed = parseEpoch(v);
        if (!parsed)
          throw DataError(src_, line, static_cast<std::uint32_t>(j + 1),
                          "expected an epoch time in column '" + names_[j] + "', found " +
                              quoteForMessage(cell));
        t = *parsed;
        break;
      }
      case Action::Part: {
        long long v = 0;
        const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
        if (ec != std::errc() || ptr != cell.data() + cell.size() || cell.empty())
          throw DataError(src_, line, static_cast<std::uint32_t>(j + 1),
                          "expected an integer in column '" + names_[j] + "', found " +
                              quoteForMessage(cell));
        parts[p.slot] = v;
        break;
      }
      case Action::Category:
        cats_[p.slot].codes.push_back(categoryCode(cats_[p.slot], cell, j, line));
        break;
    }
  }
  if (hasParts_) {
    if (parts[0] < 0 || parts[0] > 9999 || parts[1] < 1 || parts[1] > 12 || parts[2] < 1 ||
        parts[2] > 31 || !isValidDate(parts[0], static_cast<unsigned>(parts[1]), static_cast<unsigned>(parts[2])) ||
        parts[3] < 0 || parts[3] > 23 || parts[4] < 0 || parts[4] > 59 || parts[5] < 0 || parts[5] > 60)
      throw DataError(src_, line, 0,
                      "invalid date or time from the year/month/day/hour columns: " +
                          std::to_string(parts[0]) + "-" + std::to_string(parts[1]) + "-" +
                          std::to_string(parts[2]) + " " + std::to_string(parts[3]) + ":" +
                          std::to_string(parts[4]) + ":" + std::to_string(parts[5]));
    t = daysFromCivil(parts[0], static_cast<unsigned>(parts[1]), static_cast<unsigned>(parts[2])) * 86400 +
        parts[3] * 3600 + parts[4] * 60 + parts[5];
  }
  if (hasTime_) {
    if (!ts_.empty()) {
      const std::int64_t d = t - ts_.back();
      if (d == 0 && firstDupLine_ == 0) firstDupLine_ = line;
      if (d < 0 && firstOooLine_ == 0) firstOooLine_ = line;
    }
    ts_.push_back(t);
  }
  ++rows_;
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

CsvResult CsvParser::run() {
  // Small inputs get a small buffer (cheap repeated calls, e.g. under a fuzzer).
  const std::size_t block = total_ > 0 ? std::min<std::uint64_t>(kBlock, total_ + 1) : kBlock;
  buf_.resize(block + opt_.maxLineBytes + 64);
  block_ = block;
  refill();
  if (len_ == 0) {
    refill();  // a stream may deliver its first bytes late; an empty read twice means empty
    if (len_ == 0) throw DataError(src_, 0, 0, "empty file");
  }
  if (len_ >= 3 && static_cast<unsigned char>(buf_[0]) == 0xEF &&
      static_cast<unsigned char>(buf_[1]) == 0xBB && static_cast<unsigned char>(buf_[2]) == 0xBF)
    pos_ = 3;
  const char delim = opt_.delimiter != 0
                         ? opt_.delimiter
                         : detectDelimiter({buf_.data() + pos_, std::min<std::size_t>(len_ - pos_, 1 << 16)});
  tok_ = CsvTokenizer(delim);
  while (nextRecord()) {
    if (collecting_) collect();
    else processRow(tok_.fields(), recLine_);
  }
  if (cancelled_) {
    CsvResult res;
    res.status = LoadStatus::Cancelled;
    res.delimiter = delim;
    return res;
  }
  if (collecting_) decide();
  CsvResult res = finish();
  if (progress_) progress_(res.bytes, total_ > 0 ? total_ : res.bytes);
  return res;
}

std::string nameOr(const CsvOptions& opt, std::string fallback) {
  return opt.sourceName.empty() ? std::move(fallback) : opt.sourceName;
}

}  // namespace

CsvResult readCsv(std::string_view text, const CsvOptions& options, const ProgressFn& progress) {
  MemorySource src(text);
  const std::uint64_t lines = countNewlines(text.data(), text.size()) + 1;
  return CsvParser(src, text.size(), lines, options, progress, nameOr(options, "input")).run();
}

CsvResult readCsv(std::istream& in, const CsvOptions& options, const ProgressFn& progress) {
  StreamSource src(in);
  return CsvParser(src, 0, 0, options, progress, nameOr(options, "input")).run();
}

CsvResult readCsvFile(const std::filesystem::path& path, const CsvOptions& options,
                      const ProgressFn& progress) {
  const std::string name = nameOr(options, path.string());
  Fd f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f.fd < 0) throw DataError(name, 0, 0, std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(f.fd, &st) != 0 || S_ISDIR(st.st_mode))
    throw DataError(name, 0, 0, "cannot open: not a regular file");
  ::posix_fadvise(f.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  // First pass: count the lines, so the values are allocated once at their final size.
  std::uint64_t lines = 1;
  {
    FdSource counter(f.fd, name);
    std::vector<char> block(std::size_t{1} << 20);
    while (const std::size_t n = counter.read(block.data(), block.size()))
      lines += countNewlines(block.data(), n);
    if (::lseek(f.fd, 0, SEEK_SET) != 0)
      throw DataError(name, 0, 0, std::string("cannot read the file: ") + std::strerror(errno));
  }
  FdSource src(f.fd, name);
  return CsvParser(src, static_cast<std::uint64_t>(st.st_size), lines, options, progress, name).run();
}

}  // namespace aaren::data
