// libFuzzer target: the UEA/UCR .ts reader on arbitrary bytes. A DataError is the expected
// answer to bad input; anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/data/TsReader.h"

using namespace aaren::data;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  TsOptions o;
  o.sourceName = "fuzz.ts";
  o.maxLineBytes = 1 << 16;
  try {
    const TsResult r = readTs(std::string_view(reinterpret_cast<const char*>(data), size), o);
    const auto& s = r.set;
    if (s.lengths.size() != s.size() || s.labels.size() != s.size() || s.classIndex.size() != s.size()) std::abort();
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s.data[i].size() != s.lengths[i] * s.channels) std::abort();
      if (s.classIndex[i] >= static_cast<int>(s.classNames.size())) std::abort();
    }
  } catch (const DataError&) {
  }
  return 0;
}
