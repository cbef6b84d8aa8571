#include "core/train/Metrics.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace aaren::train;

TEST(ForecastMetrics, ExactValues) {
  const std::vector<double> pred{1, 2, 3, 4}, actual{2, 2, 1, 0.5};
  auto m = forecastMetrics(pred, actual, 0.5);  // values in their own units
  // errors -1, 0, 2, 3.5
  EXPECT_DOUBLE_EQ(m.mse, (1 + 0 + 4 + 12.25) / 4.0);
  EXPECT_DOUBLE_EQ(m.mae, (1 + 0 + 2 + 3.5) / 4.0);
  EXPECT_DOUBLE_EQ(m.rmse, std::sqrt(17.25 / 4.0));
  EXPECT_DOUBLE_EQ(m.mae_original, m.mae);
  EXPECT_DOUBLE_EQ(m.rmse_original, m.rmse);
  EXPECT_DOUBLE_EQ(m.mape, 100 * (0.5 + 0 + 2 + 7) / 4.0);
  EXPECT_DOUBLE_EQ(m.smape, 100 * (2 * 1 / 3.0 + 0 + 2 * 2 / 4.0 + 2 * 3.5 / 4.5) / 4.0);
  EXPECT_DOUBLE_EQ(m.mase, 1.625 / 0.5);
  EXPECT_EQ(m.count, 4u);
  EXPECT_TRUE(m.channels.empty());
  EXPECT_EQ(m.asMap().at("mae"), 1.625);
}

TEST(ForecastMetrics, AnExactZeroActualWithholdsMapeOfValuesInTheirOwnUnits) {
  const std::vector<double> pred{1, 2, 3, 4}, actual{2, 2, 1, 0};
  auto m = forecastMetrics(pred, actual);
  EXPECT_TRUE(std::isnan(m.mape));  // 1 actual in 4 is 0: more than 1 %
  EXPECT_DOUBLE_EQ(m.smape, 100 * (2 * 1 / 3.0 + 0 + 2 * 2 / 4.0 + 2 * 4 / 4.0) / 4.0);
  EXPECT_TRUE(std::isnan(m.mase));  // no scale given
}

// Two channels with a known scaler: channel 0 original = 4 × scaled + 100, channel 1
// original = 2 × scaled + 50. Every figure below is worked by hand in original units.
MetricUnits twoChannelUnits() {
  // Training rows (scaled): channel 0 → 100, 102, 101, 104; channel 1 → 50, 51, 52, 50.
  const std::vector<float> train{0.0f, 0.0f, 0.5f, 0.5f, 0.25f, 1.0f, 1.0f, 0.0f};
  return metricUnits(train, 2, {100, 50}, {4, 2}, 2, {"load", "temp"});
}

TEST(ForecastMetrics, TwoChannelsInOriginalUnitsByHand) {
  const auto units = twoChannelUnits();
  // Seasonal naive at period 2 on the training part: |101-100|, |104-102| and |52-50|, |50-51|.
  EXPECT_EQ(units.mase_scale, (std::vector<double>{1.5, 1.5}));
  EXPECT_EQ(units.mase_period, 2);
  ForecastMetricsAccumulator acc(units);
  // Channel 0: actual 100, 101; forecast 101, 103 (errors 1, 2).
  acc.add(0, 0.25, 0.0);
  acc.add(0, 0.75, 0.25);
  // Channel 1: actual 51, 49; forecast 50, 50 (errors -1, 1).
  acc.add(1, 0.0, 0.5);
  acc.add(1, 0.0, -0.5);
  const auto m = acc.result();
  // Scaled: errors 0.25, 0.5, -0.5, 0.5.
  EXPECT_DOUBLE_EQ(m.mse, (0.0625 + 0.25 + 0.25 + 0.25) / 4);
  EXPECT_DOUBLE_EQ(m.mae, (0.25 + 0.5 + 0.5 + 0.5) / 4);
  // Original units.
  EXPECT_DOUBLE_EQ(m.mae_original, (1 + 2 + 1 + 1) / 4.0);
  EXPECT_DOUBLE_EQ(m.rmse_original, std::sqrt((1 + 4 + 1 + 1) / 4.0));
  ASSERT_EQ(m.channels.size(), 2u);
  const auto& a = m.channels[0];
  const auto& b = m.channels[1];
  EXPECT_EQ(a.name, "load");
  EXPECT_EQ(b.name, "temp");
  EXPECT_DOUBLE_EQ(a.mae, 1.5);
  EXPECT_DOUBLE_EQ(a.rmse, std::sqrt(2.5));
  EXPECT_DOUBLE_EQ(a.mape, 100 * (1 / 100.0 + 2 / 101.0) / 2);
  EXPECT_DOUBLE_EQ(a.smape, 100 * (2 * 1 / 201.0 + 2 * 2 / 204.0) / 2);
  EXPECT_DOUBLE_EQ(a.mase, 1.5 / 1.5);
  EXPECT_DOUBLE_EQ(b.mae, 1.0);
  EXPECT_DOUBLE_EQ(b.rmse, 1.0);
  EXPECT_DOUBLE_EQ(b.mape, 100 * (1 / 51.0 + 1 / 49.0) / 2);
  EXPECT_DOUBLE_EQ(b.smape, 100 * (2 / 101.0 + 2 / 99.0) / 2);
  EXPECT_DOUBLE_EQ(b.mase, 1 / 1.5);
  EXPECT_EQ(a.count, 2u);
  EXPECT_EQ(a.near_zero, 0u);
  // Overall: MAPE and sMAPE pool every pair, MASE averages the channels'.
  EXPECT_DOUBLE_EQ(m.mape, 100 * (1 / 100.0 + 2 / 101.0 + 1 / 51.0 + 1 / 49.0) / 4);
  EXPECT_DOUBLE_EQ(m.smape, 100 * (2 * 1 / 201.0 + 2 * 2 / 204.0 + 2 / 101.0 + 2 / 99.0) / 4);
  EXPECT_DOUBLE_EQ(m.mase, (1 + 1 / 1.5) / 2);
  const auto map = m.asMapWithChannels();
  EXPECT_DOUBLE_EQ(map.at("mae@load"), 1.5);
  EXPECT_DOUBLE_EQ(map.at("mase@temp"), 1 / 1.5);
  EXPECT_DOUBLE_EQ(map.at("mae_original"), 1.25);
}

// Channel 0 (scale 1, offset 0) has actuals of 1 and some of 0.005, below 0.01 × its scale;
// channel 1 sits at 100.
ForecastMetrics nearZeroCase(int near_zero_actuals) {
  MetricUnits units;
  units.names = {"a", "b"};
  units.offset = {0, 100};
  units.scale = {1, 1};
  ForecastMetricsAccumulator acc(units);
  for (int i = 0; i < 100; ++i) {
    acc.add(0, 1.1, i < near_zero_actuals ? 0.005 : 1.0);
    acc.add(1, 1.0, 0.0);  // forecast 101 for an actual of 100
  }
  return acc.result();
}

TEST(ForecastMetrics, MapeSkipsNearZeroActualsUpToOnePercent) {
  const auto m = nearZeroCase(1);
  EXPECT_EQ(m.channels[0].near_zero, 1u);
  EXPECT_NEAR(m.channels[0].mape, 10.0, 1e-9);  // the 99 actuals of 1, each 10 % off
  EXPECT_NEAR(m.channels[1].mape, 1.0, 1e-12);
  EXPECT_NEAR(m.mape, (99 * 10.0 + 100 * 1.0) / 199, 1e-9);
}

TEST(ForecastMetrics, MapeWithheldWhenMoreThanOnePercentOfActualsAreNearZero) {
  const auto m = nearZeroCase(2);
  EXPECT_EQ(m.channels[0].near_zero, 2u);
  EXPECT_TRUE(std::isnan(m.channels[0].mape));
  EXPECT_TRUE(std::isnan(m.mape));                // one channel without MAPE: no overall MAPE
  EXPECT_NEAR(m.channels[1].mape, 1.0, 1e-12);    // the other channel keeps its own
  EXPECT_TRUE(std::isfinite(m.channels[0].smape));  // sMAPE is bounded: still shown
  EXPECT_TRUE(std::isnan(m.channels[0].mase));      // no MASE scale given
  EXPECT_TRUE(std::isnan(m.mase));
}

TEST(ForecastMetrics, WithoutAScalerOnlyTheScaledMetrics) {
  ForecastMetricsAccumulator acc{MetricUnits{}};
  acc.add(0, 0.5, 0.25);
  const auto m = acc.result(3.0);
  EXPECT_DOUBLE_EQ(m.mse, 0.0625);
  EXPECT_DOUBLE_EQ(m.mae, 0.25);
  EXPECT_TRUE(std::isnan(m.mae_original));
  EXPECT_TRUE(std::isnan(m.mape));  // never on standardised values
  EXPECT_TRUE(std::isnan(m.smape));
  EXPECT_TRUE(std::isnan(m.mase));
  EXPECT_TRUE(m.channels.empty());
}

TEST(ForecastMetrics, MetricUnitsRefusesAMismatchedScaler) {
  const std::vector<float> train{0, 0};
  try {
    metricUnits(train, 2, {0}, {1}, 1);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "metric units: the scaler has 1 offsets and 1 scales for 2 channels");
  }
  ForecastMetricsAccumulator acc(twoChannelUnits());
  try {
    acc.add(2, 0, 0);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "forecast metrics: channel 2 outside [0, 2)");
  }
}

TEST(ForecastMetrics, NaiveScale) {
  const std::vector<double> x{1, 3, 2, 6};
  EXPECT_DOUBLE_EQ(naiveScale(x), (2 + 1 + 4) / 3.0);
  EXPECT_DOUBLE_EQ(naiveScale(x, 2), (1 + 3) / 2.0);
  EXPECT_THROW(naiveScale(x, 0), std::invalid_argument);
}

TEST(ClassificationMetrics, ConfusionAccuracyMacroF1) {
  const std::vector<int> actual{0, 0, 1, 1, 2, 2}, pred{0, 1, 1, 1, 2, 0};
  auto m = classificationMetrics(pred, actual, 3);
  EXPECT_DOUBLE_EQ(m.accuracy, 4.0 / 6.0);
  EXPECT_EQ(m.confusion, (std::vector<std::vector<std::int64_t>>{{1, 1, 0}, {0, 2, 0}, {1, 0, 1}}));
  // class 0: p 1/2 r 1/2 f1 .5; class 1: p 2/3 r 1 f1 .8; class 2: p 1 r .5 f1 2/3
  EXPECT_NEAR(m.macro_f1, (0.5 + 0.8 + 2.0 / 3.0) / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(m.per_class_accuracy[1], 1.0);
  EXPECT_DOUBLE_EQ(m.per_class_accuracy[2], 0.5);
  try {
    classificationMetrics(std::vector<int>{3}, std::vector<int>{0}, 3);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "classification metrics: label 3 outside [0, 3)");
  }
}
