// .aaren model files: train -> save -> load -> predict round trips (every info field kept,
// predictions identical), the safetensors weights bit for bit, the header JSON.
#include "core/models/ModelFile.h"

#include "core/models/CalendarFeatures.h"
#include "tests/models/ModelFileTestSupport.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

using namespace aaren;
using namespace aaren::testing;
using nlohmann::json;

namespace {

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
  written.format_version = 4;
  written.app_version = AAREN_VERSION;
  written.parameters = parameters;
  EXPECT_EQ(toJson(loaded.info), toJson(written));
  EXPECT_EQ(loaded.info.format_version, 4);
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

// The weights section (offset 28+H, W bytes) is a standalone safetensors file holding every
// parameter's bytes as they are in memory, and a load gives the same tensors bit for bit.
TEST(ModelFile, WeightsAreStandaloneSafeTensorsAndLoadBitExact) {
  TempDir dir;
  const auto file = dir / "m.aaren";
  torch::manual_seed(11);
  auto model = makeModel(small(ModelType::Transformer, Task::Forecast));
  train(model, torch::randn({2, 12, 3}));
  saveModelFile(file, *model, sampleInfo(model->options));
  const auto bytes = readBytes(file);
  const auto parts = split(bytes);
  EXPECT_EQ(parts.version, 4u);
  EXPECT_EQ(bytes.substr(28 + parts.header.size(), parts.weights.size()), parts.weights);
  const auto parsed = safetensors::parse(parts.weights);
  EXPECT_EQ(parsed.metadata, (std::map<std::string, std::string>{{"format", "pt"}}));
  const auto named = namedWeights(*model);
  ASSERT_EQ(parsed.tensors.size(), named.size());
  for (const auto& [name, tensor] : named) {
    const auto* t = parsed.find(name);
    ASSERT_NE(t, nullptr) << name;
    EXPECT_EQ(t->dtype, "F32");
    EXPECT_EQ(t->shape, tensor.sizes().vec());
    const auto c = tensor.contiguous();
    EXPECT_EQ(parsed.bytesOf(*t), std::string(static_cast<const char*>(c.data_ptr()), c.nbytes())) << name;
  }
  const auto loaded = loadModelFile(file);
  const auto back = namedWeights(*loaded.model);
  ASSERT_EQ(back.size(), named.size());
  for (std::size_t i = 0; i < named.size(); ++i) {
    EXPECT_EQ(back[i].first, named[i].first);
    EXPECT_TRUE(torch::equal(back[i].second, named[i].second)) << named[i].first;
  }
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

}  // namespace
