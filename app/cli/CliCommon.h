#pragma once
// Pieces the model commands share: the --workspace / --no-workspace options, the command
// line as recorded in model files and runs, and value formatting.
// Threading: plain functions and values on the calling thread.
#include "core/store/Workspace.h"

#include <boost/program_options.hpp>

#include <memory>
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

// "aaren train --data 'my file.csv' --epochs 3": each argument shell-quoted when needed.
std::string commandLine(const std::string& command, const std::vector<std::string>& args);

// Shortest text that reads back as the same double ("0.1", "1e-07", "123.456").
std::string formatNumber(double value);

}  // namespace aaren::cli
