#pragma once
// Helpers shared by the .aaren model file tests: a temporary directory, byte-level reading
// and writing of the file layout (parsed independently of the library, from the table in
// ModelFileInfo.h), exception capture, and small models with a filled-in ModelFileInfo.
#include "core/models/ModelFile.h"

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace aaren::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  std::vector<std::string> entries() const;  // sorted file names

 private:
  std::filesystem::path path_;
};

std::string readBytes(const std::filesystem::path& p);
void writeBytes(const std::filesystem::path& p, std::string_view bytes);
// The message of what f throws, or "(no error)".
std::string errorOf(const std::function<void()>& f);
// The kind of the ModelFileError f throws (a test failure when it throws none).
ModelFileError::Kind kindOf(const std::function<void()>& f);

// Little-endian integers of `width` bytes.
std::uint64_t le(std::string_view b, std::size_t at, int width);
std::string leBytes(std::uint64_t v, int width);

struct Parts {
  std::uint32_t version;
  std::string header, weights;
};
// A file's parts (checking its length and checksum), and a file from parts (checksum
// recomputed).
Parts split(const std::string& bytes);
std::string join(const Parts& p);
// Rewrites a file's header JSON (checksum recomputed, so only the edit is wrong).
void patchHeader(const std::filesystem::path& file, const std::function<void(nlohmann::json&)>& edit);

// What builds before format 3 wrote as weights: torch::pickle_save of a dict
// {name: tensor}; and a whole file of `version` (1 or 2) around such weights.
std::string pickleWeights(const std::vector<std::pair<std::string, torch::Tensor>>& tensors);
std::string legacyFile(std::uint32_t version, const ModelFileInfo& info, const std::string& weights);
std::vector<std::pair<std::string, torch::Tensor>> namedWeights(const ModelImpl& model);
// Old-format weights whose pickle (the zip archive's data.pkl) is `pickle`: the archive of
// an empty dict rebuilt with that entry replaced (stored entries, CRC-32 recomputed).
std::string craftedPickleWeights(const std::string& pickle);

// A small model of each type and task (3 channels, d_model 16, horizon 4, 3 classes), and
// a ModelFileInfo with every field set (doubles at the edges, a seed above INT64_MAX).
ModelOptions small(ModelType type, Task task);
ModelFileInfo sampleInfo(const ModelOptions& o);

}  // namespace aaren::testing
