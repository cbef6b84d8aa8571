#pragma once
// The `aaren` command line: a small registry of sub-commands (inspect, train, eval, forecast,
// classify, runs). A command is a name, a one-line summary and a function of its arguments
// (everything after the command name) that writes to `out`/`err` and returns the exit code.
//
// Adding a command: write `Command makeXCommand()` in app/cli/XCommand.{h,cpp} and add it in
// registerBuiltinCommands() (Command.cpp).
//
// Threading: the registry is built once by builtinCommands() (thread-safe static init) and
// read-only afterwards; commands run on the calling thread.
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace aaren::cli {

// Exit codes shared by all commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command ran and failed (unreadable file, ...)
inline constexpr int kExitUsage = 2;    // bad command line
inline constexpr int kExitInterrupted = 130;  // stopped by Ctrl-C (SIGINT) or SIGTERM

using CommandFn = std::function<int(const std::vector<std::string>& args, std::ostream& out,
                                    std::ostream& err)>;

struct Command {
  std::string name;
  std::string summary;
  CommandFn run;
};

class CommandRegistry {
 public:
  void add(Command command);
  const Command* find(std::string_view name) const;
  const std::vector<Command>& commands() const noexcept { return commands_; }

 private:
  std::vector<Command> commands_;
};

void registerBuiltinCommands(CommandRegistry& registry);
const CommandRegistry& builtinCommands();

// Dispatches `args` (without the program name): `aaren <command> [options]`, `aaren --help`,
// `aaren --version`. Never throws: exceptions become a message on `err` and kExitFailure.
int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           const CommandRegistry& registry = builtinCommands());

}  // namespace aaren::cli
