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

// "aaren train --data 'my file.csv' --epochs 3": each argument shell-quoted when needed.
std::string commandLine(const std::string& command, const std::vector<std::string>& args);

// Shortest text that reads back as the same double ("0.1", "1e-07", "123.456").
std::string formatNumber(double value);

}  // namespace aaren::cli
