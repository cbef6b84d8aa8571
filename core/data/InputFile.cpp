#include "core/data/InputFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace aaren::data {

InputFd& InputFd::operator=(InputFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

InputFd::~InputFd() {
  if (fd_ >= 0) ::close(fd_);
}

namespace {

const char* kindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a plain file";
}

}  // namespace

std::string describeBytes(std::uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  static const char* const units[] = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes) / 1024.0;
  int unit = 0;
  while (value >= 1024.0 && unit < 3) {
    value /= 1024.0;
    ++unit;
  }
  char text[64];
  if (value == static_cast<double>(static_cast<std::uint64_t>(value)))
    std::snprintf(text, sizeof text, "%.0f %s", value, units[unit]);
  else
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  return text;
}

std::string openInputFile(const std::filesystem::path& path, std::uint64_t max_bytes,
                          const std::string& what, OpenedInput& out) {
  // O_NONBLOCK: opening a FIFO with no writer would otherwise block forever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return std::string("cannot open: ") + std::strerror(errno);
  InputFd owned(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::string("cannot read the file's type: ") + std::strerror(errno);
  if (!S_ISREG(st.st_mode))
    return std::string("is ") + kindOf(st.st_mode) + ", not a regular file; " + what +
           " must be a regular file";
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes)
    return "is " + describeBytes(size) + "; at most " + describeBytes(max_bytes) + " is read as " + what;
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0)
    return std::string("cannot open: ") + std::strerror(errno);
  out.fd = std::move(owned);
  out.size = size;
  return {};
}

std::string grewPastLimit(std::uint64_t max_bytes, const std::string& what) {
  return "grew past " + describeBytes(max_bytes) + " while being read; at most " + describeBytes(max_bytes) +
         " is read as " + what;
}

std::string readInputFile(const std::filesystem::path& path, std::uint64_t max_bytes,
                          const std::string& what, std::string& problem) {
  OpenedInput in;
  problem = openInputFile(path, max_bytes, what, in);
  if (!problem.empty()) return {};
  std::string text;
  text.reserve(static_cast<std::size_t>(in.size));
  char block[1 << 16];
  for (;;) {
    const ssize_t r = ::read(in.fd.get(), block, sizeof block);
    if (r == 0) break;
    if (r < 0) {
      if (errno == EINTR) continue;
      problem = std::string("cannot read the file: ") + std::strerror(errno);
      return {};
    }
    if (text.size() + static_cast<std::size_t>(r) > max_bytes) {
      problem = grewPastLimit(max_bytes, what);
      return {};
    }
    text.append(block, static_cast<std::size_t>(r));
  }
  return text;
}

std::string inputFileProblem(const std::filesystem::path& path, std::uint64_t max_bytes,
                             const std::string& what) {
  OpenedInput ignored;
  return openInputFile(path, max_bytes, what, ignored);
}

}  // namespace aaren::data
