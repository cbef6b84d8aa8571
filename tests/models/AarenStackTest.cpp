// The full Aaren stack (embedding, blocks, final norm, heads): parallel == step-by-step ==
// a float64 reference that recomputes every block with naive attention.
#include "Reference.h"
#include "core/models/Aaren.h"
#include "core/models/CalendarFeatures.h"
#include "core/models/Model.h"

#include <gtest/gtest.h>

using namespace aaren;
using aaren::testing::lengthMask;
using aaren::testing::maxAbsDiff;
using aaren::testing::naivePrefixAttention;

namespace {

ModelOptions smallOptions() {
  ModelOptions o;
  o.channels = 3;
  o.d_model = 32;
  o.heads = 4;
  o.layers = 3;
  o.d_ff = 48;
  o.dropout = 0.0;
  o.horizon = 5;
  o.scan_chunk = 8;
  return o;
}

// Float64 re-computation of an Aaren encoder, block by block, with naive attention.
torch::Tensor referenceEncode(AarenEncoderImpl& enc, const torch::Tensor& x, const torch::Tensor& mask,
                              const torch::Tensor& calendar) {
  auto h = enc.embedding->forward(x.to(torch::kFloat64),
                                  calendar.defined() ? calendar.to(torch::kFloat64) : calendar, 0);
  for (auto& block : enc.blocks) {
    auto& att = *block->attention;
    auto n = block->norm1->forward(h);
    auto o = naivePrefixAttention(aaren::testing::naiveScores(att, n), att.values(n), mask);
    auto a = att.out->forward(o.permute({0, 2, 1, 3}).reshape({h.size(0), h.size(1), att.d_model}));
    h = h + a;
    h = h + block->ff2->forward(torch::gelu(block->ff1->forward(block->norm2->forward(h))));
  }
  return enc.final_norm->forward(h);
}

TEST(AarenStack, ParallelStepAndReferenceAgree) {
  torch::manual_seed(20);
  auto model = makeModel(smallOptions());
  model->eval();
  auto ref_model = makeModel(model->options);
  aaren::testing::copyToDouble(*model, *ref_model);
  auto& ref_enc = dynamic_cast<AarenEncoderImpl&>(*ref_model->encoder);

  auto x = torch::randn({2, 45, 3});
  torch::NoGradGuard no_grad;
  auto hidden = model->encode(x);
  auto ref_hidden = referenceEncode(ref_enc, x, {}, {});
  EXPECT_LE(maxAbsDiff(hidden, ref_hidden), 1e-5);

  auto forecast = model->forward(x);
  ASSERT_EQ(forecast.sizes(), (std::vector<std::int64_t>{2, 45, 5, 3}));
  auto ref_forecast = ref_model->forecast_head->forward(ref_hidden);
  EXPECT_LE(maxAbsDiff(forecast, ref_forecast), 1e-5);

  auto state = model->initialState(2);
  for (std::int64_t t = 0; t < x.size(1); ++t) {
    auto y = model->step(x.select(1, t), state);
    ASSERT_EQ(y.sizes(), (std::vector<std::int64_t>{2, 5, 3}));
    ASSERT_LE(maxAbsDiff(y, ref_forecast.select(1, t)), 1e-5) << "t=" << t;
  }
  auto& enc = dynamic_cast<AarenEncoderImpl&>(*model->encoder);
  EXPECT_LE(maxAbsDiff(enc.forwardSequential(x), hidden), 1e-5);
}

TEST(AarenStack, PaddedBatchWithCalendarMatchesReference) {
  torch::manual_seed(21);
  auto o = smallOptions();
  o.calendar = true;
  auto model = makeModel(o);
  model->eval();
  auto ref_model = makeModel(model->options);
  aaren::testing::copyToDouble(*model, *ref_model);
  auto& ref_enc = dynamic_cast<AarenEncoderImpl&>(*ref_model->encoder);

  const std::int64_t T = 30;
  auto x = torch::randn({3, T, 3});
  auto calendar = torch::empty({3, T, kCalendarFeatures});
  for (std::int64_t b = 0; b < 3; ++b)
    for (std::int64_t t = 0; t < T; ++t) {
      auto f = calendarFeatures(1467331200 + 3600 * (t + 100 * b));  // hourly from 2016-07-01
      for (int k = 0; k < kCalendarFeatures; ++k) calendar[b][t][k] = f[static_cast<std::size_t>(k)];
    }
  auto mask = lengthMask({30, 17, 2}, T);
  torch::NoGradGuard no_grad;
  auto hidden = model->encode(x, mask, calendar);
  auto ref = referenceEncode(ref_enc, x, mask, calendar);
  auto valid = mask.unsqueeze(-1);
  EXPECT_LE(maxAbsDiff(hidden.masked_fill(valid.logical_not(), 0), ref.masked_fill(valid.logical_not(), 0)), 1e-5);
  // Each padded sequence equals itself run alone, and stepping reproduces it.
  for (std::int64_t b = 0; b < 3; ++b) {
    const std::int64_t L = mask[b].sum().item<std::int64_t>();
    auto alone = model->encode(x.narrow(0, b, 1).narrow(1, 0, L), {}, calendar.narrow(0, b, 1).narrow(1, 0, L));
    EXPECT_LE(maxAbsDiff(hidden.narrow(0, b, 1).narrow(1, 0, L), alone), 1e-5) << "b=" << b;
    auto state = model->encoder->initialState(1);
    for (std::int64_t t = 0; t < L; ++t) {
      auto h = model->encoder->step(x[b][t].view({1, 3}), *state, calendar[b][t].view({1, kCalendarFeatures}));
      ASSERT_LE(maxAbsDiff(h, alone.select(1, t)), 1e-5) << "b=" << b << " t=" << t;
    }
  }
}

TEST(AarenStack, ClassifierStepMatchesParallelForBothPoolings) {
  torch::manual_seed(22);
  for (auto pooling : {Pooling::Last, Pooling::Mean}) {
    auto o = smallOptions();
    o.task = Task::Classify;
    o.classes = 4;
    o.pooling = pooling;
    auto model = makeModel(o);
    model->eval();
    torch::NoGradGuard no_grad;
    auto x = torch::randn({2, 19, 3});
    auto state = model->initialState(2);
    for (std::int64_t t = 0; t < 19; ++t) {
      auto logits = model->step(x.select(1, t), state);
      auto prefix = model->forward(x.narrow(1, 0, t + 1));
      ASSERT_EQ(logits.sizes(), (std::vector<std::int64_t>{2, 4}));
      ASSERT_LE(maxAbsDiff(logits, prefix), 1e-5) << toString(pooling) << " t=" << t;
    }
    // Padded batch: pooled over valid steps only.
    auto mask = lengthMask({19, 7}, 19);
    auto padded = model->forward(x, mask);
    EXPECT_LE(maxAbsDiff(padded[1], model->forward(x.narrow(0, 1, 1).narrow(1, 0, 7))[0]), 1e-5);
  }
}

TEST(AarenStack, LongStreamPositionsStayFinite) {
  torch::manual_seed(23);
  auto model = makeModel(smallOptions());
  model->eval();
  torch::NoGradGuard no_grad;
  auto state = model->initialState(1);
  state.encoder->steps = 5'000'000'000LL;  // deep into an unbounded stream
  for (int t = 0; t < 5; ++t) {
    auto y = model->step(torch::randn({1, 3}), state);
    ASSERT_TRUE(y.isfinite().all().item<bool>());
  }
  EXPECT_EQ(state.steps(), 5'000'000'005LL);
}

}  // namespace

namespace {

TEST(AarenStack, ChannelIndependentDeltaForecasterStepsLikeItsParallelForm) {
  torch::manual_seed(24);
  for (auto type : {ModelType::Aaren, ModelType::Transformer}) {
    auto o = smallOptions();
    o.type = type;
    o.channel_independent = true;
    o.predict_delta = true;
    auto model = makeModel(o);
    model->eval();
    torch::NoGradGuard no_grad;
    auto x = torch::randn({2, 21, 3});
    auto y = model->forward(x);
    ASSERT_EQ(y.sizes(), (std::vector<std::int64_t>{2, 21, 5, 3}));
    // Channel c alone through the same weights gives channel c of the forecast.
    for (std::int64_t c = 0; c < 3; ++c) {
      auto alone = model->forecast_head->forward(model->encoder->forward(x.narrow(2, c, 1)));
      auto expected = alone.squeeze(-1) + x.narrow(2, c, 1);  // delta + current value
      EXPECT_LE(maxAbsDiff(y.select(3, c), expected), 1e-5) << "c=" << c;
    }
    auto state = model->initialState(2);
    for (std::int64_t t = 0; t < 21; ++t)
      ASSERT_LE(maxAbsDiff(model->step(x.select(1, t), state), y.select(1, t)), 1e-5) << "t=" << t;
  }
}

}  // namespace

namespace {

// input_window: the value embedding reads the last W samples, the window before the first
// sample repeats it, and a stream keeps the W - 1 previous samples.
TEST(AarenStack, InputWindowStepsLikeItsParallelFormAndReadsTheWindow) {
  torch::manual_seed(31);
  for (auto type : {ModelType::Aaren, ModelType::Transformer})
    for (bool ci : {false, true}) {
      auto o = smallOptions();
      o.type = type;
      o.channel_independent = ci;
      o.predict_delta = ci;
      o.input_window = 6;
      o.relative_window = ci;
      auto model = makeModel(o);
      model->eval();
      torch::NoGradGuard no_grad;
      auto x = torch::randn({2, 17, 3});
      auto y = model->forward(x);
      auto state = model->initialState(2);
      for (std::int64_t t = 0; t < 17; ++t)
        ASSERT_LE(maxAbsDiff(model->step(x.select(1, t), state), y.select(1, t)), 1e-5) << toString(type) << " ci=" << ci << " t=" << t;
      // The stream holds the 5 previous samples of every channel (and stream) on top of the attention state.
      auto plain = o;
      plain.input_window = 1;
      plain.relative_window = false;
      auto plain_state = makeModel(plain)->initialState(2);
      auto plain_model = makeModel(plain);
      plain_model->eval();
      for (std::int64_t t = 0; t < 17; ++t) plain_model->step(x.select(1, t), plain_state);
      EXPECT_EQ(state.bytes(), plain_state.bytes() + 2 * 5 * 3 * 4) << toString(type) << " ci=" << ci;
    }
  // The embedding of position t is value([x[t-2], x[t-1], x[t]]) + pe(t), x[0] before the start.
  auto o = smallOptions();
  o.input_window = 3;
  auto model = makeModel(o);
  model->eval();
  torch::NoGradGuard no_grad;
  auto encoder = std::dynamic_pointer_cast<AarenEncoderImpl>(model->encoder);
  ASSERT_TRUE(encoder);
  auto x = torch::randn({1, 4, 3});
  auto h = encoder->embedding->forward(x);
  auto pe = encoder->embedding->positional(0, 4);
  auto value = encoder->embedding->value;
  auto at = [&](int a, int b, int c) { return torch::cat({x[0][a], x[0][b], x[0][c]}).unsqueeze(0); };
  EXPECT_LE(maxAbsDiff(h[0][0], (value->forward(at(0, 0, 0)) + pe[0]).squeeze(0)), 1e-6);
  EXPECT_LE(maxAbsDiff(h[0][1], (value->forward(at(0, 0, 1)) + pe[1]).squeeze(0)), 1e-6);
  EXPECT_LE(maxAbsDiff(h[0][3], (value->forward(at(1, 2, 3)) + pe[3]).squeeze(0)), 1e-6);
  // Relative: the same windows minus the current sample.
  o.relative_window = true;
  o.predict_delta = true;
  auto rel = makeModel(o);
  rel->eval();
  auto rel_encoder = std::dynamic_pointer_cast<AarenEncoderImpl>(rel->encoder);
  auto hr = rel_encoder->embedding->forward(x);
  auto relAt = [&](int a, int b, int c) { return torch::cat({x[0][a] - x[0][c], x[0][b] - x[0][c], x[0][c] - x[0][c]}).unsqueeze(0); };
  EXPECT_LE(maxAbsDiff(hr[0][3], (rel_encoder->embedding->value->forward(relAt(1, 2, 3)) + pe[3]).squeeze(0)), 1e-6);
  EXPECT_LE(maxAbsDiff(hr[0][0], (rel_encoder->embedding->value->forward(relAt(0, 0, 0)) + pe[0]).squeeze(0)), 1e-6);
  // A level shift of the whole input changes nothing but the level of the forecast.
  auto shifted = x + 10.0;
  EXPECT_LE(maxAbsDiff(rel->forward(shifted), rel->forward(x) + 10.0), 1e-4);
  try {
    o.predict_delta = false;
    makeModel(o);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "ModelOptions.relative_window needs predict_delta for forecasting (nothing else gives the level back)");
  }
}

// Without the positional encoding the embedding is the value embedding alone, a forward
// from any start position gives the same outputs, and stepping still equals the parallel form.
TEST(AarenStack, WithoutPositionalEncodingThePositionIsIgnored) {
  torch::manual_seed(41);
  for (auto type : {ModelType::Aaren, ModelType::Transformer}) {
    auto o = smallOptions();
    o.type = type;
    o.channel_independent = true;
    o.predict_delta = true;
    o.input_window = 4;
    o.relative_window = true;
    o.positional = false;
    auto model = makeModel(o);
    model->eval();
    torch::NoGradGuard no_grad;
    auto x = torch::randn({2, 13, 3});
    auto y = model->forward(x);
    EXPECT_TRUE(torch::equal(model->forward(x, {}, {}, 123456789), y)) << toString(type);
    auto state = model->initialState(2);
    for (std::int64_t t = 0; t < 13; ++t)
      ASSERT_LE(maxAbsDiff(model->step(x.select(1, t), state), y.select(1, t)), 1e-5) << toString(type) << " t=" << t;
    auto h = model->encoder->forward(torch::randn({1, 5, 1}));
    EXPECT_EQ(h.sizes().vec(), (std::vector<std::int64_t>{1, 5, o.d_model}));
  }
  auto o = smallOptions();
  o.input_window = 2;
  o.positional = false;
  auto model = makeModel(o);
  auto encoder = std::dynamic_pointer_cast<AarenEncoderImpl>(model->encoder);
  ASSERT_TRUE(encoder);
  model->eval();
  torch::NoGradGuard no_grad;
  auto x = torch::randn({1, 3, 3});
  auto h = encoder->embedding->forward(x, {}, 1000);
  EXPECT_LE(maxAbsDiff(h[0][2], encoder->embedding->value->forward(torch::cat({x[0][1], x[0][2]}).unsqueeze(0)).squeeze(0)), 1e-6);
  // With it, the start position matters.
  o.positional = true;
  auto with = makeModel(o);
  with->eval();
  EXPECT_GT(maxAbsDiff(with->forward(x, {}, {}, 1000), with->forward(x)), 1e-3);
}

// A scaled relative window (instance normalisation by the last value and the spread): the
// forecast of a*x + b is a*forecast(x) + b, stepping equals the parallel form, and without
// the final LayerNorm as well.
TEST(AarenStack, ScaledWindowForecastsFollowLevelAndScale) {
  torch::manual_seed(43);
  for (auto type : {ModelType::Aaren, ModelType::Transformer})
    for (bool ci : {false, true})
      for (bool final_norm : {true, false}) {
        auto o = smallOptions();
        o.type = type;
        o.channel_independent = ci;
        o.predict_delta = true;
        o.input_window = 5;
        o.relative_window = true;
        o.scale_window = true;
        o.positional = false;
        o.final_norm = final_norm;
        auto model = makeModel(o);
        model->eval();
        torch::NoGradGuard no_grad;
        auto x = torch::randn({2, 15, 3}).cumsum(1);
        auto y = model->forward(x);
        auto state = model->initialState(2);
        for (std::int64_t t = 0; t < 15; ++t)
          ASSERT_LE(maxAbsDiff(model->step(x.select(1, t), state), y.select(1, t)), 1e-4)
              << toString(type) << " ci=" << ci << " final_norm=" << final_norm << " t=" << t;
        // Positions 1.. (position 0's window is constant: its spread is the 1e-3 floor).
        auto scaled = model->forward(x * 7.0 - 3.0).narrow(1, 1, 14);
        const double magnitude = scaled.abs().max().item<double>();  // float rounding and the 1e-6 floor
        EXPECT_LE(maxAbsDiff(scaled, (y * 7.0 - 3.0).narrow(1, 1, 14)), 1e-4 * magnitude) << toString(type) << " ci=" << ci;
      }
  // The embedding reads (x[t-j] - x[t]) / sqrt(mean_j (x[t-j] - x[t])^2 + 1e-6).
  auto o = smallOptions();
  o.input_window = 3;
  o.relative_window = true;
  o.scale_window = true;
  o.predict_delta = true;
  o.positional = false;
  auto model = makeModel(o);
  model->eval();
  torch::NoGradGuard no_grad;
  auto encoder = std::dynamic_pointer_cast<AarenEncoderImpl>(model->encoder);
  ASSERT_TRUE(encoder);
  auto x = torch::randn({1, 4, 3});
  auto rel = torch::stack({x[0][1] - x[0][3], x[0][2] - x[0][3], x[0][3] - x[0][3]});  // [3 window, 3 channels]
  auto spread = (rel.square().mean(0) + 1e-6).sqrt();                                      // [3 channels]
  auto expected = encoder->embedding->value->forward((rel / spread).reshape({1, 9})).squeeze(0);
  EXPECT_LE(maxAbsDiff(encoder->embedding->forward(x)[0][3], expected), 1e-5);
  EXPECT_LE(maxAbsDiff(encoder->embedding->windowScale(x)[0][3], spread), 1e-6);
  try {
    o.relative_window = false;
    makeModel(o);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "ModelOptions.scale_window needs relative_window (the spread is measured around the current sample)");
  }
}

// Without the final LayerNorm the encoder has no final_norm parameters and the head reads
// the residual stream.
TEST(AarenStack, WithoutFinalNormTheHeadReadsTheResidualStream) {
  auto o = smallOptions();
  auto with = makeModel(o);
  o.final_norm = false;
  auto without = makeModel(o);
  EXPECT_EQ(with->parameterCount() - without->parameterCount(), 2 * o.d_model);
  auto encoder = std::dynamic_pointer_cast<AarenEncoderImpl>(without->encoder);
  ASSERT_TRUE(encoder);
  EXPECT_TRUE(encoder->final_norm.is_empty());
  without->eval();
  torch::NoGradGuard no_grad;
  auto x = torch::randn({1, 6, 3});
  auto h = encoder->embedding->forward(x);
  for (auto& block : encoder->blocks) h = block->forward(h);
  EXPECT_LE(maxAbsDiff(without->encode(x), h), 1e-6);
}

}  // namespace
