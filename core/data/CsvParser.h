#pragma once
// The CSV parser behind readCsv / readCsvFile (CsvReader.h), shared by its translation
// units and nothing else: CsvParser.cpp reads records and rows, CsvColumns.cpp decides what
// the columns are from the first rows and assembles the result. Not part of the API.
#include "core/data/CsvReader.h"
#include "core/data/CsvTokenizer.h"
#include "core/data/Timestamp.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace aaren::data::csv {

constexpr std::size_t kBlock = std::size_t{4} << 20;

// ---- input ---------------------------------------------------------------------------------

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes; returns fewer only at the end of the input.
  virtual std::size_t read(char* dst, std::size_t n) = 0;
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

inline std::string lower(std::string_view s) {
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
  void renameDuplicates(std::uint64_t headerLine);
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
  std::size_t sampleCells_ = 0;
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

}  // namespace aaren::data::csv
