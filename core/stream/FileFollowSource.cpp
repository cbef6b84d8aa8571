#include "core/stream/FileFollowSource.h"

#include <cerrno>
#include <cstring>
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
      file.fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
      if (file.fd < 0) {
        setState(SourceState::Waiting, path_.string() + ": " + std::strerror(errno) + " (waiting for it)");
        if (!sleepFor(stop, options_.poll_ms)) break;
        continue;
      }
      struct stat st {};
      ::fstat(file.fd, &st);
      inode = st.st_ino;
      device = st.st_dev;
      offset = 0;
      if (first_open && !options_.from_start) {
        // Only what is appended from now on: start at the end, after the last complete line.
        offset = st.st_size;
        if (offset > 0) {
          char c = 0;
          if (::pread(file.fd, &c, 1, offset - 1) == 1 && c != '\n') {
            // Inside a line being written: skip to its end before reading lines.
            while (offset > 0 && ::pread(file.fd, &c, 1, offset - 1) == 1 && c != '\n') --offset;
          }
        }
      } else if (!first_open) {
        countReconnect();
      }
      first_open = false;
      restart(true);
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
