// The byte layout of a .aaren file (ModelFileInfo.h): writing, staged reading and decoding.
#include "core/models/ModelFileInfo.h"

#include "core/data/InputFile.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

namespace aaren {

using nlohmann::json;

namespace modelfile_detail {
namespace {

constexpr std::size_t kMagicSize = 8;
constexpr std::size_t kPrefixSize = kMagicSize + 4 + 8;  // magic, version, H
constexpr std::size_t kDigestSize = 32;
constexpr std::uint64_t kFixed = kPrefixSize + 8 + kDigestSize;  // with H = W = 0

using K = ModelFileError::Kind;
namespace fs = std::filesystem;

void putU32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void putU64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
std::uint64_t getLE(std::string_view bytes, std::size_t at, int width) {
  std::uint64_t v = 0;
  for (int i = 0; i < width; ++i)
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  return v;
}

[[noreturn]] void truncated(const fs::path& file, std::uint64_t have, std::uint64_t need, bool at_least) {
  throw ModelFileError(K::Truncated, file,
                       "truncated model file: " + std::to_string(have) + " bytes, the layout needs " +
                           (at_least ? "at least " : "") + std::to_string(need));
}

// a + b without wrapping (a length field may hold anything).
std::uint64_t add(std::uint64_t a, std::uint64_t b) {
  return b > std::numeric_limits<std::uint64_t>::max() - a ? std::numeric_limits<std::uint64_t>::max() : a + b;
}

void checkVersion(const fs::path& file, std::uint32_t version, bool allow_legacy) {
  if (version > kModelFileFormatVersion)
    throw ModelFileError(K::NewerVersion, file,
                         "format version " + std::to_string(version) + " is newer than this Aaren Studio reads (" +
                             std::to_string(kModelFileFormatVersion) + "); upgrade the app");
  if (version == 0) throw ModelFileError(K::Corrupt, file, "corrupt model file: format version 0 does not exist");
  if (version <= kLastPickleFormatVersion && !allow_legacy)
    throw ModelFileError(K::OldFormat, file,
                         "format version " + std::to_string(version) +
                             " keeps its weights in a pickle, which this Aaren Studio no longer loads (a crafted "
                             "pickle can crash it); convert the file once with: aaren convert-model " +
                             file.string() + " NEW.aaren");
}

}  // namespace

// The checks that need only the first bytes of a file of `n` bytes: `prefix` holds its
// first min(n, what is known so far) bytes. Returns the total size the layout declares, or
// 0 when `prefix` is too short to know it yet.
std::uint64_t checkPrefix(const fs::path& file, std::string_view prefix, std::uint64_t n, bool allow_legacy) {
  if (n == 0) throw ModelFileError(K::NotModelFile, file, "not an Aaren model file (the file is empty)");
  const std::string_view magic(kModelFileMagic, kMagicSize);
  const std::size_t m = static_cast<std::size_t>(std::min<std::uint64_t>(n, kMagicSize));
  if (prefix.size() < m) return 0;
  if (prefix.substr(0, m) != magic.substr(0, m))
    throw ModelFileError(K::NotModelFile, file, "not an Aaren model file (it does not start with AARENMDL)");
  if (n < kMagicSize + 4) truncated(file, n, kFixed, true);
  if (prefix.size() < kMagicSize + 4) return 0;
  checkVersion(file, static_cast<std::uint32_t>(getLE(prefix, kMagicSize, 4)), allow_legacy);
  if (n < kPrefixSize) truncated(file, n, kFixed, true);
  if (prefix.size() < kPrefixSize) return 0;
  const std::uint64_t h = getLE(prefix, kMagicSize + 4, 8);
  if (h > kMaxModelHeaderBytes)
    throw ModelFileError(K::Corrupt, file,
                         "corrupt model file: header length " + std::to_string(h) + " is more than the " +
                             data::describeBytes(kMaxModelHeaderBytes) + " allowed");
  if (n < add(kPrefixSize, add(h, 8))) truncated(file, n, add(kFixed, h), true);
  if (prefix.size() < kPrefixSize + h + 8) return 0;
  const std::uint64_t w = getLE(prefix, kPrefixSize + h, 8);
  const std::uint64_t total = add(add(kFixed, h), w);
  if (n < total) truncated(file, n, total, false);
  if (n > total)
    throw ModelFileError(K::Corrupt, file,
                         "corrupt model file: " + std::to_string(n - total) + " unexpected bytes after the checksum");
  return total;
}

std::string encode(const ModelFileInfo& info, std::string_view weights) {
  // Paths and command lines need not be UTF-8 (column names are, the readers check):
  // invalid bytes become U+FFFD rather than failing the save.
  const std::string header = toJson(info).dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(kFixed + header.size() + weights.size());
  out.append(kModelFileMagic, kMagicSize);
  putU32(out, kModelFileFormatVersion);
  putU64(out, header.size());
  out.append(header);
  putU64(out, weights.size());
  out.append(weights);
  out.append(sha256Raw(out));
  return out;
}

Decoded decode(const fs::path& file, std::string_view bytes, bool allow_legacy) {
  const std::uint64_t total = checkPrefix(file, bytes, bytes.size(), allow_legacy);
  const auto version = static_cast<std::uint32_t>(getLE(bytes, kMagicSize, 4));
  const std::uint64_t h = getLE(bytes, kMagicSize + 4, 8);
  const std::size_t weights_at = kPrefixSize + h + 8;
  const std::size_t digest_at = total - kDigestSize;
  if (sha256Raw(bytes.substr(0, digest_at)) != bytes.substr(digest_at, kDigestSize))
    throw ModelFileError(K::Corrupt, file, "corrupt model file: SHA-256 checksum mismatch");

  Decoded d;
  try {
    d.info = json::parse(bytes.substr(kPrefixSize, h)).get<ModelFileInfo>();
  } catch (const std::exception& e) {
    throw ModelFileError(K::Corrupt, file, std::string("corrupt model file header: ") + e.what());
  }
  d.info.format_version = static_cast<int>(version);
  validateHeader(d.info, file);
  d.weights = bytes.substr(weights_at, digest_at - weights_at);
  if (version <= kLastPickleFormatVersion) return d;  // allow_legacy: the caller unpickles elsewhere
  try {
    d.tensors = safetensors::parse(d.weights);
  } catch (const safetensors::Error& e) {
    throw ModelFileError(K::Corrupt, file, std::string("corrupt model file weights: ") + e.what());
  }
  checkWeightsCanHold(d.info, d.tensors.data.size(), file);
  return d;
}

namespace {

// Appends bytes from `fd` until `bytes` holds `want` bytes; false at end of file.
bool readTo(int fd, std::string& bytes, std::uint64_t want, const fs::path& file) {
  while (bytes.size() < want) {
    char buffer[1 << 16];
    const std::size_t chunk = static_cast<std::size_t>(std::min<std::uint64_t>(sizeof buffer, want - bytes.size()));
    const ssize_t got = ::read(fd, buffer, chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw ModelFileError(K::Io, file, std::string("read error: ") + std::strerror(errno));
    if (got == 0) return false;
    bytes.append(buffer, static_cast<std::size_t>(got));
  }
  return true;
}

}  // namespace

std::string readAll(const fs::path& file, bool allow_legacy) {
  data::OpenedInput in;
  if (auto problem = data::openInputFile(file, kMaxModelFileBytes, "a model file", in); !problem.empty())
    throw ModelFileError(K::Io, file, problem);
  const std::uint64_t n = in.size;
  std::string bytes;
  // The prefix, then the header and W, then (the sizes checked) the rest.
  std::uint64_t want = std::min<std::uint64_t>(n, kPrefixSize);
  std::uint64_t total = 0;
  while (true) {
    if (!readTo(in.fd.get(), bytes, want, file))
      throw ModelFileError(K::Io, file, "the file shrank while it was read (" + std::to_string(bytes.size()) +
                                            " of " + std::to_string(n) + " bytes)");
    total = checkPrefix(file, bytes, n, allow_legacy);
    if (total != 0 || want == n) break;
    const std::uint64_t h = getLE(bytes, kMagicSize + 4, 8);
    want = std::min<std::uint64_t>(n, kPrefixSize + h + 8);
  }
  if (!readTo(in.fd.get(), bytes, total, file))
    throw ModelFileError(K::Io, file, "the file shrank while it was read (" + std::to_string(bytes.size()) +
                                          " of " + std::to_string(n) + " bytes)");
  return bytes;
}

}  // namespace modelfile_detail

ModelFileInfo readModelFileInfo(const std::filesystem::path& file) {
  const std::string bytes = modelfile_detail::readAll(file);
  return modelfile_detail::decode(file, bytes).info;
}

}  // namespace aaren
