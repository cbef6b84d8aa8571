#pragma once
// Running the `aaren` CLI in-process from a test: its exit code and what it printed.
#include "app/cli/Command.h"

#include <sstream>
#include <string>
#include <vector>

namespace aaren::testing {

struct CliRun {
  int code;
  std::string out, err;
};

inline CliRun run(std::vector<std::string> args) {
  std::ostringstream out, err;
  const int code = cli::runCli(args, out, err);
  return {code, out.str(), err.str()};
}

// Arguments joined: base + extra.
inline std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace aaren::testing
