#include "core/train/Metrics.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace aaren::train;

TEST(ForecastMetrics, ExactValues) {
  const std::vector<double> pred{1, 2, 3, 4}, actual{2, 2, 1, 0};
  auto m = forecastMetrics(pred, actual, 0.5);
  // errors -1, 0, 2, 4
  EXPECT_DOUBLE_EQ(m.mse, (1 + 0 + 4 + 16) / 4.0);
  EXPECT_DOUBLE_EQ(m.mae, (1 + 0 + 2 + 4) / 4.0);
  EXPECT_DOUBLE_EQ(m.rmse, std::sqrt(21 / 4.0));
  EXPECT_DOUBLE_EQ(m.mape, 100 * (0.5 + 0 + 2) / 3.0);  // actual 0 excluded
  EXPECT_DOUBLE_EQ(m.smape, 100 * (2 * 1 / 3.0 + 0 + 2 * 2 / 4.0 + 2 * 4 / 4.0) / 4.0);
  EXPECT_DOUBLE_EQ(m.mase, 1.75 / 0.5);
  EXPECT_EQ(m.count, 4u);
  EXPECT_EQ(m.asMap().at("mae"), 1.75);
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
