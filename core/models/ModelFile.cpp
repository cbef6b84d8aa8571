#include "core/models/ModelFile.h"

#include "core/data/TempFile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <cstdio>
#include <map>
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

std::string dtypeName(torch::ScalarType t) {
  switch (t) {
    case torch::kFloat64: return "F64";
    case torch::kFloat32: return "F32";
    case torch::kFloat16: return "F16";
    case torch::kBFloat16: return "BF16";
    case torch::kInt64: return "I64";
    case torch::kInt32: return "I32";
    case torch::kInt16: return "I16";
    case torch::kInt8: return "I8";
    case torch::kUInt8: return "U8";
    case torch::kBool: return "BOOL";
    default: throw std::invalid_argument(std::string("tensor type ") + c10::toString(t) + " has no safetensors dtype");
  }
}

[[noreturn]] void mismatch(const fs::path& file, const std::string& what) {
  throw ModelFileError(K::WeightsMismatch, file, "weights do not match the model options: " + what);
}

}  // namespace

std::string weightsToSafeTensors(const std::vector<std::pair<std::string, torch::Tensor>>& named) {
  std::vector<torch::Tensor> keep;  // contiguous CPU copies the views below point into
  std::vector<safetensors::TensorData> tensors;
  keep.reserve(named.size());
  for (const auto& [name, tensor] : named) {
    keep.push_back(tensor.detach().to(torch::kCPU).contiguous());
    const auto& t = keep.back();
    tensors.push_back({name, dtypeName(t.scalar_type()), t.sizes().vec(),
                       std::string_view(static_cast<const char*>(t.data_ptr()), t.nbytes())});
  }
  return safetensors::write(tensors, {{"format", "pt"}});
}

void loadWeights(const fs::path& file, ModelImpl& model, const safetensors::Parsed& stored) {
  const auto wanted = namedTensors(model);
  std::set<std::string> names;
  for (const auto& [name, target] : wanted) {
    names.insert(name);
    const auto* t = stored.find(name);
    if (!t) mismatch(file, "tensor '" + name + "' is missing");
    const auto shape = target.sizes().vec();
    if (t->shape != shape)
      mismatch(file, "tensor '" + name + "' has shape " + safetensors::shapeString(t->shape) + ", the options give " +
                         safetensors::shapeString(shape));
    const std::string dtype = dtypeName(target.scalar_type());
    if (t->dtype != dtype) mismatch(file, "tensor '" + name + "' has dtype " + t->dtype + ", the model has " + dtype);
  }
  for (const auto& t : stored.tensors)
    if (!names.count(t.name)) mismatch(file, "tensor '" + t.name + "' is not in the model");
  torch::NoGradGuard no_grad;
  for (auto& [name, target] : wanted) {
    const auto bytes = stored.bytesOf(*stored.find(name));
    auto staging = torch::empty(target.sizes(), target.options().device(torch::kCPU));
    std::memcpy(staging.data_ptr(), bytes.data(), bytes.size());
    target.copy_(staging);
  }
}

namespace {

std::string errnoText() { return std::strerror(errno); }

// data::createUniqueTempFile with the error as text for ModelFileError.
int createUniqueTemp(const fs::path& file, fs::path& tmp, std::string& error) {
  const int fd = data::createUniqueTempFile(file, tmp);
  if (fd < 0) error = "cannot create temporary file " + tmp.string() + ": " + errnoText();
  return fd;
}

// Writes all of `bytes` to `fd` (a new temporary file `tmp`), fsync'ed and closed.
// Returns "" or the error.
std::string writeSynced(int fd, const fs::path& tmp, std::string_view bytes) {
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
    bytes = modelfile_detail::encode(info, weightsToSafeTensors(namedTensors(model)));
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

  fs::path tmp;
  std::string error;
  const int fd = createUniqueTemp(file, tmp, error);
  if (fd < 0) throw ModelFileError(K::Io, file, "cannot save: " + error);
  error = writeSynced(fd, tmp, bytes);
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

LoadedModel modelFromWeights(const fs::path& file, ModelFileInfo info, const safetensors::Parsed& weights) {
  LoadedModel out;
  out.info = std::move(info);
  try {
    out.model = makeModel(out.info.options);
  } catch (const std::exception& e) {
    throw ModelFileError(K::Corrupt, file, std::string("invalid model options in the header: ") + e.what());
  }
  loadWeights(file, *out.model, weights);
  out.model->eval();
  return out;
}

LoadedModel loadModelFile(const fs::path& file) {
  const std::string bytes = modelfile_detail::readAll(file);
  auto decoded = modelfile_detail::decode(file, bytes);  // every check but the names and shapes
  return modelFromWeights(file, std::move(decoded.info), decoded.tensors);
}

}  // namespace aaren
