// Format 1/2 model files (weights pickled by LibTorch): refused by every loader with the
// command that converts them, and converted by convertLegacyModelFile with the pickle loader
// in a child process, so that a crafted pickle fails the conversion instead of crashing.
#include "core/models/LegacyModelFile.h"
#include "core/models/ModelFile.h"

#include "tests/models/ModelFileTestSupport.h"

#include <gtest/gtest.h>

using namespace aaren;
using namespace aaren::testing;
namespace fs = std::filesystem;

namespace {

class LegacyModelFile : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(3);
    model = makeModel(small(ModelType::Aaren, Task::Forecast));
    info = sampleInfo(model->options);
    info.parameters = model->parameterCount();
    info.app_version = "0.1.0";
  }
  void writeLegacy(std::uint32_t version, const std::string& weights) {
    writeBytes(old_file, legacyFile(version, info, weights));
  }
  std::string convertError() { return errorOf([&] { convertLegacyModelFile(old_file, new_file); }); }

  TempDir dir;
  fs::path old_file = dir / "old.aaren", new_file = dir / "new.aaren";
  Model model{nullptr};
  ModelFileInfo info;
};

TEST_F(LegacyModelFile, FormatOneAndTwoAreRefusedWithTheConversionCommand) {
  for (std::uint32_t version : {1u, 2u}) {
    writeLegacy(version, pickleWeights(namedWeights(*model)));
    const std::string expected = old_file.string() + ": format version " + std::to_string(version) +
                                 " keeps its weights in a pickle, which this Aaren Studio no longer loads (a crafted "
                                 "pickle can crash it); convert the file once with: aaren convert-model " +
                                 old_file.string() + " NEW.aaren";
    EXPECT_EQ(errorOf([&] { loadModelFile(old_file); }), expected);
    EXPECT_EQ(errorOf([&] { readModelFileInfo(old_file); }), expected);
    EXPECT_EQ(kindOf([&] { loadModelFile(old_file); }), ModelFileError::Kind::OldFormat);
  }
  // Refused from the version field alone: the crafted pickle below is never looked at.
  writeLegacy(2, craftedPickleWeights(std::string("\x80\x02\x85.", 4)));
  EXPECT_EQ(kindOf([&] { loadModelFile(old_file); }), ModelFileError::Kind::OldFormat);
}

TEST_F(LegacyModelFile, ConvertsAGoodFormatTwoFileToAnEqualCurrentFormatFile) {
  writeLegacy(2, pickleWeights(namedWeights(*model)));
  convertLegacyModelFile(old_file, new_file);
  EXPECT_EQ(split(readBytes(new_file)).version, 4u);
  const auto loaded = loadModelFile(new_file);
  EXPECT_EQ(loaded.info.format_version, 4);
  EXPECT_EQ(toJson(loaded.info).dump(), [&] {
    auto expected = info;
    expected.format_version = 4;
    return toJson(expected).dump();
  }());
  const auto want = namedWeights(*model), got = namedWeights(*loaded.model);
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].first, want[i].first);
    EXPECT_TRUE(torch::equal(got[i].second, want[i].second)) << want[i].first;
  }
  // A format-1 file (before daily_cycle, step_seconds and linear_skip) converts too.
  writeLegacy(1, pickleWeights(namedWeights(*model)));
  convertLegacyModelFile(old_file, dir / "from-one.aaren");
  EXPECT_EQ(loadModelFile(dir / "from-one.aaren").info.format_version, 4);
  // Converting in place.
  convertLegacyModelFile(old_file, old_file);
  EXPECT_EQ(loadModelFile(old_file).info.format_version, 4);
}

TEST_F(LegacyModelFile, ACraftedPickleFailsTheConversionCleanly) {
  // An empty pickle stack at TUPLE1: LibTorch 1.13's unpickler dereferences nothing and
  // crashes. Only the child dies.
  writeLegacy(2, craftedPickleWeights(std::string("\x80\x02\x85.", 4)));
  EXPECT_EQ(convertError(), old_file.string() + ": cannot convert: the legacy loader crashed (signal 11)");
  EXPECT_FALSE(fs::exists(new_file));
  EXPECT_EQ(kindOf([&] { convertLegacyModelFile(old_file, new_file); }), ModelFileError::Kind::Corrupt);
  // The same archive with a harmless pickle (an empty dict) is read: only the pickle differs.
  writeLegacy(2, craftedPickleWeights(std::string("\x80\x02}.", 4)));
  EXPECT_EQ(convertError(), old_file.string() + ": weights do not match the model options: the options need at least 13248 "
                                                "bytes of weights (12.9 KiB), the file holds 0");
}

TEST_F(LegacyModelFile, UnreadableOrMismatchedOldWeightsFailTheConversion) {
  writeLegacy(2, "not a pickle");
  EXPECT_EQ(convertError().rfind(old_file.string() + ": cannot convert: the old weights cannot be read: "
                                                     "PytorchStreamReader failed reading zip archive: not a ZIP archive", 0), 0u)
      << convertError();
  writeLegacy(2, craftedPickleWeights(std::string("\x80\x02K\x05.", 5)));  // the integer 5
  EXPECT_EQ(convertError(), old_file.string() + ": cannot convert: the old weights cannot be read: not a dictionary of tensors");
  writeLegacy(2, pickleWeights({}));  // a dictionary without the model's tensors
  EXPECT_EQ(convertError(), old_file.string() + ": weights do not match the model options: the options need at least " +
                                std::to_string(4 * (2 * 16 * (2 * 16 + 2 * 32) + 3 * 16 + 16 * 4 * 3)) + " bytes of weights (" +
                                "12.9 KiB), the file holds 0");
  auto fewer = namedWeights(*model);
  const auto dropped = fewer.back().first;
  fewer.pop_back();
  fewer.emplace_back("padding", torch::zeros({100000}));
  writeLegacy(2, pickleWeights(fewer));
  EXPECT_EQ(convertError(), old_file.string() + ": weights do not match the model options: tensor '" + dropped + "' is missing");
  // The header is checked like a format-3 header before the child starts.
  info.options.layers = 1000;
  writeLegacy(2, pickleWeights(namedWeights(*model)));
  EXPECT_EQ(convertError(), old_file.string() +
                                ": invalid model options in the header: ModelOptions.layers = 1000: must be between 1 and 64");
  EXPECT_FALSE(fs::exists(new_file));
}

TEST_F(LegacyModelFile, ACurrentFileNeedsNoConversion) {
  saveModelFile(old_file, *model, info);
  EXPECT_EQ(convertError(), old_file.string() + ": cannot convert: it is already format version 4; nothing to convert");
}

}  // namespace
