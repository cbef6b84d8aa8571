// Missing-value policy, splits, scalers and windows — on small series and on ETTh1.
#include <gtest/gtest.h>

#include <cmath>

#include "core/data/CsvReader.h"
#include "core/data/MissingPolicy.h"
#include "core/data/Scaler.h"
#include "core/data/Split.h"
#include "core/data/Windows.h"

using namespace aaren::data;

namespace {
const double kNaN = std::nan("");

Series small(std::vector<double> a, std::vector<double> b, std::vector<std::int64_t> t = {}) {
  Series s;
  s.rows = a.size();
  s.names = {"a", "b"};
  s.values = a;
  s.values.insert(s.values.end(), b.begin(), b.end());
  s.timestamps = std::move(t);
  s.refreshStats();
  return s;
}

const Series& etth1() {
  static const Series s = readCsvFile(std::string(AAREN_DATA_DIR) + "/forecasting/ETTh1.csv").series;
  return s;
}
}  // namespace

TEST(MissingPolicy, InterpolateIsLinearInTime) {
  // Row 2 (t = 4800 s) lies 1/9 of the way from row 1 (3600 s, value 0) to row 3 (14400 s, 3).
  Series s = small({kNaN, 0, kNaN, 3, kNaN}, {1, 2, 3, 4, 5}, {0, 3600, 7200, 10800, 14400});
  s.timestamps = {0, 3600, 4800, 14400, 18000};
  const auto rep = applyMissingPolicy(s, MissingPolicy::Interpolate);
  EXPECT_EQ(rep.filled, (std::vector<std::size_t>{3, 0}));
  EXPECT_EQ(rep.totalFilled(), 3u);
  EXPECT_EQ(rep.remaining, 0u);
  EXPECT_EQ(s.column(0)[0], 0.0);                  // leading: nearest value
  EXPECT_DOUBLE_EQ(s.column(0)[2], 3.0 / 9.0);
  EXPECT_EQ(s.column(0)[4], 3.0);                  // trailing: nearest value
  EXPECT_EQ(s.missing, (std::vector<std::size_t>{0, 0}));
}

TEST(MissingPolicy, InterpolateByRowWithoutTime) {
  Series s = small({1, kNaN, kNaN, 4}, {kNaN, kNaN, kNaN, kNaN});
  const auto rep = applyMissingPolicy(s, MissingPolicy::Interpolate);
  EXPECT_EQ(s.column(0)[1], 2.0);
  EXPECT_EQ(s.column(0)[2], 3.0);
  EXPECT_EQ(rep.filled, (std::vector<std::size_t>{2, 0}));
  EXPECT_EQ(rep.remaining, 4u);  // a column with no value cannot be filled
}

TEST(MissingPolicy, ForwardFill) {
  Series s = small({kNaN, 1, kNaN, kNaN, 5}, {1, 2, 3, 4, 5});
  const auto rep = applyMissingPolicy(s, MissingPolicy::ForwardFill);
  EXPECT_EQ(rep.filled[0], 3u);
  EXPECT_EQ(std::vector<double>(s.column(0).begin(), s.column(0).end()), (std::vector<double>{1, 1, 1, 1, 5}));
}

TEST(MissingPolicy, DropRemovesRowsEverywhere) {
  Series s = small({1, kNaN, 3, 4}, {10, 20, kNaN, 40}, {0, 60, 120, 180});
  s.categoricals.push_back({"c", {"x", "y"}, {0, 1, 0, 1}});
  const auto rep = applyMissingPolicy(s, MissingPolicy::Drop);
  EXPECT_EQ(rep.rowsDropped, 2u);
  EXPECT_EQ(s.rows, 2u);
  EXPECT_EQ(s.values, (std::vector<double>{1, 4, 10, 40}));
  EXPECT_EQ(s.timestamps, (std::vector<std::int64_t>{0, 180}));
  EXPECT_EQ(s.categoricals[0].codes, (std::vector<std::int32_t>{0, 1}));
  EXPECT_EQ(s.time.frequency.seconds, 180);  // stats refreshed after the drop
}

TEST(MissingPolicy, PollutionPm25) {
  Series s = readCsvFile(std::string(AAREN_DATA_DIR) + "/forecasting/pollution.csv").series;
  Series dropped = s;
  const auto filled = applyMissingPolicy(s, MissingPolicy::Interpolate);
  EXPECT_EQ(filled.filled[0], 2067u);
  EXPECT_EQ(filled.remaining, 0u);
  const auto rep = applyMissingPolicy(dropped, MissingPolicy::Drop);
  EXPECT_EQ(rep.rowsDropped, 2067u);
  EXPECT_EQ(dropped.rows, 43824u - 2067u);
}

TEST(Split, EttBordersForEtth1) {
  const SplitBorders b = ettSplit(etth1().rows, etth1().time.frequency.seconds, 96);
  EXPECT_EQ(b.train, (RowRange{0, 8640}));
  EXPECT_EQ(b.val, (RowRange{8640 - 96, 11520}));
  EXPECT_EQ(b.test, (RowRange{11520 - 96, 14400}));
  const SplitBorders m = ettSplit(69680, 900, 0);  // ETTm: 15-minute rows
  EXPECT_EQ(m.train.end, 34560u);
  EXPECT_EQ(m.test.end, 57600u);
  EXPECT_THROW(ettSplit(1000, 3600, 0), std::invalid_argument);
  EXPECT_THROW(ettSplit(20000, 7, 0), std::invalid_argument);
}

TEST(Split, Ratios) {
  const SplitBorders b = splitByRatios(1000, 0.7, 0.1, 24);
  EXPECT_EQ(b.train, (RowRange{0, 700}));
  EXPECT_EQ(b.val, (RowRange{676, 800}));
  EXPECT_EQ(b.test, (RowRange{776, 1000}));
  EXPECT_THROW(splitByRatios(1000, 0.9, 0.2), std::invalid_argument);
  EXPECT_THROW(splitByRatios(10, 0.5, 0.2, 8), std::invalid_argument);
}

TEST(Scaler, StandardFittedOnTrainOnlyRoundTrips) {
  Series s = small({1, 2, 3, 100}, {5, 5, 5, 7});
  const Scaler sc = Scaler::fit(s, {0, 3}, ScalerKind::Standard);
  EXPECT_DOUBLE_EQ(sc.offset()[0], 2.0);
  EXPECT_DOUBLE_EQ(sc.scale()[0], std::sqrt(2.0 / 3.0));
  EXPECT_EQ(sc.scale()[1], 1.0);  // constant on the train part
  const Series original = s;
  sc.transform(s);
  EXPECT_DOUBLE_EQ(s.column(0)[1], 0.0);
  EXPECT_DOUBLE_EQ(s.column(1)[3], 2.0);
  sc.inverse(s);
  for (std::size_t i = 0; i < s.values.size(); ++i) EXPECT_NEAR(s.values[i], original.values[i], 1e-12);
}

TEST(Scaler, MinMaxOnEtth1Train) {
  Series s = etth1();
  const SplitBorders b = ettSplit(s.rows, 3600, 0);
  const Scaler sc = Scaler::fit(s, b.train, ScalerKind::MinMax);
  sc.transform(s);
  for (std::size_t c = 0; c < s.cols(); ++c) {
    const auto train = s.column(c).subspan(0, b.train.end);
    EXPECT_DOUBLE_EQ(*std::min_element(train.begin(), train.end()), 0.0);
    EXPECT_DOUBLE_EQ(*std::max_element(train.begin(), train.end()), 1.0);
  }
  sc.inverse(s);
  EXPECT_NEAR(s.at(0, 6), 30.5310001373291, 1e-12);
  EXPECT_NEAR(sc.inverse(sc.transform(12.5, 3), 3), 12.5, 1e-12);
}

TEST(Windows, AreViewsIntoTheSeries) {
  const Series& s = etth1();
  const SplitBorders b = ettSplit(s.rows, 3600, 96);
  const Windows train(s, b.train, {96, 24, 1});
  EXPECT_EQ(train.size(), 8640u - 120u + 1u);
  const Window w = train[10];
  EXPECT_EQ(w.start(), 10u);
  EXPECT_EQ(w.input(6).data(), s.column(6).data() + 10);  // no copy
  EXPECT_EQ(w.input(6).size(), 96u);
  EXPECT_EQ(w.target(6).data(), s.column(6).data() + 106);
  EXPECT_EQ(w.target(6).size(), 24u);
  EXPECT_EQ(w.inputTimes()[0], s.timestamps[10]);
  EXPECT_EQ(w.targetTimes()[23], s.timestamps[129]);
  const Windows test(s, b.test, {96, 24, 24});
  EXPECT_EQ(test.size(), (2880u + 96u - 120u) / 24u + 1u);
  EXPECT_EQ(test[1].start(), 11520u - 96u + 24u);
  EXPECT_THROW(test.at(test.size()), std::out_of_range);
  EXPECT_EQ(Windows(s, {0, 100}, {96, 24, 1}).size(), 0u);
  EXPECT_THROW(Windows(s, {0, 100}, {0, 24, 1}), std::invalid_argument);
}
