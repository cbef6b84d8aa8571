#include "app/cli/AtomicFile.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace aaren::cli {

namespace {

// A new file beside `file` named "<file>.tmp-<16 random hex digits>", created with O_EXCL |
// O_NOFOLLOW so that nothing already there (a file, a planted symlink) is followed or
// clobbered; another name is drawn instead. -1 with errno set on failure.
int createUniqueTemp(const std::filesystem::path& file, std::filesystem::path& tmp) {
  std::random_device random;
  for (int attempt = 0; attempt < 64; ++attempt) {
    const std::uint64_t r = (static_cast<std::uint64_t>(random()) << 32) ^ random();
    char suffix[17];
    std::snprintf(suffix, sizeof suffix, "%016llx", static_cast<unsigned long long>(r));
    tmp = file.string() + ".tmp-" + suffix;
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  return -1;
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes) {
  std::filesystem::path tmp;
  const int fd = createUniqueTemp(file, tmp);
  if (fd < 0) {
    const std::string reason = std::strerror(errno);
    throw std::runtime_error(file.string() + ": cannot write: cannot create " + tmp.string() + ": " + reason);
  }
  auto fail = [&](const std::string& what) {
    const std::string reason = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw std::runtime_error(file.string() + ": cannot write: " + what + ": " + reason);
  };
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      fail("write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    fail("fsync");
  }
  if (::close(fd) != 0) fail("close");
  if (::rename(tmp.c_str(), file.c_str()) != 0) fail("rename");
}

}  // namespace aaren::cli
