// .aaren model files: train -> save -> load -> predict round trips, the exact refusal
// messages for bad files, atomic saving, checkSchema and SHA-256.
#include "core/models/ModelFile.h"

#include "core/models/CalendarFeatures.h"

#include <torch/csrc/jit/serialization/pickle.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

using namespace aaren;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// ---- helpers ----------------------------------------------------------------------------

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() /
            ("aaren-modelfile-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path_)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  fs::path path_;
};

std::string readBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void writeBytes(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

ModelFileError::Kind kindOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const ModelFileError& e) {
    return e.kind();
  }
  ADD_FAILURE() << "no ModelFileError";
  return ModelFileError::Kind::Io;
}

// The layout, parsed independently of the library (from the header comment's table).
std::uint64_t le(std::string_view b, std::size_t at, int width) {
  std::uint64_t v = 0;
  for (int i = 0; i < width; ++i) v |= std::uint64_t(static_cast<unsigned char>(b[at + i])) << (8 * i);
  return v;
}
std::string leBytes(std::uint64_t v, int width) {
  std::string out;
  for (int i = 0; i < width; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return out;
}
std::string unhex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

struct Parts {
  std::uint32_t version;
  std::string header, weights;
};

Parts split(const std::string& bytes) {
  Parts p;
  p.version = static_cast<std::uint32_t>(le(bytes, 8, 4));
  const auto h = le(bytes, 12, 8);
  p.header = bytes.substr(20, h);
  const auto w = le(bytes, 20 + h, 8);
  p.weights = bytes.substr(28 + h, w);
  EXPECT_EQ(bytes.size(), 28 + h + w + 32);
  EXPECT_EQ(bytes.substr(28 + h + w), unhex(sha256(std::string_view(bytes).substr(0, 28 + h + w))));
  return p;
}

std::string join(const Parts& p) {
  std::string out = "AARENMDL" + leBytes(p.version, 4) + leBytes(p.header.size(), 8) + p.header +
                    leBytes(p.weights.size(), 8) + p.weights;
  return out + unhex(sha256(out));
}

// Rewrites a file's header JSON (checksum recomputed, so only the edit is wrong).
void patchHeader(const fs::path& file, const std::function<void(json&)>& edit) {
  auto parts = split(readBytes(file));
  auto j = json::parse(parts.header);
  edit(j);
  parts.header = j.dump();
  writeBytes(file, join(parts));
}

std::string pickleDict(const std::vector<std::pair<std::string, torch::Tensor>>& tensors) {
  c10::Dict<std::string, at::Tensor> dict;
  for (const auto& [name, t] : tensors) dict.insert(name, t);
  auto bytes = torch::jit::pickle_save(c10::IValue(dict));
  return std::string(bytes.data(), bytes.size());
}

ModelOptions small(ModelType type, Task task) {
  ModelOptions o;
  o.type = type;
  o.task = task;
  o.channels = 3;
  o.d_model = 16;
  o.heads = 2;
  o.layers = 2;
  o.d_ff = 32;
  o.dropout = 0.1;
  o.horizon = 4;
  o.classes = 3;
  o.scan_chunk = 8;
  return o;
}

ModelFileInfo sampleInfo(const ModelOptions& o) {
  ModelFileInfo info;
  info.options = o;
  info.scaler.kind = "standard";
  info.scaler.offset = {0.1 + 0.2, -1e-300, 12345.678901234567};
  info.scaler.scale = {1.0 / 3.0, 2.5, 1e300};
  info.schema.columns = {"HUFL", "HULL", "OT"};
  info.schema.frequency_seconds = 3600;
  info.schema.has_time = true;
  info.schema.lookback = 96;
  info.schema.horizon = o.horizon;
  if (o.task == Task::Classify) {
    info.schema.classes = {"standing", "walking", "running"};
    info.schema.max_length = 100;
  }
  info.record.dataset_path = "data/ETTh1.csv";
  info.record.dataset_sha256 = sha256("not really the data");
  info.record.seed = 0x8000000000000005ull;  // above INT64_MAX: kept as unsigned
  info.record.epochs = 7;
  info.record.metrics = {{"test_mse", 0.3875}, {"test_mae", 0.41}, {"test_mape", std::nan("")}};
  info.record.train_seconds = 12.5;
  info.record.trained_at_utc = "2026-11-23T20:18:26Z";
  info.record.command = "aaren train --data data/ETTh1.csv --model aaren";
  info.record.split = "ratios";
  info.record.train_ratio = 0.7;
  info.record.val_ratio = 0.1;
  info.record.missing_policy = "interpolate";
  return info;
}

// Calendar features of an hourly series from 2016-07-01 for the B × T steps of x, or
// undefined when the model does not read them.
torch::Tensor calendarFor(const ModelOptions& o, const torch::Tensor& x) {
  if (!needsCalendar(o)) return {};
  auto cal = torch::empty({x.size(0), x.size(1), kCalendarFeatures});
  for (std::int64_t b = 0; b < x.size(0); ++b)
    for (std::int64_t t = 0; t < x.size(1); ++t) {
      const auto f = calendarFeatures(1467331200 + 3600 * (b * 1000 + t));
      for (int i = 0; i < kCalendarFeatures; ++i) cal[b][t][i] = f[static_cast<std::size_t>(i)];
    }
  return cal;
}

// A few Adam steps so the weights are trained, not the initialisation.
void train(Model& model, const torch::Tensor& x) {
  model->train();
  torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(1e-2));
  const auto cal = calendarFor(model->options, x);
  for (int i = 0; i < 3; ++i) {
    opt.zero_grad();
    auto y = model->forward(x, {}, cal);
    auto loss = y.square().mean();
    loss.backward();
    opt.step();
  }
}

torch::Tensor predict(Model& model, const torch::Tensor& x, const torch::Tensor& mask = {}) {
  torch::NoGradGuard no_grad;
  model->eval();
  return model->forward(x, mask, calendarFor(model->options, x));
}

// ---- round trips --------------------------------------------------------------------------

void roundTrip(ModelOptions options, const torch::Tensor& mask = {}) {
  TempDir dir;
  const auto file = dir / "m.aaren";
  torch::manual_seed(7);
  const auto x = torch::randn({2, 20, options.channels});
  torch::Tensor expected;
  ModelFileInfo written = sampleInfo(options);
  std::int64_t parameters = 0;
  {
    auto model = makeModel(options);
    train(model, x);
    expected = predict(model, x, mask);
    parameters = model->parameterCount();
    saveModelFile(file, *model, written);
  }  // the original model is gone

  auto loaded = loadModelFile(file);
  EXPECT_FALSE(loaded.model->is_training());
  EXPECT_EQ(loaded.model->parameterCount(), parameters);
  torch::NoGradGuard no_grad;
  const auto got = loaded.model->forward(x, mask, calendarFor(options, x));
  EXPECT_TRUE(torch::equal(got, expected)) << "predictions differ after load";

  // Every info field survives; save fills in version, parameters and the app version.
  written.format_version = 2;
  written.app_version = AAREN_VERSION;
  written.parameters = parameters;
  EXPECT_EQ(toJson(loaded.info), toJson(written));
  EXPECT_EQ(loaded.info.format_version, 2);
  EXPECT_EQ(loaded.info.parameters, parameters);
  EXPECT_EQ(loaded.info.record.seed, 0x8000000000000005ull);
  EXPECT_EQ(loaded.info.scaler.offset, written.scaler.offset);  // doubles exact
  EXPECT_EQ(loaded.info.scaler.scale, written.scaler.scale);
  EXPECT_TRUE(std::isnan(loaded.info.record.metrics.at("test_mape")));
  EXPECT_EQ(loaded.info.record.metrics.at("test_mse"), 0.3875);
  EXPECT_EQ(toJson(readModelFileInfo(file)), toJson(loaded.info));
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"m.aaren"});
}

TEST(ModelFile, RoundTripAarenForecaster) {
  auto o = small(ModelType::Aaren, Task::Forecast);
  o.channel_independent = true;
  o.predict_delta = true;
  roundTrip(o);
}

TEST(ModelFile, RoundTripTransformerForecaster) { roundTrip(small(ModelType::Transformer, Task::Forecast)); }

// The default forecaster's shape: channels alone, a scaled relative window, no positions.
ModelOptions windowedForecaster() {
  auto o = small(ModelType::Aaren, Task::Forecast);
  o.channel_independent = true;
  o.predict_delta = true;
  o.input_window = 8;
  o.relative_window = true;
  o.scale_window = true;
  o.positional = false;
  o.final_norm = false;
  return o;
}

TEST(ModelFile, RoundTripWindowedForecasterWithoutPositions) { roundTrip(windowedForecaster()); }

TEST(ModelFile, RoundTripForecasterWithDailyCycleAndLinearSkip) {
  auto o = windowedForecaster();
  o.daily_cycle = 3;
  o.step_seconds = 3600;
  o.linear_skip = true;
  roundTrip(o);
  o.type = ModelType::Transformer;
  roundTrip(o);
}

// A file from a build before format 2 (no daily_cycle, step_seconds or linear_skip in its
// header) loads, without them.
TEST(ModelFile, FormatVersionOneStillLoads) {
  TempDir dir;
  const auto file = dir / "m.aaren";
  auto model = makeModel(small(ModelType::Aaren, Task::Forecast));
  saveModelFile(file, *model, sampleInfo(model->options));
  auto parts = split(readBytes(file));
  EXPECT_EQ(parts.version, 2u);
  parts.version = 1;
  auto j = json::parse(parts.header);
  for (const char* key : {"daily_cycle", "step_seconds", "linear_skip"}) {
    ASSERT_TRUE(j["options"].contains(key)) << key;
    j["options"].erase(key);
  }
  j["format_version"] = 1;
  parts.header = j.dump();
  writeBytes(file, join(parts));
  auto loaded = loadModelFile(file);
  EXPECT_EQ(loaded.info.format_version, 1);
  EXPECT_EQ(loaded.info.options.daily_cycle, 0);
  EXPECT_FALSE(loaded.info.options.linear_skip);
  torch::NoGradGuard no_grad;
  model->eval();
  const auto x = torch::randn({1, 10, 3});
  EXPECT_TRUE(torch::equal(loaded.model->forward(x), model->forward(x)));
}

TEST(ModelFile, RoundTripClassifier) {
  auto o = small(ModelType::Aaren, Task::Classify);
  o.pooling = Pooling::Mean;
  auto mask = torch::ones({2, 20}, torch::kBool);
  mask.index_put_({1, torch::indexing::Slice(15)}, false);
  roundTrip(o, mask);
}

TEST(ModelFile, HeaderJsonUsesNames) {
  auto j = toJson(sampleInfo(small(ModelType::Transformer, Task::Classify)));
  EXPECT_EQ(j["options"]["type"], "transformer");
  EXPECT_EQ(j["options"]["task"], "classify");
  EXPECT_EQ(j["options"]["pooling"], "last");
  EXPECT_TRUE(j["record"]["metrics"]["test_mape"].is_null());
  EXPECT_EQ(j["schema"]["columns"], json({"HUFL", "HULL", "OT"}));
  auto back = modelFileInfoFromJson(j);
  EXPECT_EQ(toJson(back), j);
}

TEST(ModelFile, NonUtf8PathsInTheRecordDoNotFailTheSave) {
  TempDir dir;
  auto model = makeModel(small(ModelType::Aaren, Task::Classify));
  auto info = sampleInfo(model->options);
  info.record.dataset_path = "/data/caf\xe9.csv";  // Latin-1 file name
  saveModelFile(dir / "m.aaren", *model, info);
  EXPECT_EQ(readModelFileInfo(dir / "m.aaren").record.dataset_path, "/data/caf\xef\xbf\xbd.csv");
}

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
  parts.version = 4;
  writeBytes(file, join(parts));
  EXPECT_EQ(loadError(), p() + "format version 4 is newer than this Aaren Studio reads (2); upgrade the app");
  EXPECT_EQ(infoError(), loadError());
  EXPECT_EQ(kindOf([&] { loadModelFile(file); }), ModelFileError::Kind::NewerVersion);
  // Refused from the version field alone, whatever follows.
  writeBytes(file, std::string("AARENMDL") + leBytes(3, 4) + "something else entirely");
  EXPECT_EQ(loadError(), p() + "format version 3 is newer than this Aaren Studio reads (2); upgrade the app");
}

TEST_F(ModelFileRefusal, OptionsThatDoNotFitTheWeights) {
  patchHeader(file, [](json& j) { j["options"]["d_model"] = 32; });
  // The first tensor whose shape the patched options change.
  auto o = small(ModelType::Aaren, Task::Forecast);
  auto original = makeModel(o);
  o.d_model = 32;
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
  EXPECT_EQ(readModelFileInfo(file).options.d_model, 32);  // the header alone still reads
}

TEST_F(ModelFileRefusal, MissingAndUnexpectedTensors) {
  auto model = makeModel(small(ModelType::Aaren, Task::Forecast));
  std::vector<std::pair<std::string, torch::Tensor>> tensors;
  for (const auto& item : model->named_parameters(true)) tensors.emplace_back(item.key(), item.value().detach());

  auto parts = split(bytes);
  auto extra = tensors;
  extra.emplace_back("bogus.weight", torch::zeros({2}));
  parts.weights = pickleDict(extra);
  writeBytes(file, join(parts));
  EXPECT_EQ(loadError(), p() + "weights do not match the model options: tensor 'bogus.weight' is not in the model");

  auto fewer = tensors;
  const std::string dropped = fewer.back().first;
  fewer.pop_back();
  parts.weights = pickleDict(fewer);
  writeBytes(file, join(parts));
  EXPECT_EQ(loadError(), p() + "weights do not match the model options: tensor '" + dropped + "' is missing");

  auto doubles = tensors;
  doubles.front().second = doubles.front().second.to(torch::kFloat64);
  parts.weights = pickleDict(doubles);
  writeBytes(file, join(parts));
  EXPECT_EQ(loadError(), p() + "weights do not match the model options: tensor '" + doubles.front().first +
                             "' has type Double, the model has Float");

  parts.weights = "not a pickle at all";
  writeBytes(file, join(parts));
  EXPECT_EQ(loadError().rfind(p() + "corrupt model file weights: ", 0), 0u) << loadError();
}

TEST_F(ModelFileRefusal, BadHeaders) {
  auto patch = [&](const std::function<void(json&)>& edit) {
    writeBytes(file, bytes);
    patchHeader(file, edit);
  };
  patch([](json& j) { j["options"]["d_model"] = 0; });
  EXPECT_EQ(loadError(), p() + "invalid model options in the header: ModelOptions.d_model = 0: must be at least 1");
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

// ---- schema ---------------------------------------------------------------------------------

TEST(ModelFileSchema, CheckSchemaNamesTheMismatch) {
  ModelFileInfo info;
  info.schema.columns = {"HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT"};
  info.schema.frequency_seconds = 3600;
  EXPECT_NO_THROW(checkSchema(info, info.schema.columns, 3600));
  EXPECT_NO_THROW(checkSchema(info, info.schema.columns, 0));  // unknown: not checked
  EXPECT_EQ(errorOf([&] { checkSchema(info, {"HUFL", "HULL", "OT", "extra"}, 3600); }),
            "model expects columns HUFL,HULL,MUFL,MULL,LUFL,LULL,OT but the data has HUFL,HULL,OT,extra "
            "(missing MUFL,MULL,LUFL,LULL; not in the model extra)");
  // Columns are read by name: another order and extra columns fit.
  EXPECT_NO_THROW(checkSchema(info, {"OT", "HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL"}, 3600, "/models/m.aaren"));
  EXPECT_NO_THROW(checkSchema(info, {"date2", "HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT", "extra"}, 3600));
  ModelFileInfo ot = info;
  ot.schema.columns = {"OT"};
  EXPECT_NO_THROW(checkSchema(ot, info.schema.columns, 3600));
  EXPECT_EQ(errorOf([&] { checkSchema(info, info.schema.columns, 900, "/models/m.aaren"); }),
            "/models/m.aaren: model expects one sample every 1h but the data has one every 15min");
  EXPECT_EQ(kindOf([&] { checkSchema(info, {}, 3600); }), ModelFileError::Kind::SchemaMismatch);
  EXPECT_EQ(errorOf([&] { checkSchema(info, {}, 3600); }),
            "model expects columns HUFL,HULL,MUFL,MULL,LUFL,LULL,OT but the data has no columns "
            "(missing HUFL,HULL,MUFL,MULL,LUFL,LULL,OT)");
  EXPECT_EQ(formatInterval(86400 * 7), "7d");
  EXPECT_EQ(formatInterval(90), "90s");
}

// ---- atomic save ----------------------------------------------------------------------------

TEST(ModelFileSave, OverwriteLeavesOnlyTheNewFile) {
  TempDir dir;
  const auto file = dir / "m.aaren";
  auto a = makeModel(small(ModelType::Aaren, Task::Forecast));
  auto b = makeModel(small(ModelType::Transformer, Task::Forecast));
  saveModelFile(file, *a, sampleInfo(a->options));
  saveModelFile(file, *b, sampleInfo(b->options));
  EXPECT_EQ(loadModelFile(file).info.options.type, ModelType::Transformer);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"m.aaren"});
}

TEST(ModelFileSave, ReadersSeeTheOldOrTheNewFileNeverAPart) {
  TempDir dir;
  const auto file = dir / "m.aaren";
  auto a = makeModel(small(ModelType::Aaren, Task::Forecast));
  auto b = makeModel(small(ModelType::Transformer, Task::Forecast));
  saveModelFile(file, *a, sampleInfo(a->options));
  std::atomic<bool> done{false};
  std::atomic<int> reads{0}, failures{0};
  std::string failure;
  std::thread reader([&] {
    while (!done) {
      try {
        auto info = readModelFileInfo(file);
        ++reads;
      } catch (const std::exception& e) {
        if (failures++ == 0) failure = e.what();
      }
    }
  });
  for (int i = 0; i < 30; ++i) {
    auto& m = i % 2 ? *a : *b;
    saveModelFile(file, m, sampleInfo(m.options));
  }
  done = true;
  reader.join();
  EXPECT_EQ(failures.load(), 0) << failure;
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"m.aaren"});
}

TEST(ModelFileSave, FailingSaveNamesThePathAndKeepsTheOldFile) {
  TempDir dir;
  const auto file = dir / "m.aaren";
  auto a = makeModel(small(ModelType::Aaren, Task::Forecast));
  auto b = makeModel(small(ModelType::Transformer, Task::Forecast));
  saveModelFile(file, *a, sampleInfo(a->options));
  const auto old_bytes = readBytes(file);

  // The temporary file cannot be created (a directory sits at its name; this fails even as
  // root, where permissions would not).
  const fs::path blocker = file.string() + ".tmp-" + std::to_string(::getpid());
  fs::create_directory(blocker);
  EXPECT_EQ(errorOf([&] { saveModelFile(file, *b, sampleInfo(b->options)); }),
            file.string() + ": cannot save: cannot create temporary file " + blocker.string() +
                ": Is a directory");
  EXPECT_EQ(readBytes(file), old_bytes);
  fs::remove(blocker);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"m.aaren"});

  // The directory is a regular file.
  const auto under_file = dir / "m.aaren" / "x.aaren";
  EXPECT_EQ(errorOf([&] { saveModelFile(under_file, *b, {}); }),
            under_file.string() + ": cannot save: " + file.string() + " is not a directory");
  // The directory does not exist.
  const auto nowhere = dir / "no-such-dir" / "x.aaren";
  EXPECT_EQ(errorOf([&] { saveModelFile(nowhere, *b, {}); }),
            nowhere.string() + ": cannot save: directory " + (dir / "no-such-dir").string() +
                " does not exist");
  EXPECT_EQ(kindOf([&] { saveModelFile(nowhere, *b, {}); }), ModelFileError::Kind::Io);
  // The target is a directory.
  fs::create_directory(dir / "d.aaren");
  EXPECT_EQ(errorOf([&] { saveModelFile(dir / "d.aaren", *b, {}); }),
            (dir / "d.aaren").string() + ": cannot save: it is a directory");

  EXPECT_EQ(readBytes(file), old_bytes);
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"d.aaren", "m.aaren"}));
}

// ---- SHA-256 --------------------------------------------------------------------------------

TEST(Sha256, KnownDigests) {
  EXPECT_EQ(sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  TempDir dir;
  writeBytes(dir / "abc.txt", "abc");
  EXPECT_EQ(sha256File(dir / "abc.txt"), sha256("abc"));
  std::string big(200000, 'x');  // spans several read chunks
  writeBytes(dir / "big.bin", big);
  EXPECT_EQ(sha256File(dir / "big.bin"), sha256(big));
  EXPECT_EQ(errorOf([&] { sha256File(dir / "missing"); }),
            (dir / "missing").string() + ": cannot open: No such file or directory");
}

}  // namespace
