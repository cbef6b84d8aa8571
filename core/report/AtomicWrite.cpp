#include "core/report/AtomicWrite.h"

#include "core/data/TempFile.h"

#include <cstdint>
#include <cstdio>
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

// Writes all of `bytes` to a new temporary file beside `file` (its name in `tmp`), fsync'ed.
// Returns "" or the error; `created` says whether `tmp` exists now (and must be removed on
// error).
std::string writeSynced(const fs::path& file, fs::path& tmp, std::string_view bytes, bool& created) {
  created = false;
  const int fd = data::createUniqueTempFile(file, tmp);
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
