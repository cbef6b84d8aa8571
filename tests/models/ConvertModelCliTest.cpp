// `aaren convert-model` and the refusal of format 1/2 files by the CLI's loading commands
// (issue 18 item 1), through runCli as the `aaren` binary runs it.
#include "app/cli/Command.h"

#include "tests/models/ModelFileTestSupport.h"

#include <sstream>

#include <gtest/gtest.h>

using namespace aaren;
using namespace aaren::testing;
namespace fs = std::filesystem;

namespace {

struct Run {
  int code;
  std::string out, err;
};

Run run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = cli::runCli(args, out, err);
  return {code, out.str(), err.str()};
}

class ConvertModelCli : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(5);
    model = makeModel(small(ModelType::Aaren, Task::Forecast));
    info = sampleInfo(model->options);
  }
  TempDir dir;
  fs::path old_file = dir / "old.aaren", new_file = dir / "new.aaren";
  Model model{nullptr};
  ModelFileInfo info;
};

TEST_F(ConvertModelCli, LoadingCommandsRefuseAFormatTwoFileWithTheFix) {
  writeBytes(old_file, legacyFile(2, info, pickleWeights(namedWeights(*model))));
  const std::string why = old_file.string() +
                          ": format version 2 keeps its weights in a pickle, which this Aaren Studio no longer loads (a "
                          "crafted pickle can crash it); convert the file once with: aaren convert-model " +
                          old_file.string() + " NEW.aaren\n";
  for (const std::string command : {"eval", "forecast"}) {
    const auto r = run({command, "--model", old_file.string(), "--data", (dir / "none.csv").string()});
    EXPECT_EQ(r.code, cli::kExitFailure) << command;
    EXPECT_EQ(r.err, "aaren " + command + ": " + why) << command;
  }
}

TEST_F(ConvertModelCli, ConvertsAGoodFileAndFailsCleanlyOnACraftedOne) {
  writeBytes(old_file, legacyFile(2, info, pickleWeights(namedWeights(*model))));
  auto r = run({"convert-model", old_file.string(), new_file.string()});
  EXPECT_EQ(r.code, cli::kExitOk) << r.err;
  EXPECT_EQ(r.out, "converted " + old_file.string() + " to " + new_file.string() + " (format version 4)\n");
  const auto loaded = loadModelFile(new_file);
  const auto want = namedWeights(*model), got = namedWeights(*loaded.model);
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_TRUE(torch::equal(got[i].second, want[i].second)) << want[i].first;

  writeBytes(old_file, legacyFile(2, info, craftedPickleWeights(std::string("\x80\x02\x85.", 4))));  // crashes LibTorch's unpickler
  r = run({"convert-model", old_file.string(), (dir / "crafted.aaren").string()});
  EXPECT_EQ(r.code, cli::kExitFailure);
  EXPECT_EQ(r.err, "aaren convert-model: " + old_file.string() + ": cannot convert: the legacy loader crashed (signal 11)\n");
  EXPECT_FALSE(fs::exists(dir / "crafted.aaren"));

  r = run({"convert-model", old_file.string()});
  EXPECT_EQ(r.code, cli::kExitUsage);
  EXPECT_EQ(r.err, "aaren convert-model: the option '--new' is required but missing\n"
                   "Run 'aaren convert-model --help' for usage.\n");
  r = run({"--help"});
  EXPECT_NE(r.out.find("  convert-model Convert a format 1/2 model file"), std::string::npos) << r.out;
}

}  // namespace
