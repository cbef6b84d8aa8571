// .aaren model files: the exact refusal message and kind for every way a file can be bad
// (missing, empty, not a model file, truncated, corrupt, newer, weights that do not fit the
// options, bad headers).
#include "core/models/ModelFile.h"

#include "tests/models/ModelFileTestSupport.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

using namespace aaren;
using namespace aaren::testing;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// ---- refusals -------------------------------------------------------------------------------

class ModelFileRefusal : public ::testing::Test {
 protected:
  void SetUp() override {
    file = dir / "m.aaren";
    auto model = makeModel(small(ModelType::Aaren, Task::Forecast));
    saveModelFile(file, *model, sampleInfo(model->options));
    bytes = readBytes(file);
    H = le(bytes, 12, 8);
    W = le(bytes, 20 + H, 8);
    ASSERT_EQ(bytes.size(), 60 + H + W);
  }
  std::string loadError() { return errorOf([&] { loadModelFile(file); }); }
  std::string infoError() { return errorOf([&] { readModelFileInfo(file); }); }
  std::string p() const { return file.string() + ": "; }

  TempDir dir;
  fs::path file;
  std::string bytes;
  std::size_t H = 0, W = 0;
};

TEST_F(ModelFileRefusal, MissingFile) {
  fs::remove(file);
  EXPECT_EQ(loadError(), p() + "cannot open: No such file or directory");
  EXPECT_EQ(kindOf([&] { loadModelFile(file); }), ModelFileError::Kind::Io);
}

TEST_F(ModelFileRefusal, EmptyFile) {
  writeBytes(file, "");
  EXPECT_EQ(loadError(), p() + "not an Aaren model file (the file is empty)");
  EXPECT_EQ(infoError(), loadError());
  EXPECT_EQ(kindOf([&] { loadModelFile(file); }), ModelFileError::Kind::NotModelFile);
}

TEST_F(ModelFileRefusal, WrongMagic) {
  writeBytes(file, "date,HUFL,HULL,MUFL,MULL,LUFL,LULL,OT\n2016-07-01 00:00:00,5.827,2.009\n");
  EXPECT_EQ(loadError(), p() + "not an Aaren model file (it does not start with AARENMDL)");
  writeBytes(file, "AAREX");  // short, and not a prefix of the magic
  EXPECT_EQ(loadError(), p() + "not an Aaren model file (it does not start with AARENMDL)");
  EXPECT_EQ(kindOf([&] { loadModelFile(file); }), ModelFileError::Kind::NotModelFile);
}

TEST_F(ModelFileRefusal, TruncatedAtSeveralPoints) {
  const std::size_t total = bytes.size();
  const std::string all = std::to_string(total);
  const std::string min_header = std::to_string(60 + H);
  const std::vector<std::pair<std::size_t, std::string>> cases = {
      {5, "at least 60"},                // inside the magic
      {10, "at least 60"},               // inside the version
      {16, "at least 60"},               // inside the header length
      {20 + H / 2, "at least " + min_header},  // inside the header
      {20 + H + 3, "at least " + min_header},  // inside the weights length
      {28 + H + W / 2, all},             // inside the weights
      {total - 1, all},                  // inside the checksum
  };
  for (const auto& [size, need] : cases) {
    writeBytes(file, std::string_view(bytes).substr(0, size));
    EXPECT_EQ(loadError(), p() + "truncated model file: " + std::to_string(size) +
                               " bytes, the layout needs " + need)
        << "cut at " << size;
    EXPECT_EQ(infoError(), loadError());
    EXPECT_EQ(kindOf([&] { loadModelFile(file); }), ModelFileError::Kind::Truncated);
  }
}

TEST_F(ModelFileRefusal, FlippedByteInWeights) {
  auto bad = bytes;
  bad[28 + H + W / 2] ^= 0x10;
  writeBytes(file, bad);
  EXPECT_EQ(loadError(), p() + "corrupt model file: SHA-256 checksum mismatch");
  EXPECT_EQ(infoError(), loadError());  // the header alone is checked too
  EXPECT_EQ(kindOf([&] { loadModelFile(file); }), ModelFileError::Kind::Corrupt);
}

TEST_F(ModelFileRefusal, FlippedByteInHeaderAndChecksum) {
  for (std::size_t at : {std::size_t(20 + H / 2), bytes.size() - 1}) {
    auto bad = bytes;
    bad[at] ^= 0x01;
    writeBytes(file, bad);
    EXPECT_EQ(loadError(), p() + "corrupt model file: SHA-256 checksum mismatch") << at;
  }
}

TEST_F(ModelFileRefusal, TrailingBytes) {
  writeBytes(file, bytes + "xyz");
  EXPECT_EQ(loadError(), p() + "corrupt model file: 3 unexpected bytes after the checksum");
}

TEST_F(ModelFileRefusal, NewerFormatVersion) {
  auto parts = split(bytes);
  EXPECT_EQ(parts.version, 4u);
  // Version 3 (no skip_level yet: the same layout) still loads.
  parts.version = 3;
  writeBytes(file, join(parts));
  EXPECT_EQ(loadError(), "(no error)");
  parts.version = 5;
  writeBytes(file, join(parts));
  EXPECT_EQ(loadError(), p() + "format version 5 is newer than this Aaren Studio reads (4); upgrade the app");
  EXPECT_EQ(infoError(), loadError());
  EXPECT_EQ(kindOf([&] { loadModelFile(file); }), ModelFileError::Kind::NewerVersion);
  // Refused from the version field alone, whatever follows.
  writeBytes(file, std::string("AARENMDL") + leBytes(6, 4) + "something else entirely");
  EXPECT_EQ(loadError(), p() + "format version 6 is newer than this Aaren Studio reads (4); upgrade the app");
}

TEST_F(ModelFileRefusal, OptionsThatDoNotFitTheWeights) {
  patchHeader(file, [](json& j) { j["options"]["horizon"] = 5; });
  // The first tensor whose shape the patched options change.
  auto o = small(ModelType::Aaren, Task::Forecast);
  auto original = makeModel(o);
  o.horizon = 5;
  auto patched = makeModel(o);
  auto a = original->named_parameters(true), b = patched->named_parameters(true);
  std::string expected;
  for (const auto& item : b) {
    const auto& old = a[item.key()];
    if (old.sizes() == item.value().sizes()) continue;
    auto shape = [](c10::IntArrayRef s) {
      std::string out = "[";
      for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
      return out + "]";
    };
    expected = "tensor '" + item.key() + "' has shape " + shape(old.sizes()) + ", the options give " +
               shape(item.value().sizes());
    break;
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(loadError(), p() + "weights do not match the model options: " + expected);
  EXPECT_EQ(kindOf([&] { loadModelFile(file); }), ModelFileError::Kind::WeightsMismatch);
  EXPECT_EQ(readModelFileInfo(file).options.horizon, 5);  // the header alone still reads
}

TEST_F(ModelFileRefusal, MissingAndUnexpectedTensors) {
  auto model = makeModel(small(ModelType::Aaren, Task::Forecast));
  std::vector<std::pair<std::string, torch::Tensor>> tensors;
  for (const auto& item : model->named_parameters(true)) tensors.emplace_back(item.key(), item.value().detach());

  auto parts = split(bytes);
  auto extra = tensors;
  extra.emplace_back("bogus.weight", torch::zeros({2}));
  parts.weights = weightsToSafeTensors(extra);
  writeBytes(file, join(parts));
  EXPECT_EQ(loadError(), p() + "weights do not match the model options: tensor 'bogus.weight' is not in the model");

  auto fewer = tensors;
  const std::string dropped = fewer.back().first;
  fewer.pop_back();
  parts.weights = weightsToSafeTensors(fewer);
  writeBytes(file, join(parts));
  EXPECT_EQ(loadError(), p() + "weights do not match the model options: tensor '" + dropped + "' is missing");

  auto doubles = tensors;
  doubles.front().second = doubles.front().second.to(torch::kFloat64);
  parts.weights = weightsToSafeTensors(doubles);
  writeBytes(file, join(parts));
  EXPECT_EQ(loadError(), p() + "weights do not match the model options: tensor '" + doubles.front().first +
                             "' has dtype F64, the model has F32");

  parts.weights = "not safetensors at all";  // its first 8 bytes read as a huge header length
  writeBytes(file, join(parts));
  EXPECT_EQ(loadError(), p() + "corrupt model file weights: header length " + std::to_string(le("not safe", 0, 8)) +
                             " is more than the 16777216 bytes allowed");
  EXPECT_EQ(kindOf([&] { loadModelFile(file); }), ModelFileError::Kind::Corrupt);
}

TEST_F(ModelFileRefusal, BadHeaders) {
  auto patch = [&](const std::function<void(json&)>& edit) {
    writeBytes(file, bytes);
    patchHeader(file, edit);
  };
  patch([](json& j) { j["options"]["d_model"] = 0; });
  EXPECT_EQ(loadError(), p() + "invalid model options in the header: ModelOptions.d_model = 0: must be between 1 and 4096");
  patch([](json& j) { j["options"]["d_model"] = 17; });  // in range, but not divisible by the 2 heads
  EXPECT_EQ(loadError(), p() + "invalid model options in the header: ModelOptions.d_model = 17: must be divisible by heads (2)");
  patch([](json& j) { j["options"]["type"] = "lstm"; });
  EXPECT_EQ(loadError(), p() + "corrupt model file header: unknown model type 'lstm' (expected aaren or transformer)");
  patch([](json& j) { j.erase("options"); });
  EXPECT_EQ(loadError(), p() + "corrupt model file header: missing field 'options'");
  patch([](json& j) { j["record"]["seed"] = "forty-two"; });
  EXPECT_EQ(loadError().rfind(p() + "corrupt model file header: field 'seed': ", 0), 0u) << loadError();
  patch([](json& j) { j["scaler"]["kind"] = "robust"; });
  EXPECT_EQ(loadError(), p() + "corrupt model file header: scaler kind 'robust' (expected none, standard or minmax)");
  EXPECT_EQ(kindOf([&] { loadModelFile(file); }), ModelFileError::Kind::Corrupt);
}

}  // namespace
