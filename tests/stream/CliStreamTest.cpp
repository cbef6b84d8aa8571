// `aaren stream` and `aaren feed`: the stream in-process through runCli, the feed as the real
// binary at the other end of a loopback TCP connection.
#include "app/cli/Command.h"
#include "tests/CliRun.h"
#include "core/stream/Feed.h"
#include "core/stream/StreamingPredictor.h"
#include "core/stream/TraceFile.h"
#include "tests/stream/StreamTestSupport.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <utility>

#include <boost/asio.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <spawn.h>
#include <sys/wait.h>

using namespace aaren;
namespace fs = std::filesystem;
using nlohmann::json;

extern char** environ;

using aaren::testing::CliRun;
using aaren::testing::run;

namespace {

std::vector<json> jsonLines(const std::string& text) {
  std::vector<json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(json::parse(line));
  return lines;
}

ModelOptions forecaster() {
  ModelOptions o;
  o.channels = 2;
  o.d_model = 16;
  o.heads = 2;
  o.layers = 2;
  o.d_ff = 32;
  o.dropout = 0;
  o.horizon = 3;
  o.channel_independent = true;
  o.predict_delta = true;
  return o;
}

class CliStream : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("aaren-cli-stream-" + std::to_string(::getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    series_ = aaren::testing::makeSeries(400, 2);
    std::ofstream csv(path("data.csv"));
    csv << "time,c0,c1\n";
    for (std::size_t r = 0; r < series_.rows; ++r) csv << stream::formatCsvLine(series_, r) << '\n';
    model_ = aaren::testing::makeStreamModel(forecaster());
    model_.save(path("m.aaren"));
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // The forecast after every row, through a predictor run by hand.
  std::vector<double> lastForecast(std::size_t rows) const {
    stream::StreamingPredictor p(train::TrainedModel::load(path("m.aaren")));
    for (std::size_t r = 0; r < rows; ++r) {
      stream::Sample s;
      s.timestamp = series_.timestamps[r];
      s.values = {series_.at(r, 0), series_.at(r, 1)};
      p.push(s);
    }
    return p.last().forecast;
  }

  fs::path dir_;
  data::Series series_;
  train::TrainedModel model_;
};

std::uint16_t freePort() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor a(io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

}  // namespace

TEST_F(CliStream, ReplayPrintsForecastsAndMemoryFiguresAsJsonLines) {
  const auto r = run({"stream", "-m", path("m.aaren"), "-s", "replay:" + path("data.csv") + "?rate=0", "--json", "--mae-window", "10"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto lines = jsonLines(r.out);
  ASSERT_FALSE(lines.empty());
  const auto& last = lines.back();
  EXPECT_EQ(last["ended"], "finished");
  EXPECT_EQ(last["samples"], 400);
  ASSERT_EQ(last["models"].size(), 2u);
  const auto& a = last["models"][0];
  EXPECT_EQ(a["label"], "m.aaren");
  EXPECT_EQ(a["kind"], "Aaren (fused step)");
  EXPECT_EQ(a["samples"], 400);
  EXPECT_EQ(a["state_bytes"], 2 * 2 * 2 * (1 + 1 + 8) * 4);  // 2 channel streams x 2 layers x 2 heads x (m, c, a[8])
  EXPECT_EQ(a["forecast"]["after_sample"], 399);
  EXPECT_EQ(a["rolling_mae_count"], 10);
  EXPECT_EQ(a["forecast"]["timestamps"][0], "2020-01-17 16:00:00");
  const auto expected = lastForecast(400);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(a["forecast"]["values"]["c0"][k].get<double>(), expected[k * 2]);
    EXPECT_EQ(a["forecast"]["values"]["c1"][k].get<double>(), expected[k * 2 + 1]);
  }
  const auto& t = last["models"][1];
  EXPECT_EQ(t["label"], "Transformer twin (untrained, cost only)");
  EXPECT_EQ(t["cost_only"], true);
  EXPECT_EQ(t["state_bytes"], 2 * 2 * 2 * 400 * 16 * 4);  // channels x layers x (K, V) x tokens x d_model x 4 B
  EXPECT_FALSE(t.contains("forecast"));
}

TEST_F(CliStream, TextReportNamesEveryModel) {
  const auto r = run({"stream", "-m", path("m.aaren"), "-s", "replay:" + path("data.csv") + "?rate=0", "--no-twin", "--channel", "c1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("streaming replay of data.csv as fast as possible\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("ended (finished) after "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("samples 400"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  m.aaren  samples 400  state     320 B  step "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Transformer"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  c1 t+1 "), std::string::npos) << r.out;
}

TEST_F(CliStream, FeedBinaryToStreamOverTcp) {
  const auto port = std::to_string(freePort());
  const std::string to = "tcp://127.0.0.1:" + port;
  std::vector<std::string> argv_s = {"aaren", "feed", path("data.csv"), "--to", to, "--rate", "0", "--header"};
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const auto feed_out = path("feed.out");
  posix_spawn_file_actions_addopen(&actions, 1, feed_out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, AAREN_CLI_BINARY, &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);

  const auto r = run({"stream", "-m", path("m.aaren"), "-s", to, "--json", "--no-twin", "--idle-exit", "1"});
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::ifstream in(feed_out);
  std::string feed_text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(feed_text, "sent 400 rows to " + to + " (1 connection)\n");
  const auto last = jsonLines(r.out).back();
  EXPECT_EQ(last["ended"], "idle");
  EXPECT_EQ(last["samples"], 400);
  EXPECT_EQ(last["source"]["malformed"], 0);
  const auto expected = lastForecast(400);
  EXPECT_EQ(last["models"][0]["forecast"]["values"]["c0"][0].get<double>(), expected[0]);
}

TEST_F(CliStream, BadInputExitsWithTheReason) {
  auto r = run({"stream", "-m", path("m.aaren"), "-s", "carrier-pigeon://home"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "aaren stream: unknown source 'carrier-pigeon://home' (expected replay:, file:, tcp://, tcp+listen://, udp:// or sqlite:)\n");
  r = run({"stream", "-m", path("m.aaren")});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "aaren stream: the option '--source' is required but missing\nRun 'aaren stream --help' for usage.\n");
  r = run({"stream", "-m", path("missing.aaren"), "-s", "udp://:0"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(path("missing.aaren")), std::string::npos) << r.err;
  fs::create_directories(path("sub"));
  const std::string busy = "tcp+listen://127.0.0.1:" + std::to_string(freePort());
  r = run({"stream", "-m", path("m.aaren"), "-s", "sqlite:" + path("data.csv") + "?table=t"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("not a SQLite database"), std::string::npos) << r.err;
  r = run({"feed", path("data.csv"), "--to", "file:" + path("x")});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "aaren feed: feed: cannot send to 'file:" + path("x") +
                       "' (expected tcp://HOST:PORT, tcp+listen://HOST:PORT or udp://HOST:PORT)\n");
  r = run({"feed", path("data.csv"), "--to", "udp://127.0.0.1:9", "--line-format", "xml"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "aaren feed: unknown line format 'xml' (expected csv, json or auto)\nRun 'aaren feed --help' for usage.\n");
}

TEST_F(CliStream, TraceFileFeedsTheReportsLiveStreamSection) {
  auto r = run({"stream", "-m", path("m.aaren"), "-s", "replay:" + path("data.csv") + "?rate=0", "--trace-out", path("trace.json"), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto last = jsonLines(r.out).back();
  const auto traces = stream::readTraceFile(path("trace.json"));
  ASSERT_EQ(traces.size(), 2u);
  EXPECT_EQ(traces[0].model, "m.aaren");
  EXPECT_EQ(traces[1].model, "Transformer twin (untrained, cost only)");
  ASSERT_FALSE(traces[0].points.empty());
  EXPECT_EQ(traces[0].points.front().samples, 1u);
  EXPECT_EQ(traces[0].points.back().state_bytes, last["models"][0]["state_bytes"].get<std::int64_t>());
  for (const auto& p : traces[1].points) EXPECT_EQ(p.state_bytes, static_cast<std::int64_t>(2 * 2 * 2 * p.samples * 16 * 4));

#ifdef AAREN_HAVE_REPORT
  r = run({"report", "-m", path("m.aaren"), "-d", path("data.csv"), "--stream-trace", path("trace.json"), "-o", path("r.json")});
  ASSERT_EQ(r.code, 0) << r.err;
  std::ifstream in(path("r.json"));
  const auto report = json::parse(in);
  ASSERT_EQ(report["stream"].size(), 2u);
  EXPECT_EQ(report["stream"][0]["model"], "m.aaren");
  EXPECT_EQ(report["stream"][0]["points"].size(), traces[0].points.size());
#endif

  std::ofstream(path("bad.json")) << R"({"format": "something-else"})";
  try {
    stream::readTraceFile(path("bad.json"));
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), path("bad.json") + ": not a stream trace file (no \"format\": \"aaren-stream-trace\")");
  }
  r = run({"stream", "-m", path("m.aaren"), "-s", "replay:" + path("data.csv"), "--trace-out", path("no/such/dir/t.json")});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "aaren stream: " + path("no/such/dir/t.json") + ": cannot write: directory " + path("no/such/dir") + " does not exist\n");
}

TEST_F(CliStream, JsonReportsSurviveExcerptsCutInACharacterAndBytesThatAreNotUtf8) {
  // Issue 18 item 6: dump() threw type_error 316 on the last malformed line's excerpt.
  std::string euros;
  for (int i = 0; i < 20; ++i) euros += "\xE2\x82\xAC";  // 3 bytes each: 40 bytes end inside one
  {
    std::ofstream csv(path("bad.csv"), std::ios::binary);
    csv << "time,c0,c1\n";
    for (std::size_t r = 0; r < series_.rows; ++r) csv << stream::formatCsvLine(series_, r) << '\n';
    csv << "\xff\xfe,1,2\n" << euros << ",1,2\n";
  }
  // A model file name that is not UTF-8 becomes the model's label.
  fs::copy_file(path("m.aaren"), path("m\xff.aaren"));
  const auto r = run({"stream", "-m", path("m\xff.aaren"), "-s", "file:" + path("bad.csv"), "--json", "--no-twin", "--idle-exit", "0.5"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto last = jsonLines(r.out).back();  // every line parses as JSON
  EXPECT_EQ(last["ended"], "idle");
  EXPECT_EQ(last["models"][0]["label"], "m\xEF\xBF\xBD.aaren");
  EXPECT_EQ(last["samples"], 400);
  EXPECT_EQ(last["source"]["malformed"], 2);
  std::string cut;
  for (int i = 0; i < 13; ++i) cut += "\xE2\x82\xAC";
  EXPECT_EQ(last["source"]["last_malformed"], "line 403: field 1 ('" + cut + "…') is not a timestamp");
}
