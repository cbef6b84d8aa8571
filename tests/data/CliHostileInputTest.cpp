// Issue 18 at the command line. Item 16: a --data path with a space (refused by every command
// that takes --data: Boost read the path with operator>>), a file name that is not UTF-8 (broke
// `inspect --json`; the recorded command line stays UTF-8), and numbers on the command line
// that are NaN, negative or absurd. Item 11: devices and FIFOs as data files.
#include <gtest/gtest.h>
#include "tests/CliRun.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/CliCommon.h"
#include "app/cli/Command.h"
#include "core/store/Workspace.h"

using aaren::cli::runCli;
using nlohmann::json;
namespace fs = std::filesystem;

using aaren::testing::CliRun;
using aaren::testing::run;
using aaren::testing::operator+;

namespace {

class CliHostileInput : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("aaren cli hostile " + std::to_string(::getpid()) + " " +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Hourly "load" and "temp" from 2016-07-01 00:00 into dir_/name.
  std::string sineCsv(const std::string& name, std::size_t rows) const {
    std::ostringstream os;
    os << "date,load,temp\n";
    for (std::size_t r = 0; r < rows; ++r) {
      char stamp[32];
      std::snprintf(stamp, sizeof stamp, "2016-07-%02zu %02zu:00:00", 1 + r / 24, r % 24);
      os << stamp << ',' << 100 + 20 * std::sin(2 * std::numbers::pi * static_cast<double>(r) / 24.0) << ','
         << -5 + 3 * std::cos(2 * std::numbers::pi * static_cast<double>(r) / 17.0) << '\n';
    }
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << os.str();
    return p.string();
  }

  static std::vector<std::string> smallTrain(const std::string& data) {
    return {"train", "--data", data, "-L", "24", "-H", "6", "--d-model", "8", "--heads", "2", "--layers", "1", "--d-ff", "16",
            "--dropout", "0", "--epochs", "1", "--batch-size", "64", "--seed", "3", "--threads", "1"};
  }

  fs::path dir_;  // its name holds spaces too
};

}  // namespace

TEST_F(CliHostileInput, DataPathsWithSpacesWorkInEveryCommand) {
  const std::string csv = sineCsv("my data.csv", 400);
  const std::string model = (dir_ / "my model.aaren").string();
  const auto trained = run(smallTrain(csv) + std::vector<std::string>{"--out", model, "--no-workspace"});
  ASSERT_EQ(trained.code, 0) << trained.err;
  ASSERT_TRUE(fs::exists(model));

  const auto eval = run({"eval", "--model", model, "--data", csv});
  EXPECT_EQ(eval.code, 0) << eval.err;
  const auto forecast = run({"forecast", "--model", model, "--data", csv, "--no-workspace"});
  EXPECT_EQ(forecast.code, 0) << forecast.err;
  EXPECT_EQ(forecast.out.rfind("step,timestamp,load,temp\n1,2016-07-17 16:00:00,", 0), 0u) << forecast.out;
  const std::string report = (dir_ / "my report.json").string();
  const auto rep = run({"report", "--model", model, "--data", csv, "--out", report});
  EXPECT_EQ(rep.code, 0) << rep.err;
  EXPECT_TRUE(fs::exists(report));

  // feed: three rows to a UDP socket of this test.
  const int sock = ::socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(sock, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const std::string to = "udp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  const auto feed = run({"feed", "--data", csv, "--to", to, "--count", "3", "--rate", "0"});
  EXPECT_EQ(feed.code, 0) << feed.err;
  EXPECT_EQ(feed.out.rfind("sent 3 rows to " + to, 0), 0u) << feed.out;
  char line[256];
  const auto got = ::recv(sock, line, sizeof line, MSG_DONTWAIT);
  ::close(sock);
  ASSERT_GT(got, 0);
  EXPECT_EQ(std::string(line, static_cast<std::size_t>(got)).rfind("2016-07-01 00:00:00,100,-2", 0), 0u);

  // A path with a space that does not exist: the error names the whole path.
  const std::string none = (dir_ / "no such file.csv").string();
  const auto missing = run({"eval", "--model", model, "--data", none});
  EXPECT_EQ(missing.code, 1);
  EXPECT_EQ(missing.err, "aaren eval: " + none + ": cannot open: No such file or directory\n");
}

TEST_F(CliHostileInput, ANonUtf8FileNameIsReplacedInInspectJson) {
  const std::string csv = sineCsv("data-\xff\xfe.csv", 30);
  const auto r = run({"inspect", csv, "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["file"], (dir_ / "data-\xEF\xBF\xBD\xEF\xBF\xBD.csv").string());
  EXPECT_EQ(j["rows"], 30);
}

TEST_F(CliHostileInput, ANonUtf8FileNameIsRecordedInTheWorkspace) {
  // The recorder stored the data path as JSON and nlohmann's dump threw type_error 316.
  const std::string csv = sineCsv("data-\xff.csv", 200);
  const std::string ws = (dir_ / "ws.sqlite").string();
  const std::string model = (dir_ / "m.aaren").string();
  const auto trained = run(smallTrain(csv) + std::vector<std::string>{"--out", model, "--workspace", ws});
  ASSERT_EQ(trained.code, 0) << trained.err;
  EXPECT_EQ(trained.err.find("not (fully) recorded"), std::string::npos) << trained.err;
  const auto runs = run({"runs", "--workspace", ws, "--json"});
  ASSERT_EQ(runs.code, 0) << runs.err;
  const auto j = json::parse(runs.out);
  ASSERT_EQ(j["runs"].size(), 1u) << runs.out;
  EXPECT_EQ(j["runs"][0]["status"], "completed") << runs.out;
  const auto shown = run({"runs", "show", std::to_string(j["runs"][0]["id"].get<long long>()), "--workspace", ws, "--json"});
  ASSERT_EQ(shown.code, 0) << shown.err;
  EXPECT_NE(shown.out.find("data-\xEF\xBF\xBD.csv"), std::string::npos) << shown.out;
}

TEST(CliCommandLine, ArgumentsThatAreNotUtf8AreWrittenAsBashEscapes) {
  using aaren::cli::commandLine;
  EXPECT_EQ(commandLine("train", {"--data", "my data.csv"}), "aaren train --data 'my data.csv'");
  EXPECT_EQ(commandLine("train", {"--data", "d\xff'\\x.csv"}), "aaren train --data $'d\\xff\\'\\\\x.csv'");
  EXPECT_EQ(commandLine("train", {"--data", "caf\xc3\xa9 1.csv"}), "aaren train --data 'caf\xc3\xa9 1.csv'");
}

TEST_F(CliHostileInput, DevicesAndFifosAreRefusedWithTheExactMessage) {
  const auto zero = run({"inspect", "/dev/zero"});
  EXPECT_EQ(zero.code, 1);
  EXPECT_EQ(zero.err, "aaren inspect: /dev/zero: is a character device, not a regular file; a data file must be a regular file\n");
  const fs::path fifo = dir_ / "feed.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto inspect = run({"inspect", fifo.string()});
  EXPECT_EQ(inspect.code, 1);
  EXPECT_EQ(inspect.err, "aaren inspect: " + fifo.string() + ": is a FIFO, not a regular file; a data file must be a regular file\n");
  // train hashed the data file before reading it: the FIFO blocked, the zero device never ended.
  const std::string out = (dir_ / "m.aaren").string();
  const auto train = run({"train", "--data", fifo.string(), "--no-workspace", "--out", out});
  EXPECT_EQ(train.code, 2);
  EXPECT_EQ(train.err, "aaren train: " + fifo.string() +
                           ": is a FIFO, not a regular file; a data file must be a regular file\nRun 'aaren train --help' for usage.\n");
  const auto trainZero = run({"train", "--data", "/dev/zero", "--no-workspace", "--out", out});
  EXPECT_EQ(trainZero.code, 2);
  EXPECT_EQ(trainZero.err, "aaren train: /dev/zero: is a character device, not a regular file; a data file must be a regular "
                           "file\nRun 'aaren train --help' for usage.\n");
}

TEST_F(CliHostileInput, NumericFlagsMustBeFiniteAndInRange) {
  const std::string csv = sineCsv("d.csv", 100);
  const auto usage = [&](std::vector<std::string> extra) {
    const auto r = run(std::vector<std::string>{"train", "--data", csv, "--no-workspace"} + extra);
    EXPECT_EQ(r.code, 2);
    return r.err;
  };
  const std::string help = "\nRun 'aaren train --help' for usage.\n";
  EXPECT_EQ(usage({"--lr", "nan"}), "aaren train: --lr must be a finite number from 1e-12 to 10 (got nan)" + help);
  EXPECT_EQ(usage({"--lr", "inf"}), "aaren train: --lr must be a finite number from 1e-12 to 10 (got inf)" + help);
  EXPECT_EQ(usage({"--dropout", "1"}), "aaren train: --dropout must be a finite number from 0 to 0.999 (got 1)" + help);
  EXPECT_EQ(usage({"--weight-decay", "nan"}), "aaren train: --weight-decay must be a finite number from 0 to 100 (got nan)" + help);
  EXPECT_EQ(usage({"--train-ratio", "-0.5"}), "aaren train: --train-ratio must be a finite number from 0 to 1 (got -0.5)" + help);
  EXPECT_EQ(usage({"--epochs=-1"}), "aaren train: --epochs must be a whole number from 1 to 1000000 (got -1)" + help);
  EXPECT_EQ(usage({"--lookback", "1000000000000"}),
            "aaren train: --lookback must be a whole number from 1 to 1000000 (got 1000000000000)" + help);
  EXPECT_EQ(usage({"--lookback", "1e12"}), "aaren train: the argument ('1e12') for option '--lookback' is invalid" + help);
  EXPECT_EQ(usage({"--d-model", "100000"}), "aaren train: --d-model must be a whole number from 1 to 4096 (got 100000)" + help);
  EXPECT_EQ(usage({"--layers", "0"}), "aaren train: --layers must be a whole number from 1 to 64 (got 0)" + help);
  EXPECT_EQ(usage({"--threads", "5000"}), "aaren train: --threads must be a whole number from 0 to 1024 (got 5000)" + help);
}

TEST_F(CliHostileInput, FeedAndStreamNumbersMustBeFinite) {
  const auto feed = run({"feed", "--data", "x.csv", "--to", "udp://127.0.0.1:9", "--rate", "nan"});
  EXPECT_EQ(feed.code, 2);
  EXPECT_EQ(feed.err, "aaren feed: --rate must be a finite number from 0 to 10000000 (got nan)\nRun 'aaren feed --help' for usage.\n");
  const auto stream = [](const std::string& flag, const std::string& value) {
    const auto r = run({"stream", "--model", "m.aaren", "--source", "udp://:9", flag, value});
    EXPECT_EQ(r.code, 2);
    return r.err;
  };
  const std::string help = "\nRun 'aaren stream --help' for usage.\n";
  EXPECT_EQ(stream("--interval", "nan"), "aaren stream: --interval must be a finite number from 0.001 to 86400 (got nan)" + help);
  EXPECT_EQ(stream("--interval", "0"), "aaren stream: --interval must be a finite number from 0.001 to 86400 (got 0)" + help);
  EXPECT_EQ(stream("--duration", "inf"), "aaren stream: --duration must be a finite number from 0 to 1000000000 (got inf)" + help);
  EXPECT_EQ(stream("--idle-exit", "-1"), "aaren stream: --idle-exit must be a finite number from 0 to 1000000000 (got -1)" + help);
  EXPECT_EQ(stream("--max-state", "nan"), "aaren stream: --max-state must be a finite number from 0 to 1048576 (got nan)" + help);
}
