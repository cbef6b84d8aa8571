#pragma once
// Opening a file that a user, a peer or a shared model names: only a regular file of bounded
// size is accepted, checked on the opened descriptor before a single byte is read, so a
// character device (the endless zero device), a FIFO, a socket or a directory is refused at
// once instead of hanging or growing without limit.
//
// Threading: free functions with no shared state; safe from any thread.
#include <cstdint>
#include <filesystem>
#include <string>

namespace aaren::data {

// The largest file the data readers (CSV, long-format CSV, .ts) open: 16 GiB. Larger files
// are refused before a byte is read ("is 20 GiB; at most 16 GiB is read as a data file").
constexpr std::uint64_t kMaxDataFileBytes = std::uint64_t{16} << 30;
inline constexpr const char* kDataFileWhat = "a data file";

// An open read-only descriptor, closed on destruction.
class InputFd {
 public:
  InputFd() = default;
  explicit InputFd(int fd) noexcept : fd_(fd) {}
  InputFd(InputFd&& other) noexcept : fd_(other.release()) {}
  InputFd& operator=(InputFd&& other) noexcept;
  InputFd(const InputFd&) = delete;
  InputFd& operator=(const InputFd&) = delete;
  ~InputFd();

  int get() const noexcept { return fd_; }
  int release() noexcept {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

struct OpenedInput {
  InputFd fd;              // positioned at the start, blocking reads
  std::uint64_t size = 0;  // bytes, from fstat of the opened descriptor
};

// Why `path` cannot be read as an input file, or "" when it can: opens it without blocking
// (a FIFO with no writer does not hang), then checks the descriptor: not a regular file
// ("is a character device, not a regular file", "is a FIFO…", "is a directory…") or larger
// than max_bytes ("is 1.2 GB; at most 256 MiB is read as <what>"). On success `out` holds the
// descriptor. `what` names the kind of input in the message ("a model file", "a CSV file").
std::string openInputFile(const std::filesystem::path& path, std::uint64_t max_bytes,
                          const std::string& what, OpenedInput& out);

// The same check without keeping the descriptor: "" when `path` is a regular file of at most
// max_bytes, else the reason as above.
std::string inputFileProblem(const std::filesystem::path& path, std::uint64_t max_bytes,
                             const std::string& what);

// The whole of `path` (checked as by openInputFile), or "" with the reason in `problem`. A file
// that grows past max_bytes while it is read is refused the same way.
std::string readInputFile(const std::filesystem::path& path, std::uint64_t max_bytes,
                          const std::string& what, std::string& problem);

// "grew past 16 GiB while being read; at most 16 GiB is read as a data file".
std::string grewPastLimit(std::uint64_t max_bytes, const std::string& what);

// "1.2 GB", "256 MiB"-style sizes for messages: bytes below 1024, else KiB/MiB/GiB with one
// decimal where the value is not whole.
std::string describeBytes(std::uint64_t bytes);

}  // namespace aaren::data
