#pragma once
// The safetensors layout (https://github.com/huggingface/safetensors), read and written
// without Torch so that untrusted bytes are checked by code of our own before any tensor
// exists (model files are shared; a pickle loader can be made to crash or run code).
//
//   offset  size  content
//   0       8     u64 little-endian N = header length in bytes (at most kMaxHeaderBytes)
//   8       N     UTF-8 JSON object: name -> {"dtype": "F32", "shape": [d0, d1, ...],
//                 "data_offsets": [begin, end]}, and optionally "__metadata__": {string: string}
//   8+N     ...   the data: raw little-endian tensor bytes, offsets relative to 8+N
//
// parse() accepts only: a header length within the bytes and the bound, a JSON object,
// dtypes from the whitelist below, at most kMaxRank non-negative dimensions whose product
// (times the item size) does not overflow, data_offsets with begin <= end within the data,
// end - begin == numel * itemsize, and tensors that tile the data exactly: sorted by begin
// they are contiguous from 0 to the end of the data, with no gap, overlap or trailing byte.
//
// Threading: free functions with no state; safe from any thread.
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace aaren::safetensors {

inline constexpr std::uint64_t kMaxHeaderBytes = 16ull << 20;  // 16 MiB of JSON
inline constexpr std::size_t kMaxRank = 8;

// Every structural problem; what() says what was wrong, e.g.
// "tensor 'w' has data_offsets [0, 12] (12 bytes) but dtype F32 and shape [2, 2] need 16".
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Whitelisted dtypes and their item sizes: F64 F32 F16 BF16 I64 I32 I16 I8 U8 BOOL.
// 0 for a name not on the list.
std::size_t itemSize(std::string_view dtype);

struct TensorInfo {
  std::string name;
  std::string dtype;                 // one of the whitelist
  std::vector<std::int64_t> shape;   // every dimension >= 0
  std::uint64_t begin = 0, end = 0;  // byte range in `data`
  std::uint64_t numel() const;
};

struct Parsed {
  std::vector<TensorInfo> tensors;   // sorted by begin
  std::map<std::string, std::string> metadata;
  std::string_view data;             // points into the bytes given to parse
  std::uint64_t header_bytes = 0;    // N
  const TensorInfo* find(std::string_view name) const;
  std::string_view bytesOf(const TensorInfo& t) const { return data.substr(t.begin, t.end - t.begin); }
};

// Throws Error for anything the rules above refuse.
Parsed parse(std::string_view bytes);

// One tensor to write; `bytes` must hold numel(shape) * itemSize(dtype) bytes.
struct TensorData {
  std::string name;
  std::string dtype;
  std::vector<std::int64_t> shape;
  std::string_view bytes;
};

// The tensors in the order given, back to back; the header padded with spaces to a
// multiple of 8 bytes (as Python's safetensors writes it). Throws Error on a bad tensor.
std::string write(const std::vector<TensorData>& tensors,
                  const std::map<std::string, std::string>& metadata = {});

// "[2, 3]"
std::string shapeString(const std::vector<std::int64_t>& shape);

}  // namespace aaren::safetensors
