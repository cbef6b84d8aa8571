#include "app/cli/DatasetLoader.h"

#include "core/data/CsvReader.h"
#include "core/data/InputFile.h"
#include "core/data/LongCsvReader.h"
#include "core/data/SqliteReader.h"
#include "core/data/TsReader.h"

#include <limits>
#include <stdexcept>

namespace aaren::cli {

namespace d = aaren::data;

std::string dataFormat(const DataSource& s) {
  refuseNonRegularFile(s.path);
  if (!s.format.empty()) return s.format;
  auto ext = s.path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".ts") return "ts";
  if (ext == ".db" || ext == ".sqlite" || ext == ".sqlite3") return "sqlite";
  // Only a regular file is sniffed for the SQLite header (opening a FIFO to read it would
  // block); anything else goes to the CSV reader, which names what it is.
  if (isRegularFile(s.path) && d::looksLikeSqlite(s.path)) return "sqlite";
  return "csv";
}

bool isRegularFile(const std::filesystem::path& path) {
  return d::inputFileProblem(path, std::numeric_limits<std::uint64_t>::max(), d::kDataFileWhat).empty();
}

void refuseNonRegularFile(const std::filesystem::path& path) {
  const std::string problem = d::inputFileProblem(path, std::numeric_limits<std::uint64_t>::max(), d::kDataFileWhat);
  if (!problem.empty() && problem.rfind("cannot open", 0) != 0) throw d::DataError(path.string(), 0, 0, problem);
}

bool isClassificationFormat(const std::string& format) { return format == "ts" || format == "long"; }

d::Series loadSeries(const DataSource& s) {
  const auto format = dataFormat(s);
  if (format == "csv") return d::readCsvFile(s.path).series;
  if (format == "sqlite") {
    if (s.table.empty() == s.sql.empty()) throw std::invalid_argument("a SQLite file needs --table or --sql (one of them)");
    return s.table.empty() ? d::readSqliteQuery(s.path, s.sql).series : d::readSqliteTable(s.path, s.table).series;
  }
  throw std::invalid_argument(s.path.string() + ": a " + format + " file holds classification data, not a series to forecast");
}

aaren::train::PreparedForecast loadForecastData(const DataSource& s, const aaren::train::ForecastPrepOptions& o) {
  return aaren::train::prepareForecast(loadSeries(s), o);
}

std::filesystem::path defaultTestFile(const std::filesystem::path& train) {
  auto name = train.filename().string();
  const auto pos = name.rfind("_TRAIN");
  if (pos == std::string::npos) return {};
  name.replace(pos, 6, "_TEST");
  return train.parent_path() / name;
}

d::LabeledSeriesSet loadLabeled(const DataSource& s) {
  const auto format = dataFormat(s);
  if (format == "ts") return d::readTsFile(s.path).set;
  if (format == "long") return d::readLongCsvFile(s.path).set;
  throw std::invalid_argument(s.path.string() + ": classification needs a .ts file or a long-format CSV (--format long)");
}

aaren::train::PreparedClassification loadClassificationData(const DataSource& train, const DataSource& test) {
  const auto train_set = loadLabeled(train);
  d::LabeledSeriesSet test_set;
  if (!test.path.empty()) test_set = loadLabeled(test);
  return aaren::train::prepareClassification(train_set, test_set);
}

}  // namespace aaren::cli
