#include "app/cli/CliCommon.h"

#include <charconv>
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
