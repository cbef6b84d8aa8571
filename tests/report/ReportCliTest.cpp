// `aaren report` end to end, as a user runs it: the real binary, no display (DISPLAY,
// WAYLAND_DISPLAY and QT_QPA_PLATFORM unset), on a tiny seeded model and its CSV file.
// The PDF is checked with pdfinfo and pdftotext (poppler-utils).
#include "core/data/CsvReader.h"
#include "core/models/ModelFileInfo.h"
#include "core/train/TrainedModel.h"
#include "tests/report/TinyRun.h"
#include "ui/report/ReportDocument.h"

#include <QByteArray>
#include <QXmlStreamReader>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include <sys/wait.h>

using namespace aaren;
namespace fs = std::filesystem;

namespace {

struct Exec {
  int code = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string shellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs a command line in a shell without a display; stdout and stderr captured.
Exec sh(const std::string& command) {
  static int n = 0;
  const fs::path dir = fs::temp_directory_path();
  const fs::path out = dir / ("aaren-cli-out-" + std::to_string(::getpid()) + "-" + std::to_string(n));
  const fs::path err = dir / ("aaren-cli-err-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
  const std::string full = "env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM " + command + " >" + shellQuote(out.string()) + " 2>" +
                           shellQuote(err.string());
  const int status = std::system(full.c_str());
  Exec r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  fs::remove(out);
  fs::remove(err);
  return r;
}

Exec runAaren(const std::vector<std::string>& args) {
  std::string command = shellQuote(AAREN_BIN);
  for (const auto& a : args) {
    command += ' ';
    command += shellQuote(a);
  }
  return sh(command);
}

struct OutDir {
  fs::path path;
  OutDir() {
    path = fs::temp_directory_path() / ("aaren-report-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~OutDir() { fs::remove_all(path); }
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(path)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

int pdfPages(const fs::path& pdf) {
  const Exec info = sh("pdfinfo " + shellQuote(pdf.string()));
  std::smatch m;
  return std::regex_search(info.out, m, std::regex("Pages:\\s+(\\d+)")) ? std::stoi(m[1]) : -1;
}

std::string pdfText(const fs::path& pdf) { return sh("pdftotext -layout " + shellQuote(pdf.string()) + " -").out; }

std::string squeeze(const std::string& s) { return std::regex_replace(s, std::regex("\\s+"), " "); }

// "" when `xml` is well-formed, else the parser's error.
std::string xmlError(const std::string& xml) {
  QXmlStreamReader reader(QByteArray::fromStdString(xml));
  while (!reader.atEnd()) reader.readNext();
  return reader.hasError() ? reader.errorString().toStdString() + " at line " + std::to_string(reader.lineNumber()) : std::string();
}

std::string pdfTitle(const fs::path& pdf) {
  const Exec info = sh("pdfinfo -enc UTF-8 " + shellQuote(pdf.string()));
  std::smatch m;
  return std::regex_search(info.out, m, std::regex("(^|\n)Title:\\s+([^\n]*)")) ? m[2].str() : "(no title) " + info.err;
}

}  // namespace

TEST(ReportCli, PdfWithPlotsHeadless) {
  const auto& run = aaren::testing::tinyForecastRun();
  OutDir dir;
  const fs::path pdf = dir.path / "report.pdf";
  const Exec r = runAaren({"report", "--model", run.model.string(), "--data", run.csv.string(), "--out", pdf.string(), "--plots-dir",
                       (dir.path / "plots").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("^wrote .*report\\.pdf \\((\\d+) pages\\)\nwrote 6 plot files to .*plots\n$"))) << r.out;
  const int pages = std::stoi(m[1]);
  EXPECT_EQ(pdfPages(pdf), pages);
  EXPECT_GE(pages, 3);
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"plots", "report.pdf"}));  // no temporary file left

  // The text layer carries the metrics of the model and the baselines, as the model scores.
  const std::string text = pdfText(pdf);
  const auto model = train::TrainedModel::load(run.model);
  const auto eval = train::evaluateForecastModel(model, run.series);
  const auto shown = [](double v) { return ui::formatMetric(v).toStdString(); };
  for (const std::string& expected :
       {std::string("Forecast report: tiny.csv"), std::string("Metrics against the baselines"), shown(eval.metrics.mse), shown(eval.metrics.mae),
        shown(eval.metrics.mae_original), shown(eval.metrics.channels.at(0).mae), std::string("MAE (scaled)"),
        shown(eval.metrics.rmse_original), shown(eval.baselines[0].metrics.mse), shown(eval.baselines[2].metrics.mse), std::string("seasonal naive"),
        std::string("linear"), sha256File(run.csv), sha256File(run.model), std::string("Page 1 of ") + std::to_string(pages),
        std::string("aaren train --data tiny.csv --lookback 24 --horizon 6 --seed 11")})
    EXPECT_NE(text.find(expected), std::string::npos) << expected;
  EXPECT_NE(squeeze(text).find("Aaren forecasts 2 channels (load, temp) 6 steps ahead from the previous 24 steps. On the test range (" +
                               std::to_string(eval.windows) +
                               " windows; MSE and MAE on scaled values, the rest in the data's own units) its MSE is " + shown(eval.metrics.mse)),
            std::string::npos)
      << text;
  // The plots written beside it.
  for (const char* file : {"forecast-1.png", "forecast-1.svg", "forecast-2.png", "forecast-2.svg", "error-by-step.png", "error-by-step.svg"})
    EXPECT_TRUE(fs::is_regular_file(dir.path / "plots" / file)) << file;
}

TEST(ReportCli, HtmlJsonAndCsv) {
  const auto& run = aaren::testing::tinyForecastRun();
  OutDir dir;
  for (const char* name : {"r.html", "r.json", "r.csv"}) {
    const Exec r = runAaren({"report", "-m", run.model.string(), "-d", run.csv.string(), "-o", (dir.path / name).string()});
    ASSERT_EQ(r.code, 0) << name << ": " << r.err;
    EXPECT_EQ(r.out, "wrote " + (dir.path / name).string() + "\n");
  }
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"r.csv", "r.html", "r.json"}));

  const std::string html = slurp(dir.path / "r.html");
  for (const char* banned : {"http://", "https://", "src=", "<link", "<script", "url("}) EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  EXPECT_EQ(std::count(html.begin(), html.end(), '\0'), 0);
  std::size_t svgs = 0;
  for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) ++svgs;
  EXPECT_EQ(svgs, 3u);  // two channels, error by step; no training curve in a model file

  // JSON: the same numbers as the model scores on the data.
  const auto j = nlohmann::json::parse(slurp(dir.path / "r.json"));
  const auto model = train::TrainedModel::load(run.model);
  const auto eval = train::evaluateForecastModel(model, run.series);
  // Another process: OpenBLAS may block a float32 product over threads differently, so the
  // forecasts can differ in their last float bits (the JSON itself keeps 17 digits).
  EXPECT_NEAR(j["metrics"][0]["rows"][0]["values"][0].get<double>(), eval.metrics.mse, 1e-6 * eval.metrics.mse);
  EXPECT_NEAR(j["metrics"][0]["rows"][3]["values"][0].get<double>(), eval.baselines[2].metrics.mse, 1e-6 * eval.baselines[2].metrics.mse);
  EXPECT_EQ(j["manifest"]["model_sha256"], sha256File(run.model));
  EXPECT_EQ(j["manifest"]["report_command"], "aaren report -m " + run.model.string() + " -d " + run.csv.string() + " -o " + (dir.path / "r.json").string());

  // CSV: the forecast after the data, read back exactly with the project's reader.
  const auto ahead = model.forecast(run.series);
  const auto csv = data::readCsvFile(dir.path / "r.csv").series;
  ASSERT_EQ(csv.names, (std::vector<std::string>{"step", "load", "temp"}));
  ASSERT_EQ(csv.timestamps, ahead.timestamps);
  for (std::int64_t s = 0; s < 6; ++s)
    for (std::int64_t c = 0; c < 2; ++c) EXPECT_EQ(csv.at(static_cast<std::size_t>(s), static_cast<std::size_t>(c + 1)), ahead.value(s, c));
}

TEST(ReportCli, ClassificationPdf) {
  const auto& run = aaren::testing::tinyClassifyRun();
  OutDir dir;
  const fs::path pdf = dir.path / "motions.pdf";
  const Exec r = runAaren({"report", "--model", run.model.string(), "--data", run.test_file.string(), "--out", pdf.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string text = squeeze(pdfText(pdf));
  EXPECT_NE(text.find("Confusion matrix"), std::string::npos);
  EXPECT_NE(text.find("majority class (Standing) 25.00"), std::string::npos) << text;
  char accuracy[32];
  std::snprintf(accuracy, sizeof accuracy, "its accuracy is %.1f %%", run.result.test.accuracy * 100);
  EXPECT_NE(text.find(accuracy), std::string::npos) << text;
}

TEST(ReportCli, ErrorsAreClearAndWriteNothing) {
  const auto& run = aaren::testing::tinyForecastRun();
  OutDir dir;
  // Unwritable output: refused before any work.
  const fs::path missing = dir.path / "no" / "r.pdf";
  Exec r = runAaren({"report", "--model", run.model.string(), "--data", run.csv.string(), "--out", missing.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "aaren report: " + missing.string() + ": cannot write: directory " + (dir.path / "no").string() + " does not exist\n");
  EXPECT_EQ(r.out, "");

  // Not a model file.
  const fs::path bad = dir.path / "bad.aaren";
  std::ofstream(bad) << "hello";
  std::string expected;
  try {
    readModelFileInfo(bad);
  } catch (const ModelFileError& e) {
    expected = e.what();
  }
  ASSERT_FALSE(expected.empty());
  r = runAaren({"report", "--model", bad.string(), "--data", run.csv.string(), "--out", (dir.path / "r.pdf").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "aaren report: " + expected + "\n");

  // Data with other columns than the model's.
  const fs::path other = dir.path / "other.csv";
  std::ofstream(other) << "date,a,b\n2016-07-01 00:00:00,1,2\n2016-07-01 01:00:00,3,4\n2016-07-01 02:00:00,5,6\n";
  r = runAaren({"report", "--model", run.model.string(), "--data", other.string(), "--out", (dir.path / "r.pdf").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "aaren report: " + run.model.string() + ": model expects columns load,temp but the data has a,b (missing load,temp; not in the model a,b)\n");

  // A format it cannot tell.
  r = runAaren({"report", "--model", run.model.string(), "--data", run.csv.string(), "--out", (dir.path / "r.docx").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "aaren report: cannot tell the format from '" + (dir.path / "r.docx").string() +
                       "': use --format pdf, html, csv or json\nRun 'aaren report --help' for usage.\n");
  EXPECT_EQ(dir.files(), (std::vector<std::string>{"bad.aaren", "other.csv"}));
}

// Issue 18 item 3: a column named <script>alert(1)</script> and a file name holding
// " & < > ' reach every output as text: escaped in the HTML and the SVG plots (which parse as
// XML), plain in the PDF's title, RFC 4180-quoted in the CSVs (a formula-like name disarmed
// with a leading apostrophe), JSON-escaped in the JSON.
TEST(ReportCli, HostileNamesAreEscapedInEveryOutput) {
  const auto& run = aaren::testing::hostileForecastRun();
  const std::string column = aaren::testing::kHostileColumn, formula = aaren::testing::kHostileFormulaColumn;
  OutDir dir;
  for (const char* name : {"r.html", "r.csv", "r.json"}) {
    const Exec r = runAaren({"report", "-m", run.model.string(), "-d", run.csv.string(), "-o", (dir.path / name).string()});
    ASSERT_EQ(r.code, 0) << name << ": " << r.err;
  }
  const fs::path pdf = dir.path / "r.pdf", plots = dir.path / "plots";
  const Exec r = runAaren({"report", "-m", run.model.string(), "-d", run.csv.string(), "-o", pdf.string(), "--plots-dir", plots.string()});
  ASSERT_EQ(r.code, 0) << r.err;

  const std::string html = slurp(dir.path / "r.html");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("<title>Forecast report: tiny &quot;&amp;&lt;&gt;&#39;.csv</title>"), std::string::npos);
  EXPECT_NE(html.find("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"), std::string::npos);  // the plot's SVG title

  std::size_t svgs = 0;
  for (const auto& e : fs::directory_iterator(plots)) {
    if (e.path().extension() != ".svg") continue;
    ++svgs;
    const std::string svg = slurp(e.path());
    EXPECT_EQ(svg.find("<script"), std::string::npos) << e.path();
    EXPECT_EQ(xmlError(svg), "") << e.path();
  }
  EXPECT_EQ(svgs, 3u);
  EXPECT_NE(slurp(plots / "forecast-1.svg").find("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"), std::string::npos);
  EXPECT_NE(slurp(plots / "forecast-2.svg").find("<title>=1+2,&quot;x&quot;</title>"), std::string::npos);

  if (sh("command -v pdfinfo").code == 0) EXPECT_EQ(pdfTitle(pdf), "Forecast report: tiny \"&<>'.csv");

  // CSV is not markup: the names as CSV text, read back by the project's reader.
  const std::string csv = slurp(dir.path / "r.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "timestamp,step,<script>alert(1)</script>,\"'=1+2,\"\"x\"\"\"");
  EXPECT_EQ(data::readCsvFile(dir.path / "r.csv").series.names, (std::vector<std::string>{"step", column, "'" + formula}));

  const auto j = nlohmann::json::parse(slurp(dir.path / "r.json"));
  EXPECT_EQ(j["dataset"]["columns"], (nlohmann::json{column, formula}));

  // aaren forecast --out: the same CSV text cells.
  const fs::path f = dir.path / "f.csv";
  const Exec fr = runAaren({"forecast", "--model", run.model.string(), "--data", run.csv.string(), "--out", f.string()});
  ASSERT_EQ(fr.code, 0) << fr.err;
  const std::string fcsv = slurp(f);
  EXPECT_EQ(fcsv.substr(0, fcsv.find('\n')), "step,timestamp,<script>alert(1)</script>,\"'=1+2,\"\"x\"\"\"");
}
