#include "app/cli/ReportCommand.h"

#include "app/cli/CliCommon.h"
#include "app/cli/DatasetLoader.h"
#include "core/report/AtomicWrite.h"
#include "core/report/ReportBuilder.h"
#include "core/stream/TraceFile.h"
#include "core/train/TrainedModel.h"
#include "ui/report/ReportExport.h"
#include "ui/report/ReportPages.h"

#include <QApplication>

#include <boost/program_options.hpp>

#include <filesystem>
#include <memory>
#include <ostream>
#include <sstream>

namespace aaren::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

QtMessageHandler previousHandler = nullptr;

// Qt's note that XDG_RUNTIME_DIR is unset (usual under ssh, cron and CI) says nothing about
// the report: keep it off the terminal. Everything else goes where it went.
void quietHandler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  if (message.startsWith(QLatin1String("QStandardPaths: "))) return;
  if (previousHandler) previousHandler(type, context, message);
}

// The report needs a QApplication (QCustomPlot draws the plots) but never a display: the
// offscreen platform unless QT_QPA_PLATFORM asks for another.
std::unique_ptr<QApplication> startQt() {
  if (QCoreApplication::instance() != nullptr) return nullptr;
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  previousHandler = qInstallMessageHandler(quietHandler);
  static int argc = 1;
  static char name[] = "aaren";
  static char* argv[] = {name, nullptr};
  return std::make_unique<QApplication>(argc, argv);
}

// The training set next to a _TEST file, when there is one.
std::filesystem::path defaultTrainFile(const std::filesystem::path& test) {
  auto name = test.filename().string();
  const auto pos = name.rfind("_TEST");
  if (pos == std::string::npos) return {};
  name.replace(pos, 5, "_TRAIN");
  const auto train = test.parent_path() / name;
  return fs::exists(train) ? train : std::filesystem::path();
}

int report(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "Usage: aaren report --model FILE --data FILE --out FILE [options]\n\n"
      "Write a report on a saved model: the data, the model card, the test metrics beside the\n"
      "naive, seasonal naive, linear, RLinear and (sub-daily data) daily cycle + linear\n"
      "baselines, forecast-vs-actual plots, the forecast of the next horizon steps, and a\n"
      "reproducibility manifest (SHA-256 of the data and the model).\n"
      "The format follows the extension of --out (or --format):\n"
      "  .pdf   A4 pages with vector plots        .html  one self-contained file (inline SVG)\n"
      "  .csv   the forecast table                .json  every section and number\n"
      "Classification models: --data is the set scored (e.g. the _TEST.ts file); the training\n"
      "set (--train, or the _TRAIN file beside a _TEST file) gives the majority-class baseline.\n\nOptions");
  DataSource data;
  std::string model_path, out_path, format_name, plots_dir, title, train_path, channels, stream_trace;
  std::int64_t windows = 6;
  visible.add_options()
      ("help,h", "show this help")
      ("model,m", po::value(&model_path)->required(), "the model file (.aaren)")
      ("data,d", po::value(&data.path)->required(), "the data file (CSV, SQLite, .ts)")
      ("out,o", po::value(&out_path)->required(), "the report file to write")
      ("format,f", po::value(&format_name), "pdf, html, csv or json (default: from --out)")
      ("plots-dir", po::value(&plots_dir), "also write every plot as PNG and SVG into DIR")
      ("title", po::value(&title), "the report's title")
      ("channels", po::value(&channels), "channels to plot, comma-separated, or 'all' (default: the first 4)")
      ("windows", po::value(&windows)->default_value(6), "test windows shown in each forecast plot")
      ("stream-trace", po::value(&stream_trace), "add the live-stream section: memory and step time from 'aaren stream --trace-out'")
      ("train", po::value(&train_path), "classification: the training set, for the baseline (default: _TEST -> _TRAIN)")
      ("table", po::value(&data.table), "SQLite: table or view")
      ("sql", po::value(&data.sql), "SQLite: read-only SELECT")
      ("data-format", po::value(&data.format), "csv, long, ts or sqlite (default: from the file)");
  po::variables_map vm;
  std::optional<ui::ReportFormat> format;
  const auto check = [&] {
    format = format_name.empty() ? ui::reportFormatFromPath(QString::fromStdString(out_path)) : ui::reportFormatFromName(QString::fromStdString(format_name));
    if (!format)
      throw std::invalid_argument(format_name.empty() ? "cannot tell the format from '" + out_path + "': use --format pdf, html, csv or json"
                                                      : "unknown format '" + format_name + "': use pdf, html, csv or json");
    if (windows < 1) throw std::invalid_argument("--windows must be at least 1");
  };
  if (const auto done = parseArgs("report", args, visible, vm, out, err, check)) return *done;

  // Fail on an unwritable output before any long work.
  report::checkWritable(out_path);
  if (!plots_dir.empty() && !fs::is_directory(plots_dir)) report::checkWritable(plots_dir);

  const auto traces = stream_trace.empty() ? std::vector<report::StreamTrace>{} : stream::readTraceFile(stream_trace);
  const auto model = train::TrainedModel::load(model_path);
  report::ReportOptions options;
  options.title = title;
  options.data_file = data.path.string();
  options.data_format = dataFormat(data);
  options.plot_windows = windows;
  if (channels == "all") {
    options.max_plot_channels = static_cast<std::size_t>(-1);
  } else if (!channels.empty()) {
    std::stringstream list(channels);
    for (std::string name; std::getline(list, name, ',');)
      if (!name.empty()) options.plot_channels.push_back(name);
  }
  options.report_command = commandLine("report", args);

  report::Report result;
  if (model.task() == Task::Forecast) {
    const data::Series series = loadSeries(data);
    result = report::buildForecastReport(model, series, options);
  } else {
    DataSource train = data;
    train.path = train_path.empty() ? defaultTrainFile(data.path) : fs::path(train_path);
    const data::LabeledSeriesSet train_set = train.path.empty() ? data::LabeledSeriesSet{} : loadLabeled(train);
    result = report::buildClassifyReport(model, train_set, loadLabeled(data), options);
  }

  if (!traces.empty()) report::addStreamSection(result, traces);
  const bool needsQt = *format == ui::ReportFormat::Pdf || *format == ui::ReportFormat::Html || !plots_dir.empty();
  const auto app = needsQt ? startQt() : nullptr;
  const QString path = QString::fromStdString(out_path);
  ui::writeReport(result, path, *format);
  out << "wrote " << out_path;
  if (*format == ui::ReportFormat::Pdf) out << " (" << ui::ReportPages(result).pageCount() << " pages)";
  out << '\n';
  if (!plots_dir.empty()) {
    const QStringList files = ui::writeReportPlots(result, QString::fromStdString(plots_dir));
    out << "wrote " << files.size() << " plot files to " << plots_dir << '\n';
  }
  return kExitOk;
}

}  // namespace

Command makeReportCommand() {
  return {"report", "Write a PDF, HTML, CSV or JSON report on a saved model and its data", report};
}

}  // namespace aaren::cli
