#include "app/cli/CliCommon.h"

#include "app/cli/Command.h"
#include "core/data/CsvTokenizer.h"

#include <charconv>
#include <ostream>
#include <cmath>
#include <stdexcept>

void boost::validate(boost::any& value, const std::vector<std::string>& values, std::filesystem::path*, int) {
  boost::program_options::validators::check_first_occurrence(value);
  value = std::filesystem::path(boost::program_options::validators::get_single_string(values));
}

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
    if (!data::isValidUtf8(a)) {  // bash's $'...' with \xNN: the line stays UTF-8 and re-runs as given
      out += " $'";
      for (const char c : a) {
        const auto b = static_cast<unsigned char>(c);
        if (c == '\'' || c == '\\') {
          out += '\\';
          out += c;
        } else if (b >= 0x20 && b < 0x7f) {
          out += c;
        } else {
          static const char kHex[] = "0123456789abcdef";
          out += "\\x";
          out += kHex[b >> 4];
          out += kHex[b & 15];
        }
      }
      out += '\'';
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

namespace aaren::cli {

namespace {
std::string shown(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));  // 10000000, not 1e+07
  return formatNumber(v);
}
}  // namespace

void requireInRange(const std::string& flag, double value, double lo, double hi) {
  if (std::isfinite(value) && value >= lo && value <= hi) return;
  throw std::invalid_argument(flag + " must be a finite number from " + shown(lo) + " to " + shown(hi) + " (got " +
                              shown(value) + ")");
}

void requireInRange(const std::string& flag, std::int64_t value, std::int64_t lo, std::int64_t hi) {
  if (value >= lo && value <= hi) return;
  throw std::invalid_argument(flag + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                              " (got " + std::to_string(value) + ")");
}

}  // namespace aaren::cli
