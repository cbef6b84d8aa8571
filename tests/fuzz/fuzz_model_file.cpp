// libFuzzer target: the model-file reader's Torch-free checks on arbitrary bytes. The first
// byte picks what the rest is:
//   0: a whole .aaren file (container, checksum, header, safetensors weights) -> decode
//   1: "<header JSON>\0<safetensors weights>", framed as a format-3 file with a correct
//      checksum so that the header validation and the weights parser are reached -> decode
//   2: safetensors bytes -> safetensors::parse
// A ModelFileError or safetensors::Error is the expected answer to bad input; anything else
// (another exception, a crash, an ASan report) is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/models/ModelFileInfo.h"
#include "core/models/SafeTensors.h"

using namespace aaren;

namespace {

std::string le(std::uint64_t v, int width) {
  std::string out;
  for (int i = 0; i < width; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return out;
}

std::string frame(std::string_view rest) {
  const auto cut = rest.find('\0');
  const std::string_view header = rest.substr(0, cut);
  const std::string_view weights = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 1);
  std::string out = std::string("AARENMDL") + le(kModelFileFormatVersion, 4) + le(header.size(), 8);
  out.append(header);
  out += le(weights.size(), 8);
  out.append(weights);
  return out + modelfile_detail::sha256Raw(out);
}

void checkDecoded(const modelfile_detail::Decoded& d) {
  // What decode promises: a validated header and weights that tile their data.
  std::uint64_t covered = 0;
  for (const auto& t : d.tensors.tensors) covered += t.end - t.begin;
  if (covered != d.tensors.data.size()) std::abort();
  if (d.tensors.data.size() < minimumWeightBytes(d.info.options)) std::abort();
  if (d.info.options.layers > 64 || d.info.options.d_model > 4096) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 3) {
      case 0: checkDecoded(modelfile_detail::decode("fuzz.aaren", rest)); break;
      case 1: {
        const std::string file = frame(rest);
        checkDecoded(modelfile_detail::decode("fuzz.aaren", file));
        break;
      }
      default: {
        const auto parsed = safetensors::parse(rest);
        for (const auto& t : parsed.tensors)
          if (parsed.bytesOf(t).size() != t.numel() * safetensors::itemSize(t.dtype)) std::abort();
      }
    }
  } catch (const ModelFileError&) {
  } catch (const safetensors::Error&) {
  }
  return 0;
}
