// CsvParser: reading the input in blocks, splitting records, and turning each row into
// values, timestamps and categorical codes (the columns are decided in CsvColumns.cpp).
#include "core/data/CsvParser.h"

#include <algorithm>
#include <cstring>

namespace aaren::data::csv {

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
  sampleCells_ += f.size();
  // A very wide file is decided on fewer rows, so the sample stays a bounded number of cells.
  if (sample_.size() > opt_.sampleRows || (sample_.size() > 2 && sampleCells_ >= opt_.maxSampleCells)) decide();
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

}  // namespace aaren::data::csv
