#include "core/stream/FileFollowSource.h"

#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace aaren::stream {

FileFollowSource::FileFollowSource(std::filesystem::path path, FileFollowOptions options)
    : LineSource(options.buffer, options.policy, options.parser), path_(std::move(path)), options_(std::move(options)) {}

FileFollowSource::~FileFollowSource() { shutdown(); }

std::string FileFollowSource::describe() const { return "file " + path_.string() + (options_.from_start ? "" : " (new lines only)"); }

namespace {

struct Fd {
  int fd = -1;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

// Where following from the end starts: after the last newline within the last
// `max_back` bytes, read backwards in 64 KiB blocks. When there is none that close (one
// long line being written), at the end, inside that line. std::nullopt when stopped.
struct LastLine {
  off_t offset = 0;
  bool inside_long_line = false;
};

std::optional<LastLine> startOfLastLine(int fd, off_t size, std::stop_token stop, std::size_t max_back) {
  constexpr std::size_t kBlock = 1 << 16;
  std::vector<char> block(kBlock);
  off_t end = size;
  const off_t floor = size - static_cast<off_t>(std::min<std::uint64_t>(max_back, static_cast<std::uint64_t>(size)));
  while (end > floor) {
    if (stop.stop_requested()) return std::nullopt;
    const off_t begin = std::max<off_t>(floor, end - static_cast<off_t>(kBlock));
    const auto want = static_cast<std::size_t>(end - begin);
    const ssize_t n = ::pread(fd, block.data(), want, begin);
    if (n <= 0) return LastLine{size, false};  // cannot look back: the end it is
    for (auto i = static_cast<std::size_t>(n); i > 0; --i)
      if (block[i - 1] == '\n') return LastLine{begin + static_cast<off_t>(i), false};
    end = begin;
  }
  return LastLine{size, size > 0};
}

}  // namespace

void FileFollowSource::run(std::stop_token stop) {
  Fd file;
  off_t offset = 0;
  ino_t inode = 0;
  dev_t device = 0;
  bool first_open = true;
  std::vector<char> chunk(1 << 20);
  while (!stop.stop_requested()) {
    if (file.fd < 0) {
      file.fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);  // a FIFO must not block the open
      if (file.fd < 0) {
        setState(SourceState::Waiting, path_.string() + ": " + std::strerror(errno) + " (waiting for it)");
        if (!sleepFor(stop, options_.poll_ms)) break;
        continue;
      }
      struct stat st {};
      ::fstat(file.fd, &st);
      if (!S_ISREG(st.st_mode)) {  // a FIFO, a device, a directory: nothing a file follower can read
        setState(SourceState::Failed, path_.string() + ": not a regular file");
        buffer().close();
        return;
      }
      inode = st.st_ino;
      device = st.st_dev;
      offset = 0;
      if (first_open && !options_.from_start) {
        // Only what is appended from now on: start at the end, after the last complete line.
        restart(true);
        const auto start = startOfLastLine(file.fd, st.st_size, stop, options_.parser.max_line_bytes);
        if (!start) break;  // stopped while looking
        offset = start->offset;
        if (start->inside_long_line) skipToNextLine();
      } else {
        if (!first_open) countReconnect();
        restart(true);
      }
      first_open = false;
      setState(SourceState::Running, "following " + path_.string());
    }
    const ssize_t n = ::pread(file.fd, chunk.data(), chunk.size(), offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      setState(SourceState::Waiting, path_.string() + ": " + std::strerror(errno));
      file.reset();
      if (!sleepFor(stop, options_.poll_ms)) break;
      continue;
    }
    if (n > 0) {
      offset += n;
      if (ingest(std::string_view(chunk.data(), static_cast<std::size_t>(n))) > 0) notifyDataReady();
      continue;  // read on while there is data
    }
    // At the end of the file: has it been truncated or replaced?
    struct stat now {};
    if (::stat(path_.c_str(), &now) != 0) {
      // Removed: keep the open file (more may still come to it) but look for a new one.
      if (!sleepFor(stop, options_.poll_ms)) break;
      continue;
    }
    if (now.st_ino != inode || now.st_dev != device) {
      file.reset();  // replaced (log rotation): read the new file from its start
      continue;
    }
    struct stat cur {};
    ::fstat(file.fd, &cur);
    if (cur.st_size < offset) {
      offset = 0;  // truncated: read it again from the start
      restart(true);
      countReconnect();
      continue;
    }
    if (!sleepFor(stop, options_.poll_ms)) break;
  }
}

}  // namespace aaren::stream
