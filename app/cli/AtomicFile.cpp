#include "app/cli/AtomicFile.h"

#include "core/data/TempFile.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace aaren::cli {

void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes) {
  std::filesystem::path tmp;
  const int fd = data::createUniqueTempFile(file, tmp);
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
