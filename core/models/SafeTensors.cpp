#include "core/models/SafeTensors.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <nlohmann/json.hpp>

namespace aaren::safetensors {

static_assert(std::endian::native == std::endian::little,
              "safetensors data is little-endian; this build copies raw bytes");

using nlohmann::json;

namespace {

struct DType {
  const char* name;
  std::size_t size;
};
constexpr DType kDTypes[] = {{"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"I64", 8},
                             {"I32", 4}, {"I16", 2}, {"I8", 1},  {"U8", 1},   {"BOOL", 1}};

std::string tensorName(std::string_view name) { return "tensor '" + std::string(name) + "'"; }

std::string offsetsString(std::uint64_t b, std::uint64_t e) {
  return "[" + std::to_string(b) + ", " + std::to_string(e) + "]";
}

std::uint64_t readU64(std::string_view b) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(b[i])) << (8 * i);
  return v;
}

// A non-negative JSON integer (nlohmann keeps "-1" signed and "1.0" floating).
bool unsignedValue(const json& j, std::uint64_t& out) {
  if (!j.is_number_unsigned()) return false;
  out = j.get<std::uint64_t>();
  return true;
}

std::string dtypeOf(const std::string& name, const json& entry) {
  auto it = entry.find("dtype");
  if (it == entry.end() || !it->is_string()) throw Error(tensorName(name) + " has no dtype string");
  std::string dtype = it->get<std::string>();
  if (itemSize(dtype) == 0)
    throw Error(tensorName(name) + " has dtype '" + dtype +
                "' (expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
  return dtype;
}

std::vector<std::int64_t> shapeOf(const std::string& name, const json& entry) {
  auto it = entry.find("shape");
  if (it == entry.end() || !it->is_array())
    throw Error(tensorName(name) + " has no shape list");
  if (it->size() > kMaxRank)
    throw Error(tensorName(name) + " has " + std::to_string(it->size()) + " dimensions (at most " +
                std::to_string(kMaxRank) + ")");
  std::vector<std::int64_t> shape;
  for (const auto& d : *it) {
    std::uint64_t v = 0;
    if (!unsignedValue(d, v) || v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      throw Error(tensorName(name) + " has a shape that is not a list of non-negative integers");
    shape.push_back(static_cast<std::int64_t>(v));
  }
  return shape;
}

// numel * item size, or throws when the product does not fit in 64 bits.
std::uint64_t byteSize(const std::string& name, const std::vector<std::int64_t>& shape, std::size_t item) {
  std::uint64_t bytes = item;
  for (auto d : shape) {
    const auto u = static_cast<std::uint64_t>(d);
    if (u != 0 && bytes > std::numeric_limits<std::uint64_t>::max() / u)
      throw Error(tensorName(name) + " has shape " + shapeString(shape) + " whose size overflows");
    bytes *= u;
  }
  return bytes;
}

TensorInfo tensorOf(const std::string& name, const json& entry, std::uint64_t data_size) {
  if (name.empty()) throw Error("a tensor has an empty name");
  if (!entry.is_object()) throw Error(tensorName(name) + " is not a JSON object");
  for (const auto& [key, value] : entry.items())
    if (key != "dtype" && key != "shape" && key != "data_offsets")
      throw Error(tensorName(name) + " has an unknown field '" + key + "'");
  TensorInfo t;
  t.name = name;
  t.dtype = dtypeOf(name, entry);
  t.shape = shapeOf(name, entry);
  auto it = entry.find("data_offsets");
  if (it == entry.end() || !it->is_array() || it->size() != 2 || !unsignedValue((*it)[0], t.begin) ||
      !unsignedValue((*it)[1], t.end))
    throw Error(tensorName(name) + " has no data_offsets [begin, end] of non-negative integers");
  const std::string offsets = offsetsString(t.begin, t.end);
  if (t.end < t.begin) throw Error(tensorName(name) + " has data_offsets " + offsets + " that end before they begin");
  if (t.end > data_size)
    throw Error(tensorName(name) + " has data_offsets " + offsets + " outside the " +
                std::to_string(data_size) + " data bytes");
  const std::uint64_t need = byteSize(name, t.shape, itemSize(t.dtype));
  if (t.end - t.begin != need)
    throw Error(tensorName(name) + " has data_offsets " + offsets + " (" + std::to_string(t.end - t.begin) +
                " bytes) but dtype " + t.dtype + " and shape " + shapeString(t.shape) + " need " +
                std::to_string(need));
  return t;
}

std::map<std::string, std::string> metadataOf(const json& j) {
  std::map<std::string, std::string> out;
  if (!j.is_object()) throw Error("__metadata__ is not an object of strings");
  for (const auto& [key, value] : j.items()) {
    if (!value.is_string()) throw Error("__metadata__ is not an object of strings");
    out[key] = value.get<std::string>();
  }
  return out;
}

// Sorted by begin, the tensors must cover [0, data_size) exactly.
void checkTiling(std::vector<TensorInfo>& tensors, std::uint64_t data_size) {
  std::sort(tensors.begin(), tensors.end(), [](const TensorInfo& a, const TensorInfo& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  std::uint64_t expected = 0;
  const TensorInfo* previous = nullptr;
  for (const auto& t : tensors) {
    if (t.begin > expected)
      throw Error("a gap of " + std::to_string(t.begin - expected) + " bytes before " + tensorName(t.name) +
                  " is not part of any tensor");
    if (t.begin < expected)
      throw Error(tensorName(t.name) + " overlaps " + tensorName(previous->name));
    expected = t.end;
    previous = &t;
  }
  if (expected != data_size)
    throw Error(std::to_string(data_size - expected) + " bytes after the last tensor are not part of any tensor");
}

}  // namespace

std::size_t itemSize(std::string_view dtype) {
  for (const auto& d : kDTypes)
    if (dtype == d.name) return d.size;
  return 0;
}

std::uint64_t TensorInfo::numel() const {
  std::uint64_t n = 1;
  for (auto d : shape) n *= static_cast<std::uint64_t>(d);  // checked by parse
  return n;
}

const TensorInfo* Parsed::find(std::string_view name) const {
  for (const auto& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

std::string shapeString(const std::vector<std::int64_t>& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

Parsed parse(std::string_view bytes) {
  if (bytes.size() < 8)
    throw Error(std::to_string(bytes.size()) + " bytes, shorter than the 8-byte header length");
  const std::uint64_t n = readU64(bytes);
  if (n > kMaxHeaderBytes)
    throw Error("header length " + std::to_string(n) + " is more than the " +
                std::to_string(kMaxHeaderBytes) + " bytes allowed");
  if (n > bytes.size() - 8)
    throw Error("header length " + std::to_string(n) + " runs past the end (" +
                std::to_string(bytes.size() - 8) + " bytes follow it)");
  Parsed out;
  out.header_bytes = n;
  out.data = bytes.substr(8 + n);
  json header;
  try {
    header = json::parse(bytes.substr(8, n));
  } catch (const std::exception& e) {
    throw Error(std::string("header is not valid JSON: ") + e.what());
  }
  if (!header.is_object()) throw Error("header is not a JSON object");
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") out.metadata = metadataOf(entry);
    else out.tensors.push_back(tensorOf(name, entry, out.data.size()));
  }
  checkTiling(out.tensors, out.data.size());
  return out;
}

std::string write(const std::vector<TensorData>& tensors, const std::map<std::string, std::string>& metadata) {
  json header = json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::uint64_t at = 0;
  for (const auto& t : tensors) {
    const std::size_t item = itemSize(t.dtype);
    if (item == 0) throw Error(tensorName(t.name) + " has dtype '" + t.dtype + "' that safetensors does not store");
    if (t.name.empty() || t.name == "__metadata__" || header.contains(t.name))
      throw Error(tensorName(t.name) + ": empty, reserved or repeated name");
    if (byteSize(t.name, t.shape, item) != t.bytes.size())
      throw Error(tensorName(t.name) + " has " + std::to_string(t.bytes.size()) + " bytes for shape " +
                  shapeString(t.shape));
    header[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {at, at + t.bytes.size()}}};
    at += t.bytes.size();
  }
  std::string text = header.dump(-1, ' ', false, json::error_handler_t::replace);
  text.append((8 - text.size() % 8) % 8, ' ');
  std::string out;
  out.reserve(8 + text.size() + at);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((text.size() >> (8 * i)) & 0xff));
  out += text;
  for (const auto& t : tensors) out.append(t.bytes);
  return out;
}

}  // namespace aaren::safetensors
