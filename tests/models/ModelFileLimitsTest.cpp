// .aaren model files as untrusted input (issue 18 items 2 and 11): every header field within
// its limits and consistent with the weights before anything is allocated; the file's type
// and size checked before it is read.
#include "core/models/ModelFile.h"

#include "tests/models/ModelFileTestSupport.h"

#include <chrono>
#include <limits>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

using namespace aaren;
using namespace aaren::testing;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

class ModelFileLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    file = dir / "m.aaren";
    auto model = makeModel(small(ModelType::Aaren, Task::Forecast));
    saveModelFile(file, *model, sampleInfo(model->options));
    bytes = readBytes(file);
  }
  std::string patched(const std::function<void(json&)>& edit) {
    writeBytes(file, bytes);
    patchHeader(file, edit);
    return errorOf([&] { loadModelFile(file); });
  }
  std::string p() const { return file.string() + ": "; }

  TempDir dir;
  fs::path file;
  std::string bytes;
};

TEST_F(ModelFileLimits, OptionsOutOfTheirLimitsAreRefusedBeforeTheModelIsBuilt) {
  const std::string bad = p() + "invalid model options in the header: ModelOptions.";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(patched([](json& j) { j["options"]["layers"] = 100000; }), bad + "layers = 100000: must be between 1 and 64");
  EXPECT_EQ(patched([](json& j) { j["options"]["d_model"] = 1 << 20; }), bad + "d_model = 1048576: must be between 1 and 4096");
  EXPECT_EQ(patched([](json& j) { j["options"]["heads"] = 512; }), bad + "heads = 512: must be between 1 and 256");
  EXPECT_EQ(patched([](json& j) { j["options"]["d_ff"] = 1 << 20; }), bad + "d_ff = 1048576: must be between 1 and 16384");
  EXPECT_EQ(patched([](json& j) { j["options"]["channels"] = 5000; }), bad + "channels = 5000: must be between 1 and 4096");
  EXPECT_EQ(patched([](json& j) { j["options"]["horizon"] = 1000000; }), bad + "horizon = 1000000: must be between 0 and 100000");
  EXPECT_EQ(patched([](json& j) { j["options"]["classes"] = -1; }), bad + "classes = -1: must be between 0 and 100000");
  EXPECT_EQ(patched([](json& j) { j["options"]["scan_chunk"] = 1 << 20; }), bad + "scan_chunk = 1048576: must be between 1 and 65536");
  EXPECT_EQ(patched([](json& j) { j["options"]["input_window"] = 5000; }), bad + "input_window = 5000: must be between 1 and 4096");
  // Nothing was allocated from those numbers (a model of 100000 layers takes minutes).
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  EXPECT_EQ(kindOf([&] { loadModelFile(file); }), ModelFileError::Kind::Corrupt);
}

TEST_F(ModelFileLimits, OptionsThatNeedMoreWeightsThanTheFileHoldsAreRefusedBeforeAllocating) {
  // 64 layers of d_model 4096 and d_ff 16384 are within the limits, but need
  // 4 x (64*4096*(2*4096 + 2*16384) + 3*1*4096 + 4096*4*3) bytes: about 40 GiB.
  const auto error = patched([](json& j) {
    j["options"]["layers"] = 64;
    j["options"]["d_model"] = 4096;
    j["options"]["d_ff"] = 16384;
  });
  const auto w = le(bytes, 20 + le(bytes, 12, 8), 8);
  const auto data = w - 8 - le(bytes, 28 + le(bytes, 12, 8), 8);  // the tensors' bytes
  EXPECT_EQ(error, p() + "weights do not match the model options: the options need at least 42949918720 bytes of "
                         "weights (40.0 GiB), the file holds " + std::to_string(data));
  EXPECT_EQ(kindOf([&] { loadModelFile(file); }), ModelFileError::Kind::WeightsMismatch);
  EXPECT_EQ(errorOf([&] { readModelFileInfo(file); }), error);  // the header alone is refused too
}

TEST_F(ModelFileLimits, ScalerNeedsOneFiniteEntryPerChannel) {
  const std::string bad = p() + "corrupt model file header: ";
  // Fewer entries than channels used to be read out of bounds.
  EXPECT_EQ(patched([](json& j) {
              j["scaler"]["offset"] = {1.0, 2.0};
              j["scaler"]["scale"] = {1.0, 2.0};
            }),
            bad + "scaler 'standard' has 2 offsets and 2 scales; the model has 3 channels");
  EXPECT_EQ(patched([](json& j) {
              j["scaler"]["offset"] = json::array();
              j["scaler"]["scale"] = json::array();
            }),
            bad + "scaler 'standard' has 0 offsets and 0 scales; the model has 3 channels");
  EXPECT_EQ(patched([](json& j) { j["scaler"]["kind"] = "none"; }),
            bad + "scaler 'none' has 3 offsets and 3 scales; it needs none");
  EXPECT_EQ(patched([](json& j) { j["scaler"]["offset"] = {1.0, 2.0}; }), bad + "scaler has 2 offsets but 3 scales");
  // JSON has no spelling for infinity: 1e400 is refused by the parser, and a header built
  // in memory (modelFileInfoFromJson callers) is checked by validateHeader.
  auto parts = split(bytes);
  const auto at = parts.header.find("1e+300");
  ASSERT_NE(at, std::string::npos) << parts.header;
  parts.header.replace(at, 6, "1e400");
  writeBytes(file, join(parts));
  EXPECT_EQ(errorOf([&] { loadModelFile(file); }), bad + "[json.exception.out_of_range.406] number overflow parsing '1e400'");
  auto info = sampleInfo(small(ModelType::Aaren, Task::Forecast));
  info.scaler.scale[2] = std::numeric_limits<double>::infinity();
  EXPECT_EQ(errorOf([&] { validateHeader(info, file); }), bad + "scaler channel 2 has a non-finite offset or scale");
}

TEST_F(ModelFileLimits, SchemaFieldsWithinTheirLimitsAndConsistentWithTheOptions) {
  const std::string bad = p() + "corrupt model file header: ";
  EXPECT_EQ(patched([](json& j) { j["schema"]["lookback"] = -1; }), bad + "schema.lookback = -1: must be between 0 and 1000000");
  EXPECT_EQ(patched([](json& j) { j["schema"]["horizon"] = 1 << 30; }), bad + "schema.horizon = 1073741824: must be between 0 and 100000");
  EXPECT_EQ(patched([](json& j) { j["schema"]["max_length"] = std::int64_t(1) << 40; }),
            bad + "schema.max_length = 1099511627776: must be between 0 and 100000000");
  EXPECT_EQ(patched([](json& j) { j["schema"]["frequency_seconds"] = -5; }),
            bad + "schema.frequency_seconds = -5: must be between 0 and 1099511627776");
  EXPECT_EQ(patched([](json& j) { j["schema"]["columns"] = {"HUFL", "OT"}; }), bad + "schema has 2 columns for 3 channels");
}

TEST_F(ModelFileLimits, HeaderLengthIsBounded) {
  auto bad = bytes;
  const std::string huge = leBytes(std::uint64_t(1) << 40, 8);
  bad.replace(12, 8, huge);
  writeBytes(file, bad);
  EXPECT_EQ(errorOf([&] { loadModelFile(file); }),
            p() + "corrupt model file: header length 1099511627776 is more than the 16 MiB allowed");
}

TEST_F(ModelFileLimits, DevicesFifosDirectoriesAndHugeFilesAreRefusedBeforeReading) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(errorOf([] { loadModelFile("/dev/zero"); }),
            "/dev/zero: is a character device, not a regular file; a model file must be a regular file");
  EXPECT_EQ(errorOf([] { readModelFileInfo("/dev/zero"); }),
            "/dev/zero: is a character device, not a regular file; a model file must be a regular file");
  const auto fifo = dir / "fifo.aaren";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(errorOf([&] { loadModelFile(fifo); }),
            fifo.string() + ": is a FIFO, not a regular file; a model file must be a regular file");
  EXPECT_EQ(errorOf([&] { loadModelFile(dir.path()); }),
            dir.path().string() + ": is a directory, not a regular file; a model file must be a regular file");
  EXPECT_EQ(kindOf([&] { loadModelFile(fifo); }), ModelFileError::Kind::Io);

  // 1 GB (sparse): over the 512 MiB limit, refused from its size alone.
  const auto big = dir / "big.aaren";
  writeBytes(big, bytes.substr(0, 60));
  fs::resize_file(big, 1000000000);
  EXPECT_EQ(errorOf([&] { loadModelFile(big); }),
            big.string() + ": is 953.7 MiB; at most 512 MiB is read as a model file");
  // 300 MiB with another start: refused from its first bytes.
  const auto other = dir / "other.aaren";
  writeBytes(other, "not a model");
  fs::resize_file(other, 300u << 20);
  EXPECT_EQ(errorOf([&] { loadModelFile(other); }),
            other.string() + ": not an Aaren model file (it does not start with AARENMDL)");
  // 300 MiB whose header declares more weights than the file has: refused from the lengths.
  auto head = bytes.substr(0, 28 + le(bytes, 12, 8));
  head.replace(20 + le(bytes, 12, 8), 8, leBytes(std::uint64_t(1) << 32, 8));
  writeBytes(other, head);
  fs::resize_file(other, 300u << 20);
  EXPECT_EQ(errorOf([&] { loadModelFile(other); }),
            other.string() + ": truncated model file: 314572800 bytes, the layout needs " +
                std::to_string(60 + le(bytes, 12, 8) + (std::uint64_t(1) << 32)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
