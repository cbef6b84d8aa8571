#include "app/cli/Command.h"

#include <exception>
#include <ostream>

#include "app/cli/ClassifyCommand.h"
#include "app/cli/ConvertModelCommand.h"
#include "app/cli/EvalCommand.h"
#include "app/cli/ForecastCommand.h"
#include "app/cli/InspectCommand.h"
#ifdef AAREN_HAVE_REPORT
#include "app/cli/ReportCommand.h"
#endif
#include "app/cli/RunsCommand.h"
#include "app/cli/FeedCommand.h"
#include "app/cli/StreamCommand.h"
#include "app/cli/TrainCommand.h"

namespace aaren::cli {

void CommandRegistry::add(Command command) { commands_.push_back(std::move(command)); }

const Command* CommandRegistry::find(std::string_view name) const {
  for (const auto& c : commands_)
    if (c.name == name) return &c;
  return nullptr;
}

void registerBuiltinCommands(CommandRegistry& registry) {
  registry.add(makeInspectCommand());
  registry.add(makeTrainCommand());
  registry.add(makeEvalCommand());
  registry.add(makeForecastCommand());
  registry.add(makeClassifyCommand());
  registry.add(makeRunsCommand());
  registry.add(makeStreamCommand());
  registry.add(makeFeedCommand());
  registry.add(makeConvertModelCommand());
#ifdef AAREN_HAVE_REPORT
  registry.add(makeReportCommand());
#endif
}

const CommandRegistry& builtinCommands() {
  static const CommandRegistry registry = [] {
    CommandRegistry r;
    registerBuiltinCommands(r);
    return r;
  }();
  return registry;
}

namespace {
void usage(std::ostream& os, const CommandRegistry& registry) {
  os << "aaren — Aaren Studio command line\n\n"
        "Usage: aaren <command> [options]\n"
        "       aaren --help | --version\n\n"
        "Commands:\n";
  for (const auto& c : registry.commands()) {
    os << "  " << c.name;
    for (std::size_t i = c.name.size(); i < 10 || i == c.name.size(); ++i) os << ' ';
    os << c.summary << '\n';
  }
  os << "\nRun 'aaren <command> --help' for the options of a command.\n";
}
}  // namespace

int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           const CommandRegistry& registry) {
  if (args.empty()) {
    usage(err, registry);
    return kExitUsage;
  }
  const std::string& name = args[0];
  if (name == "--help" || name == "-h" || name == "help") {
    usage(out, registry);
    return kExitOk;
  }
  if (name == "--version") {
    out << "aaren " << AAREN_VERSION << '\n';
    return kExitOk;
  }
  const Command* command = registry.find(name);
  if (command == nullptr) {
    err << "aaren: unknown command '" << name << "'\n\n";
    usage(err, registry);
    return kExitUsage;
  }
  try {
    return command->run(std::vector<std::string>(args.begin() + 1, args.end()), out, err);
  } catch (const std::exception& e) {
    err << "aaren " << name << ": " << e.what() << '\n';
    return kExitFailure;
  }
}

}  // namespace aaren::cli
