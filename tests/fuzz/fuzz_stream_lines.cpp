// libFuzzer target: the lines a live feed carries (issue 18 items 5 and 6). Arbitrary bytes
// go through LineParser line by line (bare values, CSV with or without a header and a
// timestamp, JSON objects — whatever it detects, or the format the first byte forces), and
// through a LineSource in arbitrary chunks as a TCP connection or UDP datagrams would bring
// them. A malformed line is the expected answer; an exception, a crash, a sanitizer report,
// a sample of the wrong width or a message that is not valid UTF-8 is a bug.
#include "core/stream/LineParser.h"
#include "core/stream/LineSource.h"
#include "core/stream/TextExcerpt.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

using namespace aaren::stream;

namespace {

// What dump() accepts is valid UTF-8 (it throws type_error 316 otherwise).
void requireUtf8(const std::string& s) {
  try {
    (void)nlohmann::json(s).dump();
  } catch (const nlohmann::json::type_error&) {
    std::abort();
  }
}

class FuzzSource : public LineSource {
 public:
  explicit FuzzSource(const LineParserOptions& o) : LineSource(64, OverflowPolicy::DropOldest, o) {}
  std::string describe() const override { return "fuzz"; }
  using LineSource::endOfInput;
  using LineSource::ingest;
  using LineSource::ingestDatagram;

 private:
  void run(std::stop_token) override {}
};

LineParserOptions optionsFrom(std::uint8_t flags) {
  LineParserOptions o;
  o.format = (flags & 3) == 1 ? LineFormat::Csv : (flags & 3) == 2 ? LineFormat::Json : LineFormat::Auto;
  o.epoch_time = (flags & 4) != 0;
  static constexpr char kDelimiters[] = {0, ',', ';', '\t'};
  o.delimiter = kDelimiters[(flags >> 3) & 3];
  if (flags & 0x20) o.columns = {"a", "b", "OT"};
  o.max_line_bytes = (flags & 0x40) ? 64 : 4096;
  o.max_values = 64;
  o.max_json_keys = 64;
  return o;
}

void parseLines(std::string_view text, const LineParserOptions& o) {
  LineParser p(o);
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const auto line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    const auto r = p.parse(line);
    switch (r.kind) {
      case ParsedLine::Kind::Sample:
        if (r.sample.values.size() != p.width() || r.sample.values.empty()) std::abort();
        if (r.sample.values.size() > o.max_values) std::abort();
        for (double v : r.sample.values)
          if (std::isinf(v)) std::abort();
        if (r.sample.hasTime() != p.timed()) std::abort();
        break;
      case ParsedLine::Kind::Malformed:
        if (r.error.empty()) std::abort();
        requireUtf8(r.error);
        break;
      case ParsedLine::Kind::Header:
      case ParsedLine::Kind::Skipped: break;
    }
    for (const auto& c : p.columns()) (void)c.size();
  }
}

void ingestChunks(std::string_view text, const LineParserOptions& o, std::uint8_t chunking) {
  FuzzSource source(o);
  const std::size_t step = 1 + chunking % 97;
  if (chunking & 0x80) {
    for (std::size_t at = 0; at < text.size(); at += step) source.ingestDatagram(text.substr(at, step));
  } else {
    for (std::size_t at = 0; at < text.size(); at += step) source.ingest(text.substr(at, step));
    source.endOfInput();
  }
  const auto st = source.stats();
  requireUtf8(st.last_malformed);
  for (const auto& c : st.columns) (void)c.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  // The first byte picks the parser options, the second how the bytes arrive; the rest is
  // the text.
  const auto o = optionsFrom(data[0]);
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  parseLines(text, o);
  ingestChunks(text, o, data[1]);
  requireUtf8(excerpt(text, data[1]));
  requireUtf8(safeText(text));
  return 0;
}
