// The report's CSV and JSON writers and the atomic write every output goes through.
#include "core/data/CsvReader.h"
#include "core/report/AtomicWrite.h"
#include "core/report/ForecastCsv.h"
#include "core/report/ReportJson.h"
#include "tests/report/SampleReports.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace aaren::report;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("aaren-report-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(path)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

std::string readText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const ReportWriteError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(ForecastCsv, RoundTripsThroughTheProjectCsvReader) {
  const Report report = aaren::testing::sampleForecastReport();
  const ForecastTable& f = report.forecast;
  TempDir dir;
  const fs::path file = dir.path / "forecast.csv";
  writeForecastCsv(file, f);
  EXPECT_EQ(dir.files(), std::vector<std::string>{"forecast.csv"});  // no temporary file left

  const auto result = aaren::data::readCsvFile(file);
  const auto& s = result.series;
  ASSERT_EQ(s.rows, f.rows());
  ASSERT_EQ(s.timestamps, f.timestamps);
  ASSERT_EQ(s.names, (std::vector<std::string>{"step", "load", "temp, °C", "price"}));
  for (std::size_t r = 0; r < f.rows(); ++r) {
    EXPECT_EQ(s.at(r, 0), static_cast<double>(f.steps[r]));
    for (std::size_t c = 0; c < f.channels.size(); ++c) {
      const double expected = f.value(r, c);
      if (std::isnan(expected))
        EXPECT_TRUE(std::isnan(s.at(r, c + 1))) << "row " << r;
      else
        EXPECT_EQ(s.at(r, c + 1), expected) << "row " << r << " channel " << c;  // bit-exact
    }
  }
  EXPECT_EQ(s.missing, (std::vector<std::size_t>{0, 0, 1, 0}));
}

TEST(ForecastCsv, ExactText) {
  ForecastTable f;
  f.channels = {"a", "b \"x\""};
  f.has_time = true;
  f.timestamps = {1530039600, 1530043200};
  f.steps = {1, 2};
  f.values = {0.1, -2.5e-7, 1e21, kNaN};
  EXPECT_EQ(forecastCsvText(f),
            "timestamp,step,a,\"b \"\"x\"\"\"\n"
            "2018-06-26 19:00:00,1,0.1,-2.5e-07\n"
            "2018-06-26 20:00:00,2,1e+21,\n");
  f.has_time = false;
  EXPECT_EQ(forecastCsvText(f).substr(0, 13), "step,a,\"b \"\"x");
  EXPECT_EQ(shortestDecimal(0.30000000000000004), "0.30000000000000004");
  EXPECT_EQ(shortestDecimal(kNaN), "");
}

TEST(ReportJson, CarriesEveryNumberAndNullForNaN) {
  const Report report = aaren::testing::sampleForecastReport();
  const auto j = nlohmann::json::parse(reportJsonText(report));
  EXPECT_EQ(j["report_format_version"], 1);
  EXPECT_EQ(j["task"], "forecast");
  EXPECT_EQ(j["dataset"]["columns"][1], "temp, °C");
  EXPECT_EQ(j["dataset"]["test_rows"], nlohmann::json::array({384, 600}));
  EXPECT_EQ(j["model"]["parameters"], 35736);
  const auto& rows = j["metrics"][0]["rows"];
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0]["name"], "Aaren");
  EXPECT_EQ(rows[0]["is_model"], true);
  EXPECT_EQ(rows[0]["values"][0].get<double>(), 0.1234);
  EXPECT_TRUE(rows[3]["values"][3].is_null());  // linear MAPE is NaN
  EXPECT_EQ(j["plots"].size(), 4u);
  EXPECT_EQ(j["plots"][0]["x_is_time"], true);
  EXPECT_EQ(j["plots"][3]["lines"][1]["y"][0].get<double>(), report.plots[3].lines[1].y[0]);
  const auto& forecast = j["forecast"];
  EXPECT_EQ(forecast["rows"].size(), 24u);
  EXPECT_EQ(forecast["rows"][0]["timestamp"].get<std::int64_t>(), report.forecast.timestamps[0]);
  EXPECT_EQ(forecast["rows"][23]["values"][2].get<double>(), report.forecast.value(23, 2));
  EXPECT_TRUE(forecast["rows"][4]["values"][1].is_null());
  EXPECT_EQ(j["manifest"]["data_sha256"], report.manifest.data_sha256);
  EXPECT_FALSE(j.contains("confusion"));

  const auto c = nlohmann::json::parse(reportJsonText(aaren::testing::sampleClassifyReport()));
  EXPECT_EQ(c["confusion"]["counts"][1], nlohmann::json::array({0, 9, 0, 1}));
  EXPECT_EQ(c["confusion"]["per_class_accuracy"][1].get<double>(), 0.9);
  EXPECT_FALSE(c.contains("forecast"));
}

TEST(ReportJson, WritesAtomically) {
  TempDir dir;
  const fs::path file = dir.path / "r.json";
  writeReportJson(file, aaren::testing::sampleClassifyReport());
  EXPECT_EQ(readText(file), reportJsonText(aaren::testing::sampleClassifyReport()));
  EXPECT_EQ(dir.files(), std::vector<std::string>{"r.json"});
}

TEST(AtomicWrite, ReplacesTheFileAndLeavesNoTemporary) {
  TempDir dir;
  const fs::path file = dir.path / "out.txt";
  writeFileAtomically(file, "first");
  writeFileAtomically(file, "second, longer");
  EXPECT_EQ(readText(file), "second, longer");
  EXPECT_EQ(dir.files(), std::vector<std::string>{"out.txt"});
}

TEST(AtomicWrite, UnwritablePathsNameTheFileAndTheReason) {
  TempDir dir;
  const std::string d = dir.path.string();
  EXPECT_EQ(errorOf([&] { writeFileAtomically(dir.path / "missing" / "r.pdf", "x"); }),
            d + "/missing/r.pdf: cannot write: directory " + d + "/missing does not exist");
  writeFileAtomically(dir.path / "plain.txt", "keep me");
  EXPECT_EQ(errorOf([&] { writeFileAtomically(dir.path / "plain.txt" / "r.pdf", "x"); }),
            d + "/plain.txt/r.pdf: cannot write: " + d + "/plain.txt is not a directory");
  EXPECT_EQ(errorOf([&] { writeFileAtomically(dir.path / "plain.txt" / "sub" / "r.pdf", "x"); }),
            d + "/plain.txt/sub/r.pdf: cannot write: " + d + "/plain.txt is not a directory");
  fs::create_directory(dir.path / "adir");
  EXPECT_EQ(errorOf([&] { writeFileAtomically(dir.path / "adir", "x"); }), d + "/adir: cannot write: it is a directory");
  EXPECT_EQ(errorOf([&] { writeFileAtomically("", "x"); }), ": cannot write: no file name given");
  // Nothing was created or changed by the failures.
  EXPECT_EQ(readText(dir.path / "plain.txt"), "keep me");
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"adir", "plain.txt"}));
  EXPECT_TRUE(fs::is_empty(dir.path / "adir"));
}

TEST(MetricsTable, BestRowSkipsNaNAndFollowsTheDirection) {
  MetricsTable t;
  t.metrics = {"MSE", "MAPE"};
  t.rows = {{"a", true, {0.5, kNaN}}, {"b", false, {0.4, kNaN}}, {"c", false, {0.4, kNaN}}};
  EXPECT_EQ(t.bestRow(0), 1);   // ties: the first
  EXPECT_EQ(t.bestRow(1), -1);  // nothing finite
  t.lower_is_better = false;
  EXPECT_EQ(t.bestRow(0), 0);
}
