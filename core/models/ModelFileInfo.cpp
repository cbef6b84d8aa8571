#include "core/models/ModelFileInfo.h"

#include "core/data/InputFile.h"

#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

namespace aaren {

using nlohmann::json;

ModelFileError::ModelFileError(Kind kind, const std::filesystem::path& file,
                               const std::string& message)
    : std::runtime_error(file.empty() ? message : file.string() + ": " + message),
      kind_(kind),
      file_(file) {}

// ---------------------------------------------------------------------------------------
// JSON

namespace {

template <typename T>
void readField(const json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it == j.end()) return;  // absent: keep the default
  try {
    it->get_to(out);
  } catch (const json::exception& e) {
    throw std::invalid_argument(std::string("field '") + key + "': " + e.what());
  }
}

template <typename T>
void requireField(const json& j, const char* key, T& out) {
  if (!j.contains(key)) throw std::invalid_argument(std::string("missing field '") + key + "'");
  readField(j, key, out);
}

void requireObject(const json& j, const char* what) {
  if (!j.is_object()) throw std::invalid_argument(std::string(what) + " is not a JSON object");
}

// NaN and infinities have no JSON spelling: stored as null, read back as NaN.
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
double numberFrom(const json& j) {
  return j.is_null() ? std::numeric_limits<double>::quiet_NaN() : j.get<double>();
}

}  // namespace

void to_json(json& j, const ScalerInfo& s) {
  j = json{{"kind", s.kind}, {"offset", s.offset}, {"scale", s.scale}};
}

void from_json(const json& j, ScalerInfo& s) {
  requireObject(j, "scaler");
  s = ScalerInfo{};
  readField(j, "kind", s.kind);
  readField(j, "offset", s.offset);
  readField(j, "scale", s.scale);
  if (s.kind != "none" && s.kind != "standard" && s.kind != "minmax")
    throw std::invalid_argument("scaler kind '" + s.kind + "' (expected none, standard or minmax)");
  if (s.offset.size() != s.scale.size())
    throw std::invalid_argument("scaler has " + std::to_string(s.offset.size()) + " offsets but " +
                                std::to_string(s.scale.size()) + " scales");
}

void to_json(json& j, const InputSchema& s) {
  j = json{{"columns", s.columns},   {"frequency_seconds", s.frequency_seconds},
           {"has_time", s.has_time}, {"lookback", s.lookback},
           {"horizon", s.horizon},   {"classes", s.classes},
           {"max_length", s.max_length}};
}

void from_json(const json& j, InputSchema& s) {
  requireObject(j, "schema");
  s = InputSchema{};
  readField(j, "columns", s.columns);
  readField(j, "frequency_seconds", s.frequency_seconds);
  readField(j, "has_time", s.has_time);
  readField(j, "lookback", s.lookback);
  readField(j, "horizon", s.horizon);
  readField(j, "classes", s.classes);
  readField(j, "max_length", s.max_length);
}

void to_json(json& j, const TrainingRecord& r) {
  json metrics = json::object();
  for (const auto& [name, value] : r.metrics) metrics[name] = number(value);
  j = json{{"dataset_path", r.dataset_path},
           {"dataset_sha256", r.dataset_sha256},
           {"seed", r.seed},
           {"epochs", r.epochs},
           {"metrics", std::move(metrics)},
           {"train_seconds", number(r.train_seconds)},
           {"trained_at_utc", r.trained_at_utc},
           {"command", r.command},
           {"split", r.split},
           {"train_ratio", r.train_ratio},
           {"val_ratio", r.val_ratio},
           {"missing_policy", r.missing_policy},
           {"linear_part", r.linear_part},
           {"network_note", r.network_note}};
}

void from_json(const json& j, TrainingRecord& r) {
  requireObject(j, "record");
  r = TrainingRecord{};
  readField(j, "dataset_path", r.dataset_path);
  readField(j, "dataset_sha256", r.dataset_sha256);
  readField(j, "seed", r.seed);
  readField(j, "epochs", r.epochs);
  readField(j, "trained_at_utc", r.trained_at_utc);
  readField(j, "command", r.command);
  readField(j, "split", r.split);
  readField(j, "train_ratio", r.train_ratio);
  readField(j, "val_ratio", r.val_ratio);
  readField(j, "missing_policy", r.missing_policy);
  readField(j, "linear_part", r.linear_part);
  readField(j, "network_note", r.network_note);
  try {
    if (auto it = j.find("train_seconds"); it != j.end()) r.train_seconds = numberFrom(*it);
    if (auto it = j.find("metrics"); it != j.end()) {
      requireObject(*it, "record.metrics");
      for (const auto& [name, value] : it->items()) r.metrics[name] = numberFrom(value);
    }
  } catch (const json::exception& e) {
    throw std::invalid_argument(std::string("record: ") + e.what());
  }
}

void to_json(json& j, const ModelOptions& o) {
  j = json{{"type", toString(o.type)},
           {"task", toString(o.task)},
           {"channels", o.channels},
           {"d_model", o.d_model},
           {"heads", o.heads},
           {"layers", o.layers},
           {"d_ff", o.d_ff},
           {"dropout", o.dropout},
           {"horizon", o.horizon},
           {"classes", o.classes},
           {"pooling", toString(o.pooling)},
           {"calendar", o.calendar},
           {"channel_independent", o.channel_independent},
           {"predict_delta", o.predict_delta},
           {"scan_chunk", o.scan_chunk},
           {"input_window", o.input_window},
           {"relative_window", o.relative_window},
           {"scale_window", o.scale_window},
           {"positional", o.positional},
           {"final_norm", o.final_norm},
           {"daily_cycle", o.daily_cycle},
           {"step_seconds", o.step_seconds},
           {"linear_skip", o.linear_skip},
           {"skip_level", toString(o.skip_level)}};
}

void from_json(const json& j, ModelOptions& o) {
  requireObject(j, "options");
  o = ModelOptions{};
  std::string type, task, pooling = toString(o.pooling);
  requireField(j, "type", type);
  requireField(j, "task", task);
  readField(j, "pooling", pooling);
  o.type = modelTypeFromString(type);
  o.task = taskFromString(task);
  o.pooling = poolingFromString(pooling);
  requireField(j, "channels", o.channels);
  requireField(j, "d_model", o.d_model);
  requireField(j, "heads", o.heads);
  requireField(j, "layers", o.layers);
  requireField(j, "d_ff", o.d_ff);
  readField(j, "dropout", o.dropout);
  readField(j, "horizon", o.horizon);
  readField(j, "classes", o.classes);
  readField(j, "calendar", o.calendar);
  readField(j, "channel_independent", o.channel_independent);
  readField(j, "predict_delta", o.predict_delta);
  readField(j, "scan_chunk", o.scan_chunk);
  readField(j, "input_window", o.input_window);
  readField(j, "relative_window", o.relative_window);
  readField(j, "scale_window", o.scale_window);
  readField(j, "positional", o.positional);
  readField(j, "final_norm", o.final_norm);
  readField(j, "daily_cycle", o.daily_cycle);
  readField(j, "step_seconds", o.step_seconds);
  readField(j, "linear_skip", o.linear_skip);
  std::string skip_level = toString(o.skip_level);
  readField(j, "skip_level", skip_level);
  o.skip_level = skipLevelFromString(skip_level);
}

void to_json(json& j, const ModelFileInfo& info) {
  j = json{{"format_version", info.format_version},
           {"app_version", info.app_version},
           {"options", info.options},
           {"scaler", info.scaler},
           {"schema", info.schema},
           {"record", info.record},
           {"parameters", info.parameters}};
}

void from_json(const json& j, ModelFileInfo& info) {
  requireObject(j, "header");
  info = ModelFileInfo{};
  requireField(j, "format_version", info.format_version);
  readField(j, "app_version", info.app_version);
  if (!j.contains("options")) throw std::invalid_argument("missing field 'options'");
  from_json(j.at("options"), info.options);
  if (auto it = j.find("scaler"); it != j.end()) from_json(*it, info.scaler);
  if (auto it = j.find("schema"); it != j.end()) from_json(*it, info.schema);
  if (auto it = j.find("record"); it != j.end()) from_json(*it, info.record);
  readField(j, "parameters", info.parameters);
}

json toJson(const ModelFileInfo& info) { return json(info); }
ModelFileInfo modelFileInfoFromJson(const json& j) { return j.get<ModelFileInfo>(); }

// ---------------------------------------------------------------------------------------
// SHA-256

namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

MdCtx newSha256() {
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256: OpenSSL could not initialise a digest");
  return ctx;
}

std::string hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 0xf];
  }
  return out;
}

std::string finish(EVP_MD_CTX* ctx) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_DigestFinal_ex(ctx, digest, &n) != 1)
    throw std::runtime_error("SHA-256: OpenSSL could not finish the digest");
  return std::string(reinterpret_cast<const char*>(digest), n);
}

std::string rawSha256(std::string_view bytes) {
  auto ctx = newSha256();
  if (EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1)
    throw std::runtime_error("SHA-256: OpenSSL digest update failed");
  return finish(ctx.get());
}

std::string toHex(const std::string& raw) {
  return hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

}  // namespace

std::string sha256(std::string_view bytes) { return toHex(rawSha256(bytes)); }

std::string modelfile_detail::sha256Raw(std::string_view bytes) { return rawSha256(bytes); }

std::string sha256File(const std::filesystem::path& file) {
  // openInputFile: a FIFO or the zero device is refused instead of blocking or never ending.
  data::OpenedInput in;
  if (auto problem = data::openInputFile(file, std::numeric_limits<std::uint64_t>::max(), "a file to checksum", in);
      !problem.empty())
    throw std::runtime_error(file.string() + ": " + problem);
  auto ctx = newSha256();
  std::vector<char> buffer(1 << 16);
  for (;;) {
    const ssize_t got = ::read(in.fd.get(), buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw std::runtime_error(file.string() + ": read error: " + std::strerror(errno));
    if (got == 0) break;
    if (EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(got)) != 1)
      throw std::runtime_error("SHA-256: OpenSSL digest update failed");
  }
  return toHex(finish(ctx.get()));
}

// ---------------------------------------------------------------------------------------
// Schema

std::string formatInterval(std::int64_t s) {
  if (s > 0 && s % 86400 == 0) return std::to_string(s / 86400) + "d";
  if (s > 0 && s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s > 0 && s % 60 == 0) return std::to_string(s / 60) + "min";
  return std::to_string(s) + "s";
}

namespace {

std::string joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out += ',';
    out += names[i];
  }
  return names.empty() ? std::string("no columns") : out;
}

}  // namespace

void checkSchema(const ModelFileInfo& info, const std::vector<std::string>& columns,
                 std::int64_t frequency_seconds, const std::filesystem::path& file) {
  // The model reads its columns by name: other columns and another order are fine.
  const auto& expected = info.schema.columns;
  std::vector<std::string> missing;
  const std::set<std::string> have(columns.begin(), columns.end());
  for (const auto& c : expected)
    if (!have.count(c)) missing.push_back(c);
  if (!missing.empty()) {
    std::vector<std::string> extra;
    const std::set<std::string> want(expected.begin(), expected.end());
    for (const auto& c : columns)
      if (!want.count(c)) extra.push_back(c);
    std::string detail = "missing " + joinNames(missing);
    if (!extra.empty()) detail += "; not in the model " + joinNames(extra);
    throw ModelFileError(ModelFileError::Kind::SchemaMismatch, file,
                         "model expects columns " + joinNames(expected) + " but the data has " +
                             joinNames(columns) + " (" + detail + ")");
  }
  const auto want = info.schema.frequency_seconds;
  if (want > 0 && frequency_seconds > 0 && want != frequency_seconds)
    throw ModelFileError(ModelFileError::Kind::SchemaMismatch, file,
                         "model expects one sample every " + formatInterval(want) +
                             " but the data has one every " + formatInterval(frequency_seconds));
}

}  // namespace aaren
