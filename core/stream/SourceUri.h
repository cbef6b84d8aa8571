#pragma once
// Live sources named by a URI, as `aaren stream --source` and the app's Live tab take them.
// The same URI works at both ends with `aaren feed --to`:
//
//   replay:PATH[?rate=1000&loop=1&start=ROW]   replay a CSV/.ts file (rate 0 = as fast as possible)
//   replay:[?rate=...]                          replay the series (or labelled cases) given in SourceContext
//   file:PATH[?from=start|end]                  follow a file another program appends to
//   tcp://HOST:PORT                             connect (the feed listens there); reconnects
//   tcp+listen://[HOST]:PORT                    listen (the feed connects); HOST defaults to 127.0.0.1
//   udp://[HOST]:PORT                           bind and receive datagrams (the feed sends there)
//   sqlite:PATH?table=T[&time=C][&columns=A,B][&key=C][&from=start|end][&interval=MS]
//
// Line sources also take format=csv|json|auto, delimiter=, ; tab | and epoch=1 (the first
// CSV field is epoch seconds/ms). Numeric parameters must be finite and in range: rate 0 to
// 10000000, start/end whole rows 0 to 2^53, interval whole ms 1 to 86400000 ("rate='nan' is
// not a finite number (...)", "start='1e30' is out of range (...)"). Errors are std::invalid_argument with the exact problem:
// "unknown source 'foo://x' (expected replay:, file:, tcp://, tcp+listen://, udp:// or sqlite:)".
// Threading: pure functions.
#include "core/data/LabeledSeriesSet.h"
#include "core/data/Series.h"
#include "core/stream/LineParser.h"
#include "core/stream/StreamSource.h"

#include <map>
#include <memory>
#include <string>

namespace aaren::stream {

struct SourceUri {
  std::string scheme;   // replay, file, tcp, tcp+listen, udp, sqlite
  std::string path;     // replay, file, sqlite
  std::string host;     // tcp, tcp+listen, udp
  std::uint16_t port = 0;
  std::map<std::string, std::string> query;
  std::string text;     // as given
};

SourceUri parseSourceUri(const std::string& uri);

// What a URI cannot say: the series (or labelled cases: each case a sequence, its first sample
// a reset, every sample its label) to replay for "replay:" without a path, and the value
// columns a JSON feed's named values are mapped to.
struct SourceContext {
  const data::Series* series = nullptr;
  const data::LabeledSeriesSet* cases = nullptr;  // used when series is null
  std::string series_name;
  std::vector<std::string> columns;
};

// Builds the source (not started). Replaying a file reads it here (data::DataError on failure).
std::unique_ptr<StreamSource> makeSource(const std::string& uri, const SourceContext& context = {});
std::unique_ptr<StreamSource> makeSource(const SourceUri& uri, const SourceContext& context = {});

// The parser options a line URI asks for (format, delimiter, epoch).
LineParserOptions parserOptions(const SourceUri& uri, const SourceContext& context);

}  // namespace aaren::stream
