// Issue 18 item 15 for the other atomic writers (reports: core/report/AtomicWrite.h; CLI
// outputs: app/cli/AtomicFile.h): the temporary file has a random name created with O_EXCL,
// so a file or symlink planted at the old predictable names ("<file>.tmp-<pid>",
// "<file>.tmp-<pid>-<n>") is neither followed nor clobbered.
#include "app/cli/AtomicFile.h"
#include "core/report/AtomicWrite.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <random>
#include <regex>
#include <unistd.h>

#include <gtest/gtest.h>

namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void writeAll(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

void checkPlantedNamesSurvive(const std::function<void(const fs::path&, std::string_view)>& write) {
  const fs::path dir = fs::temp_directory_path() / ("aaren-tmpname-" + std::to_string(::getpid()) + "-" +
                                                    std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  const auto file = dir / "out.csv", victim = dir / "victim.txt";
  writeAll(victim, "precious");
  const std::string pid = std::to_string(::getpid());
  const fs::path link = file.string() + ".tmp-" + pid;
  fs::create_symlink(victim, link);
  for (int n = 0; n < 4; ++n) {
    fs::create_symlink(victim, file.string() + ".tmp-" + pid + "-" + std::to_string(n));
  }
  for (int i = 0; i < 3; ++i) write(file, "a,b\n1,2\n");
  EXPECT_EQ(readAll(file), "a,b\n1,2\n");
  EXPECT_EQ(readAll(victim), "precious");
  EXPECT_EQ(fs::read_symlink(link), victim);
  EXPECT_EQ(entries(dir), (std::vector<std::string>{"out.csv", "out.csv.tmp-" + pid, "out.csv.tmp-" + pid + "-0",
                                                    "out.csv.tmp-" + pid + "-1", "out.csv.tmp-" + pid + "-2",
                                                    "out.csv.tmp-" + pid + "-3", "victim.txt"}));
  // The name it does use: a failure shows it ("File name too long" past 255 bytes).
  const auto long_file = dir / (std::string(247, 'x') + ".csv");
  try {
    write(long_file, "x");
    ADD_FAILURE() << "no error";
  } catch (const std::exception& e) {
    EXPECT_TRUE(std::regex_search(e.what(), std::regex("[.]csv[.]tmp-[0-9a-f]{16}: File name too long$"))) << e.what();
  }
  fs::remove_all(dir);
}

TEST(AtomicTempName, ReportWriterNeverFollowsOrClobbersPlantedNames) {
  checkPlantedNamesSurvive([](const fs::path& f, std::string_view b) { aaren::report::writeFileAtomically(f, b); });
}

TEST(AtomicTempName, CliWriterNeverFollowsOrClobbersPlantedNames) {
  checkPlantedNamesSurvive([](const fs::path& f, std::string_view b) { aaren::cli::writeFileAtomically(f, b); });
}

}  // namespace
