#include "app/cli/CliCommon.h"

#include "app/cli/Command.h"

#include <charconv>
#include <ostream>
#include <cmath>

namespace aaren::cli {

namespace po = boost::program_options;

void WorkspaceArgs::addTo(po::options_description& desc, bool allow_disable) {
  desc.add_options()("workspace", po::value(&path),
                     ("workspace database (default " + store::Workspace::defaultPath().string() + ")").c_str());
  if (allow_disable) desc.add_options()("no-workspace", po::bool_switch(&disabled), "do not record anything in the workspace");
}

std::filesystem::path WorkspaceArgs::resolved() const {
  return path.empty() ? store::Workspace::defaultPath() : std::filesystem::path(path);
}

std::unique_ptr<store::Workspace> WorkspaceArgs::open() const {
  if (disabled) return nullptr;
  return std::make_unique<store::Workspace>(resolved());
}

std::optional<int> parseArgs(const std::string& name, const std::vector<std::string>& args, const po::options_description& visible,
                             po::variables_map& vm, std::ostream& out, std::ostream& err, const std::function<void()>& check,
                             const po::options_description* all, const po::positional_options_description* positional) {
  try {
    auto parser = po::command_line_parser(args).options(all ? *all : visible);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), vm);
    if (vm.count("help")) {
      out << visible << '\n';
      return kExitOk;
    }
    po::notify(vm);
    if (check) check();
  } catch (const std::exception& e) {
    err << "aaren " << name << ": " << e.what() << "\nRun 'aaren " << name << " --help' for usage.\n";
    return kExitUsage;
  }
  return std::nullopt;
}

std::string commandLine(const std::string& command, const std::vector<std::string>& args) {
  std::string out = "aaren " + command;
  for (const auto& a : args) {
    const bool plain = !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./,:+@%") ==
                                         std::string::npos;
    if (plain) {
      out += ' ' + a;
      continue;
    }
    out += " '";
    for (char c : a) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += '\'';
  }
  return out;
}

std::string formatNumber(double v) {
  if (std::isnan(v)) return "";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::to_string(v);
}

}  // namespace aaren::cli
