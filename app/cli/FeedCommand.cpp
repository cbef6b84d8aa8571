#include "app/cli/FeedCommand.h"

#include "app/cli/CliCommon.h"
#include "app/cli/DatasetLoader.h"
#include "app/cli/Interrupt.h"
#include "app/cli/ProgressBar.h"
#include "core/stream/Feed.h"

#include <boost/program_options.hpp>

#include <ostream>
#include <thread>

namespace aaren::cli {

namespace po = boost::program_options;
namespace st = aaren::stream;

namespace {

int feed(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description visible(
      "Usage: aaren feed DATA --to URI [--rate R] [options]\n\n"
      "Serve the rows of a CSV or SQLite series as a live feed of text lines, at R rows per\n"
      "second, for 'aaren stream' or the app's Live tab at the other end (the same URI):\n"
      "  tcp://HOST:PORT          listen there and send every row to each client that connects\n"
      "                           (rows wait while no client is connected; a client that falls\n"
      "                           4 MiB behind is disconnected, the others go on)\n"
      "  tcp+listen://HOST:PORT   connect to a stream that listens there (and reconnect)\n"
      "  udp://HOST:PORT          send datagrams there\n"
      "Lines are 'YYYY-MM-DD HH:MM:SS,v1,v2,...' (CSV, values in their shortest exact form) or\n"
      "JSON {\"timestamp\": ..., \"values\": [...]}.\n\nOptions");
  std::string to, format = "csv";
  DataSource data;
  st::FeedOptions options;
  visible.add_options()
      ("help,h", "show this help")
      ("data,d", po::value(&data.path)->required(), "data file (CSV or SQLite); also the first positional argument")
      ("table", po::value(&data.table), "SQLite: table or view")
      ("sql", po::value(&data.sql), "SQLite: read-only SELECT")
      ("to", po::value(&to)->required(), "where to send (URI, see above)")
      ("rate,r", po::value(&options.rate), "rows per second (default 1000; 0 = as fast as the network takes them)")
      ("line-format", po::value(&format), "csv or json (default csv)")
      ("header", "send a CSV header line first (the stream then maps columns by name)")
      ("start", po::value(&options.start_row), "first row to send (0-based, default 0)")
      ("count", po::value(&options.count), "rows to send (default: to the end)")
      ("loop", "start again after the last row, until Ctrl-C (timestamps go on; sub-daily rows restart at the first row's time of day)")
      ("no-wait", "tcp://: send even while no client is connected (rows are then lost)");
  po::positional_options_description positional;
  positional.add("data", 1);
  po::variables_map vm;
  const auto check = [&] {
    options.format = st::lineFormatFromString(format);
    if (options.format == st::LineFormat::Auto) throw std::invalid_argument("--line-format must be csv or json");
    requireInRange("--rate", options.rate, 0.0, 1e7);  // NaN passed the comparisons
  };
  if (const auto done = parseArgs("feed", args, visible, vm, out, err, check, &visible, &positional)) return *done;
  options.loop = vm.count("loop") > 0;
  options.header = vm.count("header") > 0;
  options.wait_for_client = vm.count("no-wait") == 0;
  const auto series = loadSeries(data);
  st::Feed feeder(series, to, options);
  InterruptGuard interrupt;
  ProgressBar bar(err, stderrIsTerminal());
  const std::size_t total = options.loop ? 0 : (options.count ? options.count : series.rows - options.start_row);
  const auto result = feeder.run(interrupt.flag(), [&](const st::FeedProgress& p) {
    std::string text = std::to_string(p.sent) + " rows sent, " + std::to_string(p.clients) + " client(s)";
    if (p.dropped_clients) text += ", " + std::to_string(p.dropped_clients) + " dropped (too slow)";
    bar.update(total ? static_cast<double>(p.sent) / static_cast<double>(total) : 0.0, text);
  });
  bar.finish();
  out << "sent " << result.sent << " rows to " << to << " (" << result.connections << " connection" << (result.connections == 1 ? "" : "s")
      << ")";
  if (result.dropped_clients)
    out << "; " << result.dropped_clients << " client" << (result.dropped_clients == 1 ? " was" : "s were")
        << " disconnected for not keeping up";
  out << '\n';
  return interrupt.interrupted() ? kExitInterrupted : kExitOk;
}

}  // namespace

Command makeFeedCommand() { return {"feed", "Serve a series as a live feed (TCP or UDP lines) for 'aaren stream'", feed}; }

}  // namespace aaren::cli
