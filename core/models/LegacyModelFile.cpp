#include "core/models/LegacyModelFile.h"

#include "core/models/ModelFile.h"

#include <torch/csrc/jit/serialization/pickle.h>

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

#include <cerrno>
#include <cstring>

namespace aaren {
namespace {

namespace fs = std::filesystem;
using K = ModelFileError::Kind;
using Clock = std::chrono::steady_clock;

constexpr char kSent = 'S', kFailed = 'E';
constexpr std::size_t kMaxReply = 2 * kMaxModelFileBytes;

bool writeAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string unpickleToSafeTensors(std::string_view pickle) {
  const auto value = torch::jit::pickle_load(std::vector<char>(pickle.begin(), pickle.end()));
  if (!value.isGenericDict()) throw std::runtime_error("not a dictionary of tensors");
  std::vector<std::pair<std::string, torch::Tensor>> named;
  for (const auto& entry : value.toGenericDict()) {
    if (!entry.key().isString() || !entry.value().isTensor()) throw std::runtime_error("not a dictionary of tensors");
    named.emplace_back(entry.key().toStringRef(), entry.value().toTensor());
  }
  return weightsToSafeTensors(named);
}

// The child: unpickles, sends 'S' + safetensors bytes or 'E' + the error, and leaves
// without running the parent's exit handlers. A crash here ends only the child.
[[noreturn]] void runChild(std::string_view pickle, int fd) {
  const struct rlimit no_core {0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);  // a crafted pickle's crash leaves no core file
  std::string reply;
  try {
    reply = kSent + unpickleToSafeTensors(pickle);
  } catch (const std::exception& e) {
    reply = std::string(1, kFailed) + e.what();
  } catch (...) {
    reply = std::string(1, kFailed) + "unknown error";
  }
  const bool ok = writeAll(fd, reply);
  ::_exit(ok ? 0 : 3);
}

// Reads the child's reply until end of file, the deadline or the size bound.
std::string readReply(int fd, Clock::time_point deadline, bool& timed_out) {
  std::string reply;
  timed_out = false;
  char buffer[1 << 16];
  while (reply.size() <= kMaxReply) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    reply.append(buffer, static_cast<std::size_t>(n));
  }
  return reply;
}

[[noreturn]] void fail(const fs::path& file, const std::string& why) {
  throw ModelFileError(K::Corrupt, file, "cannot convert: " + why);
}

// Runs the pickle loader in a child; returns the safetensors bytes it sent.
std::string unpickleInChild(const fs::path& file, std::string_view pickle, std::chrono::seconds timeout) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) fail(file, std::string("cannot create a pipe: ") + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    fail(file, std::string("cannot start the legacy loader: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::close(fds[0]);
    runChild(pickle, fds[1]);
  }
  ::close(fds[1]);
  bool timed_out = false;
  std::string reply = readReply(fds[0], Clock::now() + timeout, timed_out);
  ::close(fds[0]);
  const bool too_long = reply.size() > kMaxReply;
  if (timed_out || too_long) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) fail(file, "the legacy loader did not finish within " + std::to_string(timeout.count()) + " s");
  if (too_long) fail(file, "the legacy loader sent more than " + std::to_string(kMaxReply) + " bytes");
  if (WIFSIGNALED(status)) fail(file, "the legacy loader crashed (signal " + std::to_string(WTERMSIG(status)) + ")");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || reply.empty())
    fail(file, "the legacy loader failed (exit status " + std::to_string(WEXITSTATUS(status)) + ")");
  if (reply[0] == kFailed) fail(file, "the old weights cannot be read: " + reply.substr(1, 400));
  if (reply[0] != kSent) fail(file, "the legacy loader sent an unreadable reply");
  reply.erase(0, 1);
  return reply;
}

}  // namespace

void convertLegacyModelFile(const fs::path& old_file, const fs::path& new_file, std::chrono::seconds timeout) {
  const std::string bytes = modelfile_detail::readAll(old_file, /*allow_legacy=*/true);
  auto decoded = modelfile_detail::decode(old_file, bytes, /*allow_legacy=*/true);
  if (decoded.info.format_version > static_cast<int>(kLastPickleFormatVersion))
    throw ModelFileError(K::Corrupt, old_file,
                         "cannot convert: it is already format version " + std::to_string(decoded.info.format_version) +
                             "; nothing to convert");
  const std::string weights = unpickleInChild(old_file, decoded.weights, timeout);
  safetensors::Parsed parsed;
  try {
    parsed = safetensors::parse(weights);
  } catch (const safetensors::Error& e) {
    fail(old_file, std::string("the legacy loader sent unreadable weights: ") + e.what());
  }
  checkWeightsCanHold(decoded.info, parsed.data.size(), old_file);
  auto loaded = modelFromWeights(old_file, decoded.info, parsed);
  saveModelFile(new_file, *loaded.model, loaded.info);
}

}  // namespace aaren
