#pragma once
// Atomic file writes for every report output (PDF, HTML, CSV, JSON, PNG, SVG): the bytes go
// to a new file "<file>.tmp-<16 random hex digits>" in the same directory (O_EXCL |
// O_NOFOLLOW: an existing file or symlink of that name is neither followed nor clobbered),
// are fsync'ed and renamed over `file`, so a reader (or a crash) sees the old file or the new
// one, never a part; on any error the temporary file is removed and an existing `file` is
// left as it was.
//
// Threading: safe from any thread; concurrent writes of the same file use distinct
// temporary names and the last rename wins.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace aaren::report {

// what() is "<file>: cannot write: <reason>", e.g.
//   "out/r.pdf: cannot write: directory out does not exist"
//   "x.txt/r.pdf: cannot write: x.txt is not a directory"
//   "out: cannot write: it is a directory"
//   "ro/r.pdf: cannot write: cannot create temporary file ro/r.pdf.tmp-0123456789abcdef: Permission denied"
class ReportWriteError : public std::runtime_error {
 public:
  ReportWriteError(const std::filesystem::path& file, const std::string& reason);
  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
};

void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes);

// Throws ReportWriteError when `file` cannot be written (missing or non-directory parent,
// `file` a directory), without writing anything: lets a command fail before long work.
void checkWritable(const std::filesystem::path& file);

}  // namespace aaren::report
