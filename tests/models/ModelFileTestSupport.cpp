#include "tests/models/ModelFileTestSupport.h"

#include <torch/csrc/jit/serialization/pickle.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <unistd.h>

#include <gtest/gtest.h>

namespace aaren::testing {

namespace fs = std::filesystem;
using nlohmann::json;

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("aaren-modelfile-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::vector<std::string> TempDir::entries() const {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(path_)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string readBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void writeBytes(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

ModelFileError::Kind kindOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const ModelFileError& e) {
    return e.kind();
  }
  ADD_FAILURE() << "no ModelFileError";
  return ModelFileError::Kind::Io;
}

std::uint64_t le(std::string_view b, std::size_t at, int width) {
  std::uint64_t v = 0;
  for (int i = 0; i < width; ++i) v |= std::uint64_t(static_cast<unsigned char>(b[at + i])) << (8 * i);
  return v;
}
std::string leBytes(std::uint64_t v, int width) {
  std::string out;
  for (int i = 0; i < width; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return out;
}

namespace {

std::string unhex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

}  // namespace

Parts split(const std::string& bytes) {
  Parts p;
  p.version = static_cast<std::uint32_t>(le(bytes, 8, 4));
  const auto h = le(bytes, 12, 8);
  p.header = bytes.substr(20, h);
  const auto w = le(bytes, 20 + h, 8);
  p.weights = bytes.substr(28 + h, w);
  EXPECT_EQ(bytes.size(), 28 + h + w + 32);
  EXPECT_EQ(bytes.substr(28 + h + w), unhex(sha256(std::string_view(bytes).substr(0, 28 + h + w))));
  return p;
}

std::string join(const Parts& p) {
  std::string out = "AARENMDL" + leBytes(p.version, 4) + leBytes(p.header.size(), 8) + p.header +
                    leBytes(p.weights.size(), 8) + p.weights;
  return out + unhex(sha256(out));
}

void patchHeader(const fs::path& file, const std::function<void(json&)>& edit) {
  auto parts = split(readBytes(file));
  auto j = json::parse(parts.header);
  edit(j);
  parts.header = j.dump();
  writeBytes(file, join(parts));
}

std::string pickleWeights(const std::vector<std::pair<std::string, torch::Tensor>>& tensors) {
  c10::Dict<std::string, at::Tensor> dict;
  for (const auto& [name, t] : tensors) dict.insert(name, t.detach().contiguous().clone());
  const auto bytes = torch::jit::pickle_save(c10::IValue(dict));
  return std::string(bytes.data(), bytes.size());
}

std::string legacyFile(std::uint32_t version, const ModelFileInfo& info, const std::string& weights) {
  auto j = toJson(info);
  j["format_version"] = version;
  return join({version, j.dump(), weights});
}

std::vector<std::pair<std::string, torch::Tensor>> namedWeights(const ModelImpl& model) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& p : model.named_parameters(true)) out.emplace_back(p.key(), p.value().detach());
  for (const auto& b : model.named_buffers(true)) out.emplace_back(b.key(), b.value().detach());
  return out;
}

namespace {

std::uint32_t crc32(std::string_view bytes) {
  std::uint32_t crc = 0xffffffffu;
  for (unsigned char c : bytes) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

struct ZipEntry {
  std::string name, data;
};

// The entries of a zip archive of stored (uncompressed) entries, from its central directory.
std::vector<ZipEntry> readZip(const std::string& zip) {
  const auto eocd = zip.rfind(std::string("PK\x05\x06", 4));
  EXPECT_NE(eocd, std::string::npos);
  const auto count = le(zip, eocd + 10, 2);
  std::size_t at = le(zip, eocd + 16, 4);
  std::vector<ZipEntry> out;
  for (std::uint64_t i = 0; i < count; ++i) {
    EXPECT_EQ(le(zip, at, 4), 0x02014b50u);
    EXPECT_EQ(le(zip, at + 10, 2), 0u) << "compressed entry";
    const auto size = le(zip, at + 20, 4), n = le(zip, at + 28, 2), e = le(zip, at + 30, 2), c = le(zip, at + 32, 2);
    const auto local = le(zip, at + 42, 4);
    const auto data_at = local + 30 + le(zip, local + 26, 2) + le(zip, local + 28, 2);
    out.push_back({zip.substr(at + 46, n), zip.substr(data_at, size)});
    at += 46 + n + e + c;
  }
  return out;
}

std::string writeZip(const std::vector<ZipEntry>& entries) {
  std::string out, central;
  for (const auto& [name, data] : entries) {
    const auto crc = crc32(data);
    const std::string sizes = leBytes(crc, 4) + leBytes(data.size(), 4) + leBytes(data.size(), 4);
    central += leBytes(0x02014b50u, 4) + leBytes(20, 2) + leBytes(20, 2) + leBytes(0, 2) + leBytes(0, 2) +
               leBytes(0, 4) + sizes + leBytes(name.size(), 2) + leBytes(0, 2) + leBytes(0, 2) + leBytes(0, 2) +
               leBytes(0, 2) + leBytes(0, 4) + leBytes(out.size(), 4) + name;
    out += leBytes(0x04034b50u, 4) + leBytes(20, 2) + leBytes(0, 2) + leBytes(0, 2) + leBytes(0, 4) + sizes +
           leBytes(name.size(), 2) + leBytes(0, 2) + name + data;
  }
  const auto central_at = out.size();
  out += central;
  out += leBytes(0x06054b50u, 4) + leBytes(0, 2) + leBytes(0, 2) + leBytes(entries.size(), 2) +
         leBytes(entries.size(), 2) + leBytes(central.size(), 4) + leBytes(central_at, 4) + leBytes(0, 2);
  return out;
}

}  // namespace

std::string craftedPickleWeights(const std::string& pickle) {
  auto entries = readZip(pickleWeights({}));
  bool replaced = false;
  for (auto& e : entries)
    if (e.name.size() >= 8 && e.name.compare(e.name.size() - 8, 8, "data.pkl") == 0) {
      e.data = pickle;
      replaced = true;
    }
  EXPECT_TRUE(replaced);
  return writeZip(entries);
}

ModelOptions small(ModelType type, Task task) {
  ModelOptions o;
  o.type = type;
  o.task = task;
  o.channels = 3;
  o.d_model = 16;
  o.heads = 2;
  o.layers = 2;
  o.d_ff = 32;
  o.dropout = 0.1;
  o.horizon = 4;
  o.classes = 3;
  o.scan_chunk = 8;
  return o;
}

ModelFileInfo sampleInfo(const ModelOptions& o) {
  ModelFileInfo info;
  info.options = o;
  info.scaler.kind = "standard";
  info.scaler.offset = {0.1 + 0.2, -1e-300, 12345.678901234567};
  info.scaler.scale = {1.0 / 3.0, 2.5, 1e300};
  info.schema.columns = {"HUFL", "HULL", "OT"};
  info.schema.frequency_seconds = 3600;
  info.schema.has_time = true;
  info.schema.lookback = 96;
  info.schema.horizon = o.horizon;
  if (o.task == Task::Classify) {
    info.schema.classes = {"standing", "walking", "running"};
    info.schema.max_length = 100;
  }
  info.record.dataset_path = "data/ETTh1.csv";
  info.record.dataset_sha256 = sha256("not really the data");
  info.record.seed = 0x8000000000000005ull;  // above INT64_MAX: kept as unsigned
  info.record.epochs = 7;
  info.record.metrics = {{"test_mse", 0.3875}, {"test_mae", 0.41}, {"test_mape", std::nan("")}};
  info.record.train_seconds = 12.5;
  info.record.trained_at_utc = "2026-11-23T20:18:26Z";
  info.record.command = "aaren train --data data/ETTh1.csv --model aaren";
  info.record.split = "ratios";
  info.record.train_ratio = 0.7;
  info.record.val_ratio = 0.1;
  info.record.missing_policy = "interpolate";
  return info;
}

}  // namespace aaren::testing
