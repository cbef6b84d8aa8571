#pragma once
// A one-line progress bar for terminals: redraws in place with '\r' when the stream is a
// TTY, prints nothing otherwise (so logs and pipes stay clean). Not thread-safe.
#include <iosfwd>
#include <string>

namespace aaren::cli {

class ProgressBar {
 public:
  // `enabled` is usually isatty(fileno(stderr)).
  ProgressBar(std::ostream& os, bool enabled);
  ~ProgressBar();
  void update(double fraction, const std::string& text);
  void finish();  // clears the line

 private:
  std::ostream& os_;
  bool enabled_;
  bool drawn_ = false;
};

bool stderrIsTerminal();
std::string formatSeconds(double seconds);  // "1h02m", "3m07s", "12s"

}  // namespace aaren::cli
