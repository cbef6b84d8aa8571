#include "app/cli/InspectCommand.h"

#include <boost/program_options.hpp>

#include <filesystem>
#include <ostream>

#include "app/cli/DatasetLoader.h"
#include "app/cli/InspectReport.h"
#include "app/cli/Interrupt.h"
#include "core/data/CsvReader.h"
#include "core/data/LongCsvReader.h"
#include "core/data/SqliteReader.h"
#include "core/data/TsReader.h"

namespace aaren::cli {

namespace po = boost::program_options;
namespace d = aaren::data;

namespace {

// A SQLite view may never end: counting its rows gives up after kCountSeconds (shown as
// "?"), reading it stops with an error after kReadSeconds.
constexpr double kCountSeconds = 2;
constexpr double kReadSeconds = 30;

std::string lowerExt(const std::filesystem::path& p) {
  std::string e = p.extension().string();
  for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e;
}

std::string detectFormat(const std::filesystem::path& file) {
  const std::string ext = lowerExt(file);
  if (ext == ".ts") return "ts";
  if (ext == ".db" || ext == ".sqlite" || ext == ".sqlite3") return "sqlite";
  if (isRegularFile(file) && d::looksLikeSqlite(file)) return "sqlite";  // a FIFO is not opened to sniff
  return "csv";
}

int inspect(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "Usage: aaren inspect FILE [options]\n\n"
      "Show what the readers find in FILE (CSV, long-format classification CSV, UEA/UCR .ts\n"
      "or SQLite): rows, columns and their kinds, time span, inferred frequency, missing\n"
      "values per column, gaps and warnings. Exits 1 with the error on stderr when the file\n"
      "cannot be read.\n\nOptions");
  std::string table, sql, format, timeColumn, delimiter;
  visible.add_options()
      ("help,h", "show this help")
      ("table,t", po::value(&table), "SQLite: inspect this table or view")
      ("sql", po::value(&sql), "SQLite: inspect the result of this read-only SELECT")
      ("format,f", po::value(&format), "csv, long (classification CSV), ts or sqlite (default: from the file)")
      ("time-column", po::value(&timeColumn), "name of the time column (default: detected)")
      ("delimiter", po::value(&delimiter), "CSV delimiter: , ; tab | (default: detected)")
      ("json", "print JSON instead of text");
  po::options_description all;
  std::string file;
  all.add(visible).add_options()("file", po::value(&file));
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    err << "aaren inspect: " << e.what() << "\nRun 'aaren inspect --help' for usage.\n";
    return kExitUsage;
  }
  if (vm.count("help")) {
    out << visible << '\n';
    return kExitOk;
  }
  if (file.empty()) {
    err << "aaren inspect: no FILE given\nRun 'aaren inspect --help' for usage.\n";
    return kExitUsage;
  }
  if (format.empty()) format = detectFormat(file);
  const bool asJson = vm.count("json") > 0;
  try {
    if (format == "csv") {
      d::CsvOptions o;
      o.timeColumn = timeColumn;
      if (delimiter == "tab" || delimiter == "\\t") o.delimiter = '\t';
      else if (delimiter.size() == 1) o.delimiter = delimiter[0];
      else if (!delimiter.empty()) {
        err << "aaren inspect: --delimiter must be one character or 'tab'\n";
        return kExitUsage;
      }
      const auto r = d::readCsvFile(file, o);
      std::string delim = r.delimiter == '\t' ? "tab" : std::string("'") + r.delimiter + "'";
      const SourceInfo src{file, "CSV (delimiter " + delim + ", " + (r.header ? "header row" : "no header") + ")"};
      if (asJson) out << jsonText(seriesJson(src, r.series, r.warnings)) << '\n';
      else printSeries(out, src, r.series, r.warnings);
    } else if (format == "long") {
      const auto r = d::readLongCsvFile(file);
      const SourceInfo src{file, "long-format classification CSV"};
      if (asJson) out << jsonText(labeledJson(src, r.set, r.warnings)) << '\n';
      else printLabeled(out, src, r.set, r.warnings);
    } else if (format == "ts") {
      const auto r = d::readTsFile(file);
      const SourceInfo src{file, "UEA/UCR .ts"};
      if (asJson) out << jsonText(labeledJson(src, r.set, r.warnings)) << '\n';
      else printLabeled(out, src, r.set, r.warnings);
    } else if (format == "sqlite") {
      d::SqliteOptions o;
      o.timeColumn = timeColumn;
      if (!table.empty() && !sql.empty()) {
        err << "aaren inspect: give --table or --sql, not both\n";
        return kExitUsage;
      }
      if (table.empty() && sql.empty()) {
        const auto tables = d::listTables(file, true, kCountSeconds);
        const SourceInfo src{file, "SQLite"};
        if (asJson) out << jsonText(tablesJson(src, tables)) << '\n';
        else printTables(out, src, tables);
      } else {
        o.maxSeconds = kReadSeconds;
        InterruptGuard interrupt;  // Ctrl-C stops the query within 0.1 s
        const d::ProgressFn untilInterrupted = [&](std::uint64_t, std::uint64_t) { return !interrupt.interrupted(); };
        const auto r = table.empty() ? d::readSqliteQuery(file, sql, o, untilInterrupted)
                                     : d::readSqliteTable(file, table, o, untilInterrupted);
        if (r.status == d::LoadStatus::Cancelled) {
          err << "aaren inspect: interrupted\n";
          return kExitInterrupted;
        }
        const SourceInfo src{file, table.empty() ? "SQLite query" : "SQLite table '" + table + "'"};
        if (asJson) out << jsonText(seriesJson(src, r.series, r.warnings)) << '\n';
        else printSeries(out, src, r.series, r.warnings);
      }
    } else {
      err << "aaren inspect: unknown --format '" << format << "' (csv, long, ts or sqlite)\n";
      return kExitUsage;
    }
  } catch (const d::DataError& e) {
    err << "aaren inspect: " << e.what() << '\n';
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

Command makeInspectCommand() {
  return {"inspect", "Show rows, columns, time span, frequency, gaps and missing values of a data file",
          inspect};
}

}  // namespace aaren::cli
