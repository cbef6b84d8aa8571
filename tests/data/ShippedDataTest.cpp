// Real shapes of the sample files shipped in data/.
#include <gtest/gtest.h>

#include <cmath>

#include "core/data/CsvReader.h"
#include "core/data/Timestamp.h"

using namespace aaren::data;

namespace {
std::string dataPath(const std::string& rel) { return std::string(AAREN_DATA_DIR) + "/" + rel; }
}  // namespace

TEST(ShippedData, ETTh1) {
  const auto r = readCsvFile(dataPath("forecasting/ETTh1.csv"));
  const Series& s = r.series;
  EXPECT_EQ(s.rows, 17420u);
  EXPECT_EQ(s.names, (std::vector<std::string>{"HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT"}));
  EXPECT_EQ(formatTimestamp(s.timestamps.front()), "2016-07-01 00:00:00");
  EXPECT_EQ(formatTimestamp(s.timestamps.back()), "2018-06-26 19:00:00");
  EXPECT_EQ(s.time.frequency.seconds, 3600);
  EXPECT_EQ(s.time.gaps, 0u);
  EXPECT_EQ(s.time.duplicates, 0u);
  EXPECT_EQ(s.totalMissing(), 0u);
  EXPECT_DOUBLE_EQ(s.at(0, 0), 5.827000141143799);
  EXPECT_DOUBLE_EQ(s.at(0, 6), 30.5310001373291);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(ShippedData, Pollution) {
  const auto r = readCsvFile(dataPath("forecasting/pollution.csv"));
  const Series& s = r.series;
  EXPECT_EQ(s.rows, 43824u);
  EXPECT_EQ(s.names, (std::vector<std::string>{"pm2.5", "DEWP", "TEMP", "PRES", "Iws", "Is", "Ir"}));
  EXPECT_EQ(s.missing[0], 2067u);
  EXPECT_EQ(s.time.frequency.seconds, 3600);
  EXPECT_EQ(s.time.gaps, 0u);
  EXPECT_EQ(formatTimestamp(s.timestamps.front()), "2010-01-01 00:00:00");
  EXPECT_EQ(formatTimestamp(s.timestamps.back()), "2014-12-31 23:00:00");
  ASSERT_EQ(s.categoricals.size(), 1u);
  EXPECT_EQ(s.categoricals[0].name, "cbwd");
  EXPECT_EQ(s.categoricals[0].levels, (std::vector<std::string>{"NW", "cv", "NE", "SE"}));
  EXPECT_EQ(s.columns[0].kind, ColumnKind::Index);
  EXPECT_EQ(s.columns[9].kind, ColumnKind::Categorical);
  bool warned = false;
  for (const auto& w : r.warnings)
    if (w.kind == WarningKind::CategoricalColumn) {
      warned = true;
      EXPECT_EQ(w.message, "column 'cbwd' holds text (4 levels): excluded from the values");
      EXPECT_EQ(w.column, 10u);
    }
  EXPECT_TRUE(warned);

  CsvOptions o;
  o.categorical = CategoricalPolicy::OneHot;
  const Series oh = readCsvFile(dataPath("forecasting/pollution.csv"), o).series;
  EXPECT_EQ(oh.cols(), 11u);
  EXPECT_EQ(oh.names[7], "cbwd=NW");
  double sum = 0;
  for (std::size_t c = 7; c < 11; ++c) sum += oh.column(c)[100];
  EXPECT_EQ(sum, 1.0);
}

TEST(ShippedData, DailyMinTemperaturesCrlfQuotedNoFinalNewline) {
  const Series s = readCsvFile(dataPath("forecasting/daily-min-temperatures.csv")).series;
  EXPECT_EQ(s.rows, 3650u);
  EXPECT_EQ(s.names, (std::vector<std::string>{"Temp"}));
  EXPECT_EQ(s.time.frequency.label(), "daily");
  // The file leaves out 31 December of the leap years 1984 and 1988.
  EXPECT_EQ(s.time.gaps, 2u);
  EXPECT_EQ(s.time.missingSteps, 2u);
  EXPECT_EQ(formatTimestamp(s.timestamps.back()), "1990-12-31 00:00:00");
  EXPECT_DOUBLE_EQ(s.column(0)[3649], 13.0);
}

TEST(ShippedData, ExchangeRateSlashDates) {
  const Series s = readCsvFile(dataPath("forecasting/exchange_rate.csv")).series;
  EXPECT_EQ(s.rows, 7588u);
  EXPECT_EQ(s.cols(), 8u);
  EXPECT_EQ(s.time.frequency.label(), "daily");
  EXPECT_EQ(s.time.gaps, 0u);
  EXPECT_EQ(formatTimestamp(s.timestamps.front()), "1990-01-01 00:00:00");
  EXPECT_EQ(formatTimestamp(s.timestamps.back()), "2010-10-10 00:00:00");
}

TEST(ShippedData, AirlineMonthly) {
  const Series s = readCsvFile(dataPath("forecasting/Airline.csv")).series;
  EXPECT_EQ(s.rows, 144u);
  EXPECT_EQ(s.time.frequency.months, 1);
  EXPECT_EQ(s.time.frequency.label(), "monthly");
  EXPECT_EQ(s.time.gaps, 0u);
  EXPECT_EQ(formatTimestamp(s.timestamps.back()), "1960-12-01 00:00:00");
  EXPECT_EQ(s.column(0)[0], 112.0);
}

TEST(ShippedData, NationalIllnessWeekly) {
  const Series s = readCsvFile(dataPath("forecasting/national_illness.csv")).series;
  EXPECT_EQ(s.rows, 966u);
  EXPECT_EQ(s.cols(), 7u);
  EXPECT_EQ(s.time.frequency.seconds, 604800);
  EXPECT_EQ(s.time.frequency.label(), "weekly");
  EXPECT_EQ(s.names[0], "% WEIGHTED ILI");
}
