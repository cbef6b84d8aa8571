// makeModel: validation messages, output shapes, parameter counts.
#include "core/models/CalendarFeatures.h"
#include "core/models/Model.h"

#include <gtest/gtest.h>

using namespace aaren;

namespace {

std::string validationError(const ModelOptions& o) {
  try {
    validate(o);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(ModelFactory, ValidationNamesTheField) {
  ModelOptions o;
  EXPECT_EQ(validationError(o), "");
  o.heads = 5;
  EXPECT_EQ(validationError(o), "ModelOptions.d_model = 64: must be divisible by heads (5)");
  o = {};
  o.channels = 0;
  EXPECT_EQ(validationError(o), "ModelOptions.channels = 0: must be at least 1");
  o = {};
  o.horizon = 0;
  EXPECT_EQ(validationError(o), "ModelOptions.horizon = 0: must be at least 1");
  o = {};
  o.task = Task::Classify;
  o.classes = 1;
  EXPECT_EQ(validationError(o), "ModelOptions.classes = 1: must be at least 2");
  o = {};
  o.dropout = 1.0;
  EXPECT_EQ(validationError(o), "ModelOptions.dropout = 1.000000: must be in [0, 1)");
  EXPECT_THROW(makeModel(o), std::invalid_argument);
}

TEST(ModelFactory, NamesRoundTrip) {
  for (auto t : {ModelType::Aaren, ModelType::Transformer}) EXPECT_EQ(modelTypeFromString(toString(t)), t);
  for (auto t : {Task::Forecast, Task::Classify}) EXPECT_EQ(taskFromString(toString(t)), t);
  for (auto p : {Pooling::Last, Pooling::Mean}) EXPECT_EQ(poolingFromString(toString(p)), p);
  try {
    modelTypeFromString("lstm");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "unknown model type 'lstm' (expected aaren or transformer)");
  }
}

TEST(ModelFactory, OutputShapes) {
  ModelOptions o;
  o.channels = 7;
  o.horizon = 96;
  for (auto type : {ModelType::Aaren, ModelType::Transformer}) {
    o.type = type;
    o.task = Task::Forecast;
    auto f = makeModel(o);
    EXPECT_EQ(f->forward(torch::randn({4, 96, 7})).sizes(), (std::vector<std::int64_t>{4, 96, 96, 7}));
    o.task = Task::Classify;
    o.classes = 9;
    auto c = makeModel(o);
    EXPECT_EQ(c->forward(torch::randn({4, 29, 7})).sizes(), (std::vector<std::int64_t>{4, 9}));
  }
}

TEST(ModelFactory, AarenHasExactlyTheQueriesMoreThanTheTransformer) {
  // As in the paper: the same projections; the only extra parameters are the learned
  // query tokens, d_model per layer.
  ModelOptions o;
  o.channels = 7;
  o.horizon = 96;
  auto aaren_model = makeModel(o);
  o.type = ModelType::Transformer;
  auto transformer = makeModel(o);
  EXPECT_EQ(aaren_model->parameterCount() - transformer->parameterCount(), o.layers * o.d_model);
  // Embedding 7·64+64, per layer 4·(64·64+64) + 2·2·64 + 64·128+128 + 128·64+64, final norm
  // 2·64, head 64·(96·7) + 96·7.
  const std::int64_t per_layer = 4 * (64 * 64 + 64) + 2 * 2 * 64 + (64 * 128 + 128) + (128 * 64 + 64);
  EXPECT_EQ(transformer->parameterCount(), (7 * 64 + 64) + 2 * per_layer + 2 * 64 + (64 * 672 + 672));
}

TEST(ModelFactory, CalendarModelsRequireCalendarInput) {
  ModelOptions o;
  o.calendar = true;
  auto model = makeModel(o);
  try {
    model->forward(torch::randn({1, 5, 1}));
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "Embedding: this model uses calendar features but none were given");
  }
  EXPECT_EQ(model->forward(torch::randn({1, 5, 1}), {}, torch::zeros({1, 5, kCalendarFeatures})).size(1), 5);
}

TEST(ModelFactory, WrongChannelCountIsAClearError) {
  ModelOptions o;
  o.channels = 7;
  auto model = makeModel(o);
  try {
    model->forward(torch::randn({1, 5, 3}));
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "Model: expected input [B, T, 7], got 3 dimensions with 3 channels");
  }
}

TEST(CalendarFeatures, KnownDates) {
  // 2016-07-01 00:00 UTC was a Friday, day 183 of a leap year.
  auto f = calendarFeatures(1467331200);
  EXPECT_NEAR(f[0], 0.0f, 1e-6);                                     // sin(hour 0)
  EXPECT_NEAR(f[1], 1.0f, 1e-6);                                     // cos(hour 0)
  EXPECT_NEAR(f[2], std::sin(2 * M_PI * 4.0 / 7.0), 1e-6);            // Friday = 4
  EXPECT_NEAR(f[4], 0.0f, 1e-6);                                     // day-of-month 1
  EXPECT_NEAR(f[6], std::sin(2 * M_PI * 182.0 / 366.0), 1e-6);        // day-of-year 183
  // 18:00 -> hour phase 0.75.
  auto g = calendarFeatures(1467331200 + 18 * 3600);
  EXPECT_NEAR(g[0], -1.0f, 1e-6);
  // Before 1970 works too: 1969-12-31 12:00 was a Wednesday (2).
  auto h = calendarFeatures(-12 * 3600);
  EXPECT_NEAR(h[2], std::sin(2 * M_PI * (2.0 / 7.0 + 0.5 / 7.0)), 1e-6);
}

}  // namespace
