#include "core/data/CsvReader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <istream>

#include "core/data/CsvParser.h"
#include "core/data/InputFile.h"

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

// Reads an opened data file; a file that grows past kMaxDataFileBytes while it is read (another
// program appending) is an error rather than an endless read.
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
    total_ += got;
    if (total_ > kMaxDataFileBytes)
      throw DataError(source_, 0, 0, grewPastLimit(kMaxDataFileBytes, kDataFileWhat));
    return got;
  }

 private:
  int fd_;
  std::string source_;
  std::uint64_t total_ = 0;
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
  OpenedInput file;
  if (const std::string problem = openInputFile(path, kMaxDataFileBytes, kDataFileWhat, file); !problem.empty())
    throw DataError(name, 0, 0, problem);
  const int fd = file.fd.get();
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  // First pass: count the lines, so the values are allocated once at their final size.
  std::uint64_t lines = 1;
  {
    FdSource counter(fd, name);
    std::vector<char> block(std::size_t{1} << 20);
    while (const std::size_t n = counter.read(block.data(), block.size()))
      lines += countNewlines(block.data(), n);
    if (::lseek(fd, 0, SEEK_SET) != 0)
      throw DataError(name, 0, 0, std::string("cannot read the file: ") + std::strerror(errno));
  }
  FdSource src(fd, name);
  return CsvParser(src, file.size, lines, options, progress, name).run();
}

}  // namespace aaren::data
