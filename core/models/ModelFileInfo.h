#pragma once
// What a saved model file (.aaren) says about itself, in plain structs: no Torch here,
// so the UI and the CLI may include this header. ModelFile.h saves and loads the weights.
//
// File layout (format versions 3 and 4), one self-describing file; integers little-endian:
//
//   offset        size  content
//   0             8     magic "AARENMDL"
//   8             4     u32 format version (3)
//   12            8     u64 H = header length in bytes (at most kMaxModelHeaderBytes)
//   20            H     header: UTF-8 JSON of ModelFileInfo (toJson below)
//   20+H          8     u64 W = weights length in bytes
//   28+H          W     weights: a standalone .safetensors file (SafeTensors.h), one F32
//                       tensor per parameter/buffer name, metadata {"format": "pt"};
//                       `dd bs=1 skip=$((28+H)) count=W` gives a file Python's
//                       safetensors.torch.load_file reads
//   28+H+W        32    SHA-256 of every byte before it (offsets 0 .. 28+H+W-1)
//
// The whole file is at most kMaxModelFileBytes (512 MiB). A reader opens it with
// openInputFile (devices, FIFOs, directories and larger files are refused before a byte is
// read), reads the 20-byte prefix, then the header and W, and checks that 28+H+W+32 is the
// file's size before reading the weights. It refuses a file whose version is newer than it
// reads before looking further, since a later version may change everything after it.
//
// Every header field is checked before anything is allocated from it (validateHeader):
// ModelOptions::validate, and channels <= 4096, d_model <= 4096, heads <= 256, layers <= 64,
// d_ff <= 16384, horizon <= 100000, classes <= 100000, scan_chunk <= 65536; schema lookback
// <= 1000000, horizon <= 100000, max_length <= 100000000, frequency_seconds >= 0; the
// scaler has exactly one finite offset and scale per channel ("none": none); the column
// list is empty or one name per channel; a classifier's class list is empty or one label
// per class. The weights must hold at least the bytes the options need (minimumWeightBytes:
// a lower bound from the blocks, the value embedding and the head), so a header cannot make
// the loader allocate much more than the file holds; then every tensor is matched by name,
// dtype and shape against the rebuilt model, with no name missing or extra.
//
// Format versions 1 and 2 stored the weights with torch::pickle_save. LibTorch's pickle
// loader crashes on crafted blobs, so this build never unpickles in its own process: such
// files are refused (ModelFileError::Kind::OldFormat) with the command that converts them,
// `aaren convert-model OLD.aaren NEW.aaren` (LegacyModelFile.h; it unpickles in a child
// process).
//
// Threading: every function here is safe to call from any thread; none keeps state.
#include "core/models/ModelOptions.h"
#include "core/models/SafeTensors.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace aaren {

// 2: forecasters may carry a daily cycle and a linear skip (options daily_cycle,
// step_seconds, linear_skip); a version-1 reader would drop them, so it must refuse the file.
// 3: the weights are safetensors instead of a pickle; versions 1 and 2 need convert-model.
// 4: the linear skip may read the window less its mean (options skip_level); a version-3
// reader would run those weights on the raw window, so it must refuse the file. Same layout.
inline constexpr std::uint32_t kModelFileFormatVersion = 4;
inline constexpr std::uint32_t kLastPickleFormatVersion = 2;
inline constexpr std::uint64_t kMaxModelFileBytes = 512ull << 20;
inline constexpr std::uint64_t kMaxModelHeaderBytes = 16ull << 20;
inline constexpr char kModelFileMagic[9] = "AARENMDL";
inline constexpr const char* kModelFileExtension = ".aaren";

// Per-channel scaling of the model's inputs and outputs:
//   scaled = (x - offset[c]) / scale[c],   x = scaled * scale[c] + offset[c].
// "standard": offset = mean, scale = standard deviation; "minmax": offset = min,
// scale = max - min; "none": offset and scale are empty (identity).
struct ScalerInfo {
  std::string kind = "none";  // "none" | "standard" | "minmax"
  std::vector<double> offset, scale;  // one entry per channel (schema.columns order)
};

// What data the model was trained on and expects.
struct InputSchema {
  std::vector<std::string> columns;   // value columns, in channel order
  std::int64_t frequency_seconds = 0; // sampling interval; 0 = unknown or irregular
  bool has_time = false;              // the data had a timestamp column
  std::int64_t lookback = 0;          // forecasting: input window length
  std::int64_t horizon = 0;           // forecasting: steps predicted
  std::vector<std::string> classes;   // classification: label of logit i
  std::int64_t max_length = 0;        // classification: longest training sequence
};

// How the model was trained.
struct TrainingRecord {
  std::string dataset_path, dataset_sha256;  // SHA-256 of the dataset file, lower-case hex
  std::uint64_t seed = 0;
  std::int64_t epochs = 0;
  std::map<std::string, double> metrics;     // e.g. "test_mse"; NaN is stored as null
  double train_seconds = 0;
  std::string trained_at_utc;                // ISO 8601, e.g. "2026-11-23T20:18:26Z"
  std::string command;                       // command line or GUI action that trained it
  // Forecasting: how the rows were split and gaps filled, so evaluation can redo it.
  std::string split;                         // "ett", "ratios", or "" (unknown)
  double train_ratio = 0, val_ratio = 0;     // split "ratios"
  std::string missing_policy;                // "interpolate", "ffill", "drop", or ""
  // Forecasting: the least-squares part the model was built on ("daily cycle + linear"),
  // and the guard's verdict on the network (NetworkGuard::message); "" when none.
  std::string linear_part;
  std::string network_note;
};

struct ModelFileInfo {
  int format_version = static_cast<int>(kModelFileFormatVersion);
  std::string app_version;    // Aaren Studio version that wrote the file
  ModelOptions options;
  ScalerInfo scaler;
  InputSchema schema;
  TrainingRecord record;
  std::int64_t parameters = 0;  // trainable parameter count
};

// Every problem with a model file. what() starts with the file path: "/path/m.aaren: ...".
class ModelFileError : public std::runtime_error {
 public:
  enum class Kind {
    Io,               // cannot open, read, write or rename
    NotModelFile,     // empty, or no AARENMDL magic
    Truncated,        // shorter than its layout says
    Corrupt,          // checksum mismatch, trailing bytes, unreadable header or weights,
                      // invalid options in the header
    NewerVersion,     // written by a newer format version than this build reads
    OldFormat,        // format 1 or 2 (pickled weights): convert it with convert-model
    WeightsMismatch,  // weights do not fit the model options
    SchemaMismatch,   // checkSchema: the data does not fit the model
  };
  ModelFileError(Kind kind, const std::filesystem::path& file, const std::string& message);
  Kind kind() const { return kind_; }
  const std::filesystem::path& file() const { return file_; }

 private:
  Kind kind_;
  std::filesystem::path file_;
};

// JSON with enums as their toString names; to_json/from_json make `json j = info;` and
// `j.get<ModelFileInfo>()` work. from_json throws std::invalid_argument naming the field.
void to_json(nlohmann::json& j, const ScalerInfo& s);
void from_json(const nlohmann::json& j, ScalerInfo& s);
void to_json(nlohmann::json& j, const InputSchema& s);
void from_json(const nlohmann::json& j, InputSchema& s);
void to_json(nlohmann::json& j, const TrainingRecord& r);
void from_json(const nlohmann::json& j, TrainingRecord& r);
void to_json(nlohmann::json& j, const ModelOptions& o);
void from_json(const nlohmann::json& j, ModelOptions& o);
void to_json(nlohmann::json& j, const ModelFileInfo& info);
void from_json(const nlohmann::json& j, ModelFileInfo& info);
nlohmann::json toJson(const ModelFileInfo& info);
ModelFileInfo modelFileInfoFromJson(const nlohmann::json& j);

// Lower-case hex SHA-256 (OpenSSL libcrypto). sha256File streams the file and throws
// std::runtime_error naming the path when it cannot be read.
std::string sha256(std::string_view bytes);
std::string sha256File(const std::filesystem::path& file);

// The header of a model file, checksum verified, without building the weights (cheap:
// reads and hashes the file, parses only the JSON). Throws ModelFileError.
ModelFileInfo readModelFileInfo(const std::filesystem::path& file);

// Throws ModelFileError(SchemaMismatch) when the data does not fit the model: a column of
// the model is missing ("model expects columns A,B,C but the data has A,C,D (missing B; not
// in the model D)"), or another sampling interval. Extra columns and another order are fine:
// the model reads its columns by name. A frequency of 0 on either side is unknown and not checked;
// an empty column list in the model is not checked. With `file`, the message starts
// with it like every other model-file error.
void checkSchema(const ModelFileInfo& info, const std::vector<std::string>& columns,
                 std::int64_t frequency_seconds, const std::filesystem::path& file = {});

// "1h", "15min", "1d", "90s": the interval a message shows.
std::string formatInterval(std::int64_t seconds);

// Throws ModelFileError(Corrupt) when a header field is out of the limits above
// ("invalid model options in the header: ..." or "corrupt model file header: ...").
void validateHeader(const ModelFileInfo& info, const std::filesystem::path& file = {});

// Throws ModelFileError(WeightsMismatch) when `weight_bytes` is less than the lower bound
// above for info.options: called before the model is built.
std::uint64_t minimumWeightBytes(const ModelOptions& options);  // 4 x the floats it needs at least
void checkWeightsCanHold(const ModelFileInfo& info, std::uint64_t weight_bytes,
                         const std::filesystem::path& file = {});

namespace modelfile_detail {
// The byte layout above, shared with ModelFile.cpp; callers use ModelFile.h instead.
// `weights` is the safetensors bytes (format 3).
std::string encode(const ModelFileInfo& info, std::string_view weights);
struct Decoded {
  ModelFileInfo info;           // validated (validateHeader)
  std::string_view weights;     // points into the bytes given to decode
  safetensors::Parsed tensors;  // format 3: the weights parsed and checked (structure only)
};
// Every check of the container, the header and the safetensors structure. A format 1/2
// file is refused (OldFormat) unless allow_legacy; then `weights` is the pickle, unparsed.
Decoded decode(const std::filesystem::path& file, std::string_view bytes, bool allow_legacy = false);
// Reads a model file in stages (prefix, header, rest) through openInputFile, checking the
// lengths against the file size before reading further; ModelFileError on any problem.
std::string readAll(const std::filesystem::path& file, bool allow_legacy = false);
std::string sha256Raw(std::string_view bytes);  // the 32-byte digest
}  // namespace modelfile_detail

}  // namespace aaren
