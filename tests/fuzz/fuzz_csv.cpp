// libFuzzer target: the CSV reader (and long-format classification CSV) on arbitrary bytes.
// A DataError is the expected answer to bad input; anything else (crash, sanitizer report,
// another exception, a wrong-shaped result) is a bug.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/data/CsvReader.h"
#include "core/data/LongCsvReader.h"
#include "core/data/MissingPolicy.h"

using namespace aaren::data;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the options; the rest is the file.
  const std::uint8_t flags = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  CsvOptions o;
  o.sourceName = "fuzz.csv";
  o.maxLineBytes = 4096;
  o.sampleRows = 1 + (flags & 0x0F);
  o.header = (flags & 0x30) == 0x10 ? HeaderMode::Present : (flags & 0x30) == 0x20 ? HeaderMode::Absent : HeaderMode::Auto;
  o.nonFinite = (flags & 0x40) ? NonFinitePolicy::Missing : NonFinitePolicy::Error;
  o.categorical = (flags & 0x80) ? CategoricalPolicy::OneHot : CategoricalPolicy::Exclude;
  try {
    CsvResult r = readCsv(text, o);
    Series& s = r.series;
    if (s.values.size() != s.rows * s.cols()) std::abort();
    if (s.hasTime() && s.timestamps.size() != s.rows) std::abort();
    for (const auto& c : s.categoricals)
      if (c.codes.size() != s.rows) std::abort();
    applyMissingPolicy(s, (flags & 1) ? MissingPolicy::Interpolate : MissingPolicy::Drop);
  } catch (const DataError&) {
  }
  try {
    LongCsvOptions lo;
    lo.sourceName = "fuzz.csv";
    const TsResult r = readLongCsv(text, lo);
    for (std::size_t i = 0; i < r.set.size(); ++i)
      if (r.set.data[i].size() != r.set.lengths[i] * r.set.channels) std::abort();
  } catch (const DataError&) {
  }
  return 0;
}
