#include "core/report/AtomicWrite.h"

#include <cstdint>
#include <cstdio>
#include <random>
#include <cerrno>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace aaren::report {

namespace fs = std::filesystem;

ReportWriteError::ReportWriteError(const fs::path& file, const std::string& reason)
    : std::runtime_error(file.string() + ": cannot write: " + reason), file_(file) {}

namespace {

std::string errnoText() { return std::strerror(errno); }

// Creates a new file beside `file` named "<file>.tmp-<16 random hex digits>" with O_EXCL |
// O_NOFOLLOW: whatever already has such a name (a file, a planted symlink) is neither
// followed nor clobbered; another name is drawn instead. -1 with errno set on failure.
int createUniqueTemp(const fs::path& file, fs::path& tmp) {
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

// Writes all of `bytes` to a new temporary file beside `file` (its name in `tmp`), fsync'ed.
// Returns "" or the error; `created` says whether `tmp` exists now (and must be removed on
// error).
std::string writeSynced(const fs::path& file, fs::path& tmp, std::string_view bytes, bool& created) {
  created = false;
  const int fd = createUniqueTemp(file, tmp);
  if (fd < 0) {
    const std::string reason = errnoText();
    return "cannot create temporary file " + tmp.string() + ": " + reason;
  }
  created = true;
  std::string error;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = "cannot write " + tmp.string() + ": " + errnoText();
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (error.empty() && ::fsync(fd) != 0) error = "cannot sync " + tmp.string() + ": " + errnoText();
  if (::close(fd) != 0 && error.empty()) error = "cannot close " + tmp.string() + ": " + errnoText();
  return error;
}

}  // namespace

void checkWritable(const fs::path& file) {
  if (file.empty()) throw ReportWriteError(file, "no file name given");
  std::error_code ec;
  if (fs::is_directory(file, ec)) throw ReportWriteError(file, "it is a directory");
  fs::path dir = file.parent_path();
  if (dir.empty()) dir = ".";
  const auto status = fs::status(dir, ec);
  if (!fs::exists(status)) {
    // A component on the way may be a regular file: name it, it is the real problem.
    fs::path walk;
    for (const auto& part : dir) {
      walk /= part;
      const auto s = fs::status(walk, ec);
      if (fs::exists(s) && !fs::is_directory(s)) throw ReportWriteError(file, walk.string() + " is not a directory");
      if (!fs::exists(s)) break;
    }
    throw ReportWriteError(file, "directory " + dir.string() + " does not exist");
  }
  if (!fs::is_directory(status)) throw ReportWriteError(file, dir.string() + " is not a directory");
}

void writeFileAtomically(const fs::path& file, std::string_view bytes) {
  checkWritable(file);
  fs::path tmp;
  bool created = false;
  std::string error = writeSynced(file, tmp, bytes, created);
  if (error.empty() && ::rename(tmp.c_str(), file.c_str()) != 0)
    error = "cannot rename " + tmp.string() + " to " + file.string() + ": " + errnoText();
  if (!error.empty()) {
    if (created) ::unlink(tmp.c_str());
    throw ReportWriteError(file, error);
  }
}

}  // namespace aaren::report
