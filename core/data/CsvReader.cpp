#include "core/data/CsvReader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <istream>

#include "core/data/CsvParser.h"

namespace aaren::data {

namespace {

using csv::ByteSource;
using csv::CsvParser;

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view text) : text_(text) {}
  std::size_t read(char* dst, std::size_t n) override {
    n = std::min(n, text_.size() - pos_);
    std::memcpy(dst, text_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

class StreamSource final : public ByteSource {
 public:
  explicit StreamSource(std::istream& in) : in_(in) {}
  std::size_t read(char* dst, std::size_t n) override {
    in_.read(dst, static_cast<std::streamsize>(n));
    return static_cast<std::size_t>(in_.gcount());
  }

 private:
  std::istream& in_;
};

class FdSource final : public ByteSource {
 public:
  FdSource(int fd, std::string source) : fd_(fd), source_(std::move(source)) {}
  std::size_t read(char* dst, std::size_t n) override {
    std::size_t got = 0;
    while (got < n) {
      const ssize_t r = ::read(fd_, dst + got, n - got);
      if (r == 0) break;
      if (r < 0) {
        if (errno == EINTR) continue;
        throw DataError(source_, 0, 0, std::string("cannot read the file: ") + std::strerror(errno));
      }
      got += static_cast<std::size_t>(r);
    }
    return got;
  }

 private:
  int fd_;
  std::string source_;
};

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};
std::string nameOr(const CsvOptions& opt, std::string fallback) {
  return opt.sourceName.empty() ? std::move(fallback) : opt.sourceName;
}


}  // namespace


CsvResult readCsv(std::string_view text, const CsvOptions& options, const ProgressFn& progress) {
  MemorySource src(text);
  const std::uint64_t lines = countNewlines(text.data(), text.size()) + 1;
  return CsvParser(src, text.size(), lines, options, progress, nameOr(options, "input")).run();
}

CsvResult readCsv(std::istream& in, const CsvOptions& options, const ProgressFn& progress) {
  StreamSource src(in);
  return CsvParser(src, 0, 0, options, progress, nameOr(options, "input")).run();
}

CsvResult readCsvFile(const std::filesystem::path& path, const CsvOptions& options,
                      const ProgressFn& progress) {
  const std::string name = nameOr(options, path.string());
  Fd f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f.fd < 0) throw DataError(name, 0, 0, std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(f.fd, &st) != 0 || S_ISDIR(st.st_mode))
    throw DataError(name, 0, 0, "cannot open: not a regular file");
  ::posix_fadvise(f.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  // First pass: count the lines, so the values are allocated once at their final size.
  std::uint64_t lines = 1;
  {
    FdSource counter(f.fd, name);
    std::vector<char> block(std::size_t{1} << 20);
    while (const std::size_t n = counter.read(block.data(), block.size()))
      lines += countNewlines(block.data(), n);
    if (::lseek(f.fd, 0, SEEK_SET) != 0)
      throw DataError(name, 0, 0, std::string("cannot read the file: ") + std::strerror(errno));
  }
  FdSource src(f.fd, name);
  return CsvParser(src, static_cast<std::uint64_t>(st.st_size), lines, options, progress, name).run();
}

}  // namespace aaren::data
