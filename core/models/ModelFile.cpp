#include "core/models/ModelFile.h"

#include <torch/csrc/jit/serialization/pickle.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <unistd.h>

namespace aaren {
namespace {

using K = ModelFileError::Kind;
namespace fs = std::filesystem;

// Every parameter and buffer by its full name ("encoder.blocks.0.attention.query_token").
std::vector<std::pair<std::string, torch::Tensor>> namedTensors(const ModelImpl& model) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& p : model.named_parameters(true)) out.emplace_back(p.key(), p.value());
  for (const auto& b : model.named_buffers(true)) out.emplace_back(b.key(), b.value());
  return out;
}

std::string serializeWeights(const ModelImpl& model) {
  c10::Dict<std::string, at::Tensor> dict;
  for (const auto& [name, tensor] : namedTensors(model))
    dict.insert(name, tensor.detach().to(torch::kCPU).contiguous().clone());
  const std::vector<char> bytes = torch::jit::pickle_save(c10::IValue(dict));
  return std::string(bytes.data(), bytes.size());
}

std::string shapeString(c10::IntArrayRef sizes) {
  std::string out = "[";
  for (std::size_t i = 0; i < sizes.size(); ++i) out += (i ? ", " : "") + std::to_string(sizes[i]);
  return out + "]";
}

[[noreturn]] void mismatch(const fs::path& file, const std::string& what) {
  throw ModelFileError(K::WeightsMismatch, file, "weights do not match the model options: " + what);
}

void loadWeights(const fs::path& file, ModelImpl& model, std::string_view weights) {
  c10::IValue value;
  try {
    value = torch::jit::pickle_load(std::vector<char>(weights.begin(), weights.end()));
  } catch (const std::exception& e) {
    throw ModelFileError(K::Corrupt, file,
                         std::string("corrupt model file weights: ") + e.what());
  }
  if (!value.isGenericDict())
    throw ModelFileError(K::Corrupt, file, "corrupt model file weights: not a dictionary of tensors");
  std::map<std::string, at::Tensor> stored;
  for (const auto& entry : value.toGenericDict()) {
    if (!entry.key().isString() || !entry.value().isTensor())
      throw ModelFileError(K::Corrupt, file,
                           "corrupt model file weights: not a dictionary of tensors");
    stored.emplace(entry.key().toStringRef(), entry.value().toTensor());
  }
  const auto wanted = namedTensors(model);
  std::set<std::string> names;
  for (const auto& [name, target] : wanted) {
    names.insert(name);
    auto it = stored.find(name);
    if (it == stored.end()) mismatch(file, "tensor '" + name + "' is missing");
    const auto& t = it->second;
    if (t.sizes() != target.sizes())
      mismatch(file, "tensor '" + name + "' has shape " + shapeString(t.sizes()) +
                         ", the options give " + shapeString(target.sizes()));
    if (t.scalar_type() != target.scalar_type())
      mismatch(file, "tensor '" + name + "' has type " + std::string(c10::toString(t.scalar_type())) +
                         ", the model has " + std::string(c10::toString(target.scalar_type())));
  }
  for (const auto& [name, t] : stored)
    if (!names.count(name)) mismatch(file, "tensor '" + name + "' is not in the model");
  torch::NoGradGuard no_grad;
  for (auto& [name, target] : wanted) target.copy_(stored.at(name));
}

std::string errnoText() { return std::strerror(errno); }

// Writes all of `bytes` to a new file `tmp`, fsync'ed. Returns "" or the error.
std::string writeSynced(const fs::path& tmp, std::string_view bytes) {
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return "cannot create temporary file " + tmp.string() + ": " + errnoText();
  std::string error;
  std::size_t done = 0;
  while (done < bytes.size() && error.empty()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) error = "cannot write " + tmp.string() + ": " + errnoText();
    else done += static_cast<std::size_t>(n);
  }
  if (error.empty() && ::fsync(fd) != 0) error = "cannot sync " + tmp.string() + ": " + errnoText();
  if (::close(fd) != 0 && error.empty()) error = "cannot close " + tmp.string() + ": " + errnoText();
  return error;
}

}  // namespace

void saveModelFile(const fs::path& file, ModelImpl& model, const ModelFileInfo& given) {
  ModelFileInfo info = given;
  info.format_version = static_cast<int>(kModelFileFormatVersion);
  if (info.app_version.empty()) info.app_version = AAREN_VERSION;
  info.options = model.options;
  info.parameters = model.parameterCount();

  std::string bytes;
  try {
    bytes = modelfile_detail::encode(info, serializeWeights(model));
  } catch (const std::exception& e) {
    throw ModelFileError(K::Io, file, std::string("cannot save: ") + e.what());
  }

  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  std::error_code ec;
  const auto status = fs::status(dir, ec);
  if (!fs::exists(status))
    throw ModelFileError(K::Io, file, "cannot save: directory " + dir.string() + " does not exist");
  if (!fs::is_directory(status))
    throw ModelFileError(K::Io, file, "cannot save: " + dir.string() + " is not a directory");
  if (fs::is_directory(file, ec))
    throw ModelFileError(K::Io, file, "cannot save: it is a directory");

  // The temporary name is per process; saves within the process take turns.
  static std::mutex save_mutex;
  std::lock_guard lock(save_mutex);
  const fs::path tmp = file.string() + ".tmp-" + std::to_string(::getpid());
  std::string error = writeSynced(tmp, bytes);
  if (error.empty() && ::rename(tmp.c_str(), file.c_str()) != 0)
    error = "cannot rename " + tmp.string() + " to " + file.string() + ": " + errnoText();
  if (!error.empty()) {
    ::unlink(tmp.c_str());
    throw ModelFileError(K::Io, file, "cannot save: " + error);
  }
  // Make the rename itself durable; a failure here does not undo the save.
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

LoadedModel loadModelFile(const fs::path& file) {
  const std::string bytes = modelfile_detail::readAll(file);
  auto decoded = modelfile_detail::decode(file, bytes);
  LoadedModel out;
  out.info = std::move(decoded.info);
  try {
    out.model = makeModel(out.info.options);
  } catch (const std::exception& e) {
    throw ModelFileError(K::Corrupt, file,
                         std::string("invalid model options in the header: ") + e.what());
  }
  loadWeights(file, *out.model, decoded.weights);
  out.model->eval();
  return out;
}

}  // namespace aaren
