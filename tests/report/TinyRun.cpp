#include "tests/report/TinyRun.h"

#include "core/data/CsvReader.h"
#include "core/data/Timestamp.h"
#include "core/data/TsReader.h"

#include <cmath>
#include <fstream>
#include <numbers>
#include <stdexcept>

#include <cstdlib>

#include <unistd.h>

namespace aaren::testing {

namespace fs = std::filesystem;

namespace {

fs::path runDirPath() { return fs::temp_directory_path() / ("aaren-report-run-" + std::to_string(::getpid())); }

// The run's files are removed when the test program ends.
fs::path runDir() {
  static const fs::path dir = [] {
    fs::create_directories(runDirPath());
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(runDirPath(), ec);
    });
    return runDirPath();
  }();
  return dir;
}

// Two hourly channels under `header` ("date,NAME1,NAME2", names CSV-quoted as needed) in
// runDir()/file_name, and an Aaren forecaster trained on them and saved beside it.
TinyForecastRun trainTinyForecastRun(const std::string& file_name, const std::string& header, const std::string& model_name) {
  TinyForecastRun r;
  r.dir = runDir();
  r.csv = r.dir / file_name;
  {
    std::ofstream out(r.csv);
    out << header << '\n';
    const std::int64_t t0 = 1467331200;  // 2016-07-01 00:00
    for (int i = 0; i < 480; ++i) {
      const double load = 100 + 20 * std::sin(2 * std::numbers::pi * i / 24.0) + 0.5 * std::sin(i * 1.7);
      const double temp = -5 + 3 * std::cos(2 * std::numbers::pi * i / 12.0);
      out << data::formatTimestamp(t0 + i * 3600) << ',';
      if (i == 100) out << "NA";  // one gap, filled by interpolation
      else out << load;
      out << ',' << temp << '\n';
    }
  }
  r.series = data::readCsvFile(r.csv).series;
  r.config = train::defaultForecastConfig();
  r.config.choose_linear_part = false;  // keep the default daily cycle: the report shows it
  r.config.prep.lookback = 24;
  r.config.prep.horizon = 6;
  r.config.prep.split = train::SplitKind::Ratios;
  r.config.prep.train_ratio = 0.6;
  r.config.prep.val_ratio = 0.2;
  r.config.model.d_model = 16;
  r.config.model.heads = 2;
  r.config.model.layers = 1;
  r.config.model.d_ff = 32;
  r.config.model.dropout = 0.0;
  r.config.train.epochs = 2;
  r.config.train.batch_size = 32;
  r.config.train.learning_rate = 3e-3;
  r.config.train.seed = 11;
  r.config.train.threads = 1;
  r.config.source_path = r.csv.string();
  r.config.command = "aaren train --data " + file_name + " --lookback 24 --horizon 6 --seed 11";
  r.result = train::runForecastExperiment(r.series, r.config);
  if (!r.result.model.valid()) throw std::runtime_error("tiny forecast run: " + r.result.message);
  r.model = r.dir / model_name;
  r.result.model.save(r.model);
  return r;
}

}  // namespace

const TinyForecastRun& tinyForecastRun() {
  static const TinyForecastRun run = trainTinyForecastRun("tiny.csv", "date,load,temp", "tiny.aaren");
  return run;
}

const TinyForecastRun& hostileForecastRun() {
  static const TinyForecastRun run =
      trainTinyForecastRun(kHostileFileName, std::string("date,") + kHostileColumn + ",\"=1+2,\"\"x\"\"\"", "hostile.aaren");
  return run;
}

const TinyClassifyRun& tinyClassifyRun() {
  static const TinyClassifyRun run = [] {
    TinyClassifyRun r;
    r.train_file = fs::path(AAREN_DATA_DIR) / "classification/BasicMotions/BasicMotions_TRAIN.ts";
    r.test_file = fs::path(AAREN_DATA_DIR) / "classification/BasicMotions/BasicMotions_TEST.ts";
    r.train = data::readTsFile(r.train_file).set;
    r.test = data::readTsFile(r.test_file).set;
    r.config = train::defaultClassifyConfig();
    r.config.model.d_model = 16;
    r.config.model.heads = 2;
    r.config.model.layers = 1;
    r.config.model.d_ff = 32;
    r.config.train.epochs = 3;
    r.config.train.seed = 5;
    r.config.train.threads = 1;
    r.config.source_path = r.train_file.string();
    r.config.command = "aaren train --data BasicMotions_TRAIN.ts --epochs 3";
    r.result = train::runClassifyExperiment(r.train, r.test, r.config);
    if (!r.result.model.valid()) throw std::runtime_error("tiny classify run: " + r.result.message);
    r.model = runDir() / "motions.aaren";
    r.result.model.save(r.model);
    return r;
  }();
  return run;
}

}  // namespace aaren::testing
