#include "core/data/TempFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <random>

namespace aaren::data {

int createUniqueTempFile(const std::filesystem::path& file, std::filesystem::path& tmp) {
  std::random_device random;
  for (int attempt = 0; attempt < 64; ++attempt) {
    const std::uint64_t r = (static_cast<std::uint64_t>(random()) << 32) ^ random();
    char suffix[17];
    std::snprintf(suffix, sizeof suffix, "%016llx", static_cast<unsigned long long>(r));
    tmp = file.string() + ".tmp-" + suffix;
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

}  // namespace aaren::data
