#include "core/stream/SourceUri.h"

#include "core/data/CsvReader.h"
#include "core/data/TsReader.h"
#include "core/stream/FileFollowSource.h"
#include "core/stream/ReplaySource.h"
#include "core/stream/SqlitePollSource.h"
#include "core/stream/TcpSource.h"
#include "core/stream/UdpSource.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace aaren::stream {

namespace {

[[noreturn]] void bad(const std::string& uri, const std::string& why) { throw std::invalid_argument("source '" + uri + "': " + why); }

std::string decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int v = 0;
      const auto r = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
      if (r.ec == std::errc() && r.ptr == s.data() + i + 3) {
        out += static_cast<char>(v);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

void parseHostPort(const std::string& uri, std::string_view rest, SourceUri& u, bool host_required) {
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  std::string_view host, port;
  if (!rest.empty() && rest.front() == '[') {  // [::1]:9000
    const auto close = rest.find(']');
    if (close == std::string_view::npos) bad(uri, "unclosed '[' in the address");
    host = rest.substr(1, close - 1);
    rest.remove_prefix(close + 1);
    if (rest.empty() || rest.front() != ':') bad(uri, "expected HOST:PORT");
    port = rest.substr(1);
  } else {
    const auto colon = rest.rfind(':');
    if (colon == std::string_view::npos) bad(uri, "expected HOST:PORT (no port given)");
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (host.empty() && host_required) bad(uri, "expected HOST:PORT (no host given)");
  unsigned p = 0;
  const auto r = std::from_chars(port.data(), port.data() + port.size(), p);
  if (port.empty() || r.ec != std::errc() || r.ptr != port.data() + port.size() || p > 65535)
    bad(uri, "'" + std::string(port) + "' is not a port number (0-65535)");
  if (host.empty()) u.host = "127.0.0.1";
  else u.host.assign(host.data(), host.size());
  u.port = static_cast<std::uint16_t>(p);
}

// A numeric query parameter: a finite number within [lo, hi], else an error naming the
// parameter, its value and the range (`range` says it in words).
double number(const SourceUri& u, const std::string& key, double fallback, double lo, double hi,
              const std::string& range) {
  const auto it = u.query.find(key);
  if (it == u.query.end()) return fallback;
  double v = 0;
  const auto& s = it->second;
  const char* b = s.data() + (!s.empty() && s.front() == '+' ? 1 : 0);
  const auto r = std::from_chars(b, s.data() + s.size(), v);
  if (b == s.data() + s.size() || r.ptr != s.data() + s.size() ||
      (r.ec != std::errc() && r.ec != std::errc::result_out_of_range))
    bad(u.text, key + "='" + s + "' is not a number");
  if (r.ec == std::errc::result_out_of_range || !std::isfinite(v))
    bad(u.text, key + "='" + s + "' is not a finite number (" + range + ")");
  if (v < lo || v > hi) bad(u.text, key + "='" + s + "' is out of range (" + range + ")");
  return v;
}

// A whole-number query parameter within [lo, hi] (hi at most 2^53, exact in a double).
std::uint64_t wholeNumber(const SourceUri& u, const std::string& key, std::uint64_t fallback, std::uint64_t lo,
                          std::uint64_t hi, const std::string& range) {
  const double v = number(u, key, static_cast<double>(fallback), static_cast<double>(lo), static_cast<double>(hi), range);
  if (v != std::floor(v)) bad(u.text, key + "='" + u.query.at(key) + "' is not a whole number (" + range + ")");
  return static_cast<std::uint64_t>(v);
}

constexpr std::uint64_t kMaxRow = std::uint64_t{1} << 53;
constexpr std::uint64_t kMaxIntervalMs = 86400000;  // a day
const std::string kRowRange = "a row number from 0 to " + std::to_string(kMaxRow);
const std::string kIntervalRange = "1 to " + std::to_string(kMaxIntervalMs) + " ms";

bool flag(const SourceUri& u, const std::string& key) {
  const auto it = u.query.find(key);
  if (it == u.query.end()) return false;
  if (it->second == "1" || it->second == "true" || it->second == "yes" || it->second.empty()) return true;
  if (it->second == "0" || it->second == "false" || it->second == "no") return false;
  bad(u.text, key + "='" + it->second + "' is not 1 or 0");
}

bool fromStart(const SourceUri& u) {
  const auto it = u.query.find("from");
  if (it == u.query.end() || it->second == "start") return true;
  if (it->second == "end") return false;
  bad(u.text, "from='" + it->second + "' (expected start or end)");
}

std::vector<std::string> list(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    const auto comma = s.find(',', start);
    const auto item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

void checkKeys(const SourceUri& u, std::initializer_list<const char*> allowed) {
  for (const auto& [k, v] : u.query) {
    bool ok = false;
    std::string names;
    for (const char* a : allowed) {
      ok = ok || k == a;
      names += (names.empty() ? "" : ", ") + std::string(a);
    }
    if (!ok) bad(u.text, "unknown option '" + k + "' for " + u.scheme + " (it takes: " + names + ")");
  }
}

}  // namespace

SourceUri parseSourceUri(const std::string& text) {
  SourceUri u;
  u.text = text;
  std::string_view s = text;
  const auto q = s.find('?');
  if (q != std::string_view::npos) {
    auto query = s.substr(q + 1);
    s = s.substr(0, q);
    while (!query.empty()) {
      const auto amp = query.find('&');
      const auto item = query.substr(0, amp);
      if (!item.empty()) {
        const auto eq = item.find('=');
        u.query[decode(item.substr(0, eq))] = eq == std::string_view::npos ? std::string() : decode(item.substr(eq + 1));
      }
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  auto take = [&](std::string_view prefix) {
    if (s.substr(0, prefix.size()) != prefix) return false;
    s.remove_prefix(prefix.size());
    return true;
  };
  if (take("tcp+listen://")) {
    u.scheme = "tcp+listen";
    parseHostPort(text, s, u, false);
  } else if (take("tcp://")) {
    u.scheme = "tcp";
    parseHostPort(text, s, u, true);
  } else if (take("udp://")) {
    u.scheme = "udp";
    parseHostPort(text, s, u, false);
  } else if (take("replay:") || take("file:") || take("sqlite:")) {
    u.scheme = text.substr(0, text.find(':'));
    if (s.substr(0, 2) == "//") s.remove_prefix(2);  // file:///tmp/x.csv
    u.path = decode(s);
    if (u.path.empty() && u.scheme != "replay") bad(text, "no file given (" + u.scheme + ":PATH)");
  } else {
    throw std::invalid_argument("unknown source '" + text +
                                "' (expected replay:, file:, tcp://, tcp+listen://, udp:// or sqlite:)");
  }
  return u;
}

LineParserOptions parserOptions(const SourceUri& u, const SourceContext& context) {
  LineParserOptions p;
  p.columns = context.columns;
  if (auto it = u.query.find("format"); it != u.query.end()) {
    try {
      p.format = lineFormatFromString(it->second);
    } catch (const std::invalid_argument& e) {
      bad(u.text, e.what());
    }
  }
  if (auto it = u.query.find("delimiter"); it != u.query.end()) {
    const auto& d = it->second;
    if (d == "tab" || d == "\t") p.delimiter = '\t';
    else if (d == "," || d == ";" || d == "|") p.delimiter = d[0];
    else if (d == "comma") p.delimiter = ',';
    else if (d == "semicolon") p.delimiter = ';';
    else if (d == "pipe") p.delimiter = '|';
    else bad(u.text, "delimiter='" + d + "' (expected , ; tab or |)");
  }
  p.epoch_time = flag(u, "epoch");
  return p;
}

std::unique_ptr<StreamSource> makeSource(const std::string& uri, const SourceContext& context) {
  return makeSource(parseSourceUri(uri), context);
}

std::unique_ptr<StreamSource> makeSource(const SourceUri& u, const SourceContext& context) {
  if (u.scheme == "replay") {
    checkKeys(u, {"rate", "loop", "start", "end"});
    ReplayOptions r;
    r.rate = number(u, "rate", 1000, 0, 1e7, "0 = as fast as possible, up to 10000000 samples/s");
    r.loop = flag(u, "loop");
    r.start_row = static_cast<std::size_t>(wholeNumber(u, "start", 0, 0, kMaxRow, kRowRange));
    r.end_row = static_cast<std::size_t>(wholeNumber(u, "end", 0, 0, kMaxRow, kRowRange + ", 0 = the last"));
    if (u.path.empty()) {
      r.name = context.series_name;
      if (context.series) return std::make_unique<ReplaySource>(*context.series, r);
      if (context.cases) return std::make_unique<ReplaySource>(*context.cases, r);
      bad(u.text, "no file given and no series loaded to replay");
    }
    const std::filesystem::path path(u.path);
    r.name = path.filename().string();
    auto ext = path.extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".ts") {
      const auto ts = data::readTsFile(path);
      return std::make_unique<ReplaySource>(ts.set, r);
    }
    const auto csv = data::readCsvFile(path);
    return std::make_unique<ReplaySource>(csv.series, r);
  }
  if (u.scheme == "file") {
    checkKeys(u, {"from", "format", "delimiter", "epoch", "interval"});
    FileFollowOptions f;
    f.from_start = fromStart(u);
    f.parser = parserOptions(u, context);
    f.poll_ms = static_cast<std::int64_t>(wholeNumber(u, "interval", 100, 1, kMaxIntervalMs, kIntervalRange));
    return std::make_unique<FileFollowSource>(u.path, f);
  }
  if (u.scheme == "tcp" || u.scheme == "tcp+listen") {
    checkKeys(u, {"format", "delimiter", "epoch"});
    if (u.scheme == "tcp" && u.port == 0) bad(u.text, "port 0 cannot be connected to");
    TcpOptions t;
    t.mode = u.scheme == "tcp" ? TcpOptions::Mode::Connect : TcpOptions::Mode::Listen;
    t.host = u.host;
    t.port = u.port;
    t.parser = parserOptions(u, context);
    return std::make_unique<TcpSource>(t);
  }
  if (u.scheme == "udp") {
    checkKeys(u, {"format", "delimiter", "epoch"});
    UdpOptions o;
    o.host = u.host;
    o.port = u.port;
    o.parser = parserOptions(u, context);
    return std::make_unique<UdpSource>(o);
  }
  if (u.scheme == "sqlite") {
    checkKeys(u, {"table", "time", "columns", "key", "from", "interval"});
    SqlitePollOptions o;
    if (auto it = u.query.find("table"); it != u.query.end()) o.table = it->second;
    if (o.table.empty()) bad(u.text, "no table given (sqlite:PATH?table=NAME)");
    if (auto it = u.query.find("time"); it != u.query.end()) o.time_column = it->second;
    if (auto it = u.query.find("key"); it != u.query.end()) o.key_column = it->second;
    if (auto it = u.query.find("columns"); it != u.query.end()) o.columns = list(it->second);
    o.from_start = fromStart(u);
    o.poll_ms = static_cast<std::int64_t>(wholeNumber(u, "interval", 200, 1, kMaxIntervalMs, kIntervalRange));
    return std::make_unique<SqlitePollSource>(u.path, o);
  }
  bad(u.text, "unknown scheme '" + u.scheme + "'");
}

}  // namespace aaren::stream
