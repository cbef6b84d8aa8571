#pragma once
// Pieces the model commands share: the --workspace / --no-workspace options, the command
// line as recorded in model files and runs, and value formatting.
// Threading: plain functions and values on the calling thread.
#include "core/store/Workspace.h"

#include <boost/program_options.hpp>

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

// Boost.Program_options reads a std::filesystem::path value with operator>>, which stops at
// the first space (and strips quotes), so `--data 'my file.csv'` was refused as invalid. This
// overload, found by argument-dependent lookup through boost::any, takes the argument as it is.
namespace boost {
void validate(boost::any& value, const std::vector<std::string>& values, std::filesystem::path*, int);
}  // namespace boost

namespace aaren::cli {

struct WorkspaceArgs {
  std::string path;        // --workspace; "" = store::Workspace::defaultPath()
  bool disabled = false;   // --no-workspace

  void addTo(boost::program_options::options_description& description, bool allow_disable = true);
  std::filesystem::path resolved() const;
  // The open workspace, or nullptr with --no-workspace. Throws store::WorkspaceError.
  std::unique_ptr<store::Workspace> open() const;
};

// The command-line parse every command does. --help prints `visible` (kExitOk); a bad
// command line, or an exception from `check` (run after notify, for value checks), prints
// "aaren NAME: what\nRun 'aaren NAME --help' for usage." to `err` (kExitUsage).
// std::nullopt: go on. `all` (default `visible`) may hold hidden options; `positional` maps
// bare arguments.
std::optional<int> parseArgs(const std::string& name, const std::vector<std::string>& args,
                             const boost::program_options::options_description& visible, boost::program_options::variables_map& vm,
                             std::ostream& out, std::ostream& err, const std::function<void()>& check = {},
                             const boost::program_options::options_description* all = nullptr,
                             const boost::program_options::positional_options_description* positional = nullptr);

// "aaren train --data 'my file.csv' --epochs 3": each argument shell-quoted when needed; an
// argument that is not UTF-8 (a file name) as bash's $'data-\xff.csv', so the line is UTF-8.
std::string commandLine(const std::string& command, const std::vector<std::string>& args);

// JSON text for the CLI's output: text that is not UTF-8 (a file name, a column name) comes
// out as U+FFFD instead of throwing nlohmann's type_error 316. Works for json and ordered_json.
template <class Json>
std::string jsonOutput(const Json& j, int indent = 2) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// Shortest text that reads back as the same double ("0.1", "1e-07", "123.456").
std::string formatNumber(double value);

// Range checks for numeric flags, for a parseArgs `check`: std::invalid_argument
// "--lr must be a finite number from 1e-08 to 10 (got nan)" / "--epochs must be a whole
// number from 1 to 1000000 (got -1)" unless value is finite and lo <= value <= hi.
void requireInRange(const std::string& flag, double value, double lo, double hi);
void requireInRange(const std::string& flag, std::int64_t value, std::int64_t lo, std::int64_t hi);

}  // namespace aaren::cli
