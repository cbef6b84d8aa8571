#pragma once
// Follows a CSV (or JSON-lines) file that another program appends to, like `tail -F`:
// reads the lines already there (or starts at the end), then polls for new bytes. A partial
// last line waits for its newline. Starting at the end looks back (in 64 KiB blocks, at
// most the parser's line limit, stoppable) for the last newline; with none that close, it
// starts at the end and skips the long line being written to its newline. A file that shrinks (truncated or replaced by a new one)
// is read again from its start; a file that does not exist yet is waited for. A path that
// is not a regular file (a FIFO, a device, a directory) fails the source at once.
// Threading: see StreamSource.h.
#include "core/stream/LineSource.h"

#include <filesystem>

namespace aaren::stream {

struct FileFollowOptions {
  bool from_start = true;            // false: only lines appended after start()
  std::int64_t poll_ms = 100;
  LineParserOptions parser;
  std::size_t buffer = 1 << 16;
  OverflowPolicy policy = OverflowPolicy::Block;  // a file can be re-read: lose nothing
};

class FileFollowSource : public LineSource {
 public:
  explicit FileFollowSource(std::filesystem::path path, FileFollowOptions options = {});
  ~FileFollowSource() override;
  std::string describe() const override;

 private:
  void run(std::stop_token stop) override;

  std::filesystem::path path_;
  FileFollowOptions options_;
};

}  // namespace aaren::stream
