#include "core/stream/SourceUri.h"

#include <gtest/gtest.h>

using namespace aaren::stream;

namespace {
std::string errorOf(const std::string& uri) {
  try {
    makeSource(uri);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(SourceUri, ParsesEveryScheme) {
  auto t = parseSourceUri("tcp://127.0.0.1:9000");
  EXPECT_EQ(t.scheme, "tcp");
  EXPECT_EQ(t.host, "127.0.0.1");
  EXPECT_EQ(t.port, 9000);
  auto l = parseSourceUri("tcp+listen://:9001?format=json");
  EXPECT_EQ(l.scheme, "tcp+listen");
  EXPECT_EQ(l.host, "127.0.0.1");  // listening binds to loopback unless told otherwise
  EXPECT_EQ(l.port, 9001);
  EXPECT_EQ(l.query.at("format"), "json");
  auto any = parseSourceUri("tcp+listen://0.0.0.0:9001");
  EXPECT_EQ(any.host, "0.0.0.0");
  auto v6 = parseSourceUri("udp://[::1]:5000");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.port, 5000);
  auto f = parseSourceUri("file:///tmp/my%20feed.csv?from=end");
  EXPECT_EQ(f.scheme, "file");
  EXPECT_EQ(f.path, "/tmp/my feed.csv");
  auto s = parseSourceUri("sqlite:data/x.db?table=readings&columns=a,b&time=ts");
  EXPECT_EQ(s.path, "data/x.db");
  EXPECT_EQ(s.query.at("columns"), "a,b");
  auto r = parseSourceUri("replay:?rate=0");
  EXPECT_EQ(r.scheme, "replay");
  EXPECT_EQ(r.path, "");
}

TEST(SourceUri, ErrorsNameTheProblem) {
  EXPECT_EQ(errorOf("http://x"), "unknown source 'http://x' (expected replay:, file:, tcp://, tcp+listen://, udp:// or sqlite:)");
  EXPECT_EQ(errorOf("tcp://localhost"), "source 'tcp://localhost': expected HOST:PORT (no port given)");
  EXPECT_EQ(errorOf("tcp://:9000"), "source 'tcp://:9000': expected HOST:PORT (no host given)");
  EXPECT_EQ(errorOf("tcp://h:99999"), "source 'tcp://h:99999': '99999' is not a port number (0-65535)");
  EXPECT_EQ(errorOf("tcp://h:0"), "source 'tcp://h:0': port 0 cannot be connected to");
  EXPECT_EQ(errorOf("file:"), "source 'file:': no file given (file:PATH)");
  EXPECT_EQ(errorOf("file:x.csv?from=middle"), "source 'file:x.csv?from=middle': from='middle' (expected start or end)");
  EXPECT_EQ(errorOf("tcp://h:1?rate=5"), "source 'tcp://h:1?rate=5': unknown option 'rate' for tcp (it takes: format, delimiter, epoch)");
  EXPECT_EQ(errorOf("udp://:1?format=xml"), "source 'udp://:1?format=xml': unknown line format 'xml' (expected csv, json or auto)");
  EXPECT_EQ(errorOf("sqlite:x.db"), "source 'sqlite:x.db': no table given (sqlite:PATH?table=NAME)");
  EXPECT_EQ(errorOf("replay:?rate=fast"), "source 'replay:?rate=fast': rate='fast' is not a number");
  EXPECT_EQ(errorOf("replay:?rate=2e7"), "source 'replay:?rate=2e7': rate='2e7' is out of range (0 = as fast as possible, up to 10000000 samples/s)");
  EXPECT_EQ(errorOf("replay:"), "source 'replay:': no file given and no series loaded to replay");
}

TEST(SourceUri, BuildsSourcesThatDescribeThemselves) {
  EXPECT_EQ(makeSource("tcp://127.0.0.1:9000")->describe(), "tcp://127.0.0.1:9000");
  EXPECT_EQ(makeSource("udp://:5000")->describe(), "udp://127.0.0.1:5000");
  EXPECT_EQ(makeSource("file:/tmp/x.csv?from=end")->describe(), "file /tmp/x.csv (new lines only)");
  EXPECT_EQ(makeSource("sqlite:/tmp/x.db?table=t")->describe(), "sqlite /tmp/x.db table t");
  EXPECT_EQ(makeSource(std::string("replay:") + AAREN_DATA_DIR + "/forecasting/Airline.csv?rate=50&loop=1")->describe(),
            "replay of Airline.csv at 50/s (looping)");
  const auto opts = parserOptions(parseSourceUri("tcp://h:1?format=csv&delimiter=tab&epoch=1"), {});
  EXPECT_EQ(opts.format, LineFormat::Csv);
  EXPECT_EQ(opts.delimiter, '\t');
  EXPECT_TRUE(opts.epoch_time);
}

// Issue 18 item 16: every numeric query parameter is finite, in range and (for rows and
// intervals) whole; the error names the parameter and its value. rate=nan was accepted and
// start=1e30 silently ignored (the cast of an out-of-range double is undefined).
TEST(SourceUri, NumericParametersAreFiniteAndInRange) {
  const std::string rate = "0 = as fast as possible, up to 10000000 samples/s";
  EXPECT_EQ(errorOf("replay:?rate=nan"), "source 'replay:?rate=nan': rate='nan' is not a finite number (" + rate + ")");
  EXPECT_EQ(errorOf("replay:?rate=inf"), "source 'replay:?rate=inf': rate='inf' is not a finite number (" + rate + ")");
  EXPECT_EQ(errorOf("replay:?rate=-1"), "source 'replay:?rate=-1': rate='-1' is out of range (" + rate + ")");
  EXPECT_EQ(errorOf("replay:?rate=1e400"), "source 'replay:?rate=1e400': rate='1e400' is not a finite number (" + rate + ")");
  EXPECT_EQ(errorOf("replay:?rate="), "source 'replay:?rate=': rate='' is not a number");
  const std::string rows = "a row number from 0 to 9007199254740992";
  EXPECT_EQ(errorOf("replay:?start=1e30"), "source 'replay:?start=1e30': start='1e30' is out of range (" + rows + ")");
  EXPECT_EQ(errorOf("replay:?start=-1"), "source 'replay:?start=-1': start='-1' is out of range (" + rows + ")");
  EXPECT_EQ(errorOf("replay:?start=2.5"), "source 'replay:?start=2.5': start='2.5' is not a whole number (" + rows + ")");
  EXPECT_EQ(errorOf("replay:?start=nan"), "source 'replay:?start=nan': start='nan' is not a finite number (" + rows + ")");
  EXPECT_EQ(errorOf("replay:?end=1e30"), "source 'replay:?end=1e30': end='1e30' is out of range (" + rows + ", 0 = the last)");
  const std::string ms = "1 to 86400000 ms";
  EXPECT_EQ(errorOf("file:x.csv?interval=0"), "source 'file:x.csv?interval=0': interval='0' is out of range (" + ms + ")");
  EXPECT_EQ(errorOf("file:x.csv?interval=nan"), "source 'file:x.csv?interval=nan': interval='nan' is not a finite number (" + ms + ")");
  EXPECT_EQ(errorOf("file:x.csv?interval=1e30"), "source 'file:x.csv?interval=1e30': interval='1e30' is out of range (" + ms + ")");
  EXPECT_EQ(errorOf("sqlite:x.db?table=t&interval=1.5"),
            "source 'sqlite:x.db?table=t&interval=1.5': interval='1.5' is not a whole number (" + ms + ")");
  // A start row past the end of the data is an error, not ignored.
  EXPECT_EQ(errorOf(std::string("replay:") + AAREN_DATA_DIR + "/forecasting/Airline.csv?start=1000"),
            "replay: no rows to replay (start row 1000 of 144)");
  // In range: accepted as given.
  EXPECT_EQ(makeSource(std::string("replay:") + AAREN_DATA_DIR + "/forecasting/Airline.csv?rate=0&start=100&end=110")->describe(),
            "replay of Airline.csv as fast as possible");
}
