#include "core/stream/TextExcerpt.h"

#include <cstdint>

namespace aaren::stream {

namespace {

// The length of the valid UTF-8 character at the start of `s` (1–4), or 0 when the bytes
// there are not one (stray continuation, overlong form, surrogate, past U+10FFFF, cut).
std::size_t utf8Length(std::string_view s) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  std::uint32_t cp = 0, min = 0;
  if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1Fu, min = 0x80;
  else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0Fu, min = 0x800;
  else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07u, min = 0x10000;
  else return 0;
  if (s.size() < n) return 0;
  for (std::size_t i = 1; i < n; ++i) {
    if ((b(i) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i) & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

void appendSafe(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  while (!text.empty()) {
    const auto n = utf8Length(text);
    const auto c = static_cast<unsigned char>(text.front());
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      text.remove_prefix(1);
    } else if (n == 1 && (c < 0x20 || c == 0x7F)) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
      text.remove_prefix(1);
    } else {
      out.append(text.substr(0, n));
      text.remove_prefix(n);
    }
  }
}

}  // namespace

std::string safeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  appendSafe(out, text);
  return out;
}

std::string excerpt(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return safeText(text);
  std::size_t cut = max_bytes;
  // Back off to the start of a character: at most 3 continuation bytes; a longer run of
  // them is not UTF-8 anyway and is cut where it is.
  for (std::size_t back = 0; back < 3 && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80; ++back) --cut;
  if ((static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) cut = max_bytes;
  std::string out = safeText(text.substr(0, cut));
  out += "…";
  return out;
}

}  // namespace aaren::stream
