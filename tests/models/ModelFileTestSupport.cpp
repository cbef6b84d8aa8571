#include "tests/models/ModelFileTestSupport.h"

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
