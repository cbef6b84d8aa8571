#include "core/report/Escape.h"

#include <cstdint>

namespace aaren::report {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

struct Decoded {
  char32_t code = 0;
  std::size_t length = 1;  // bytes consumed (the maximal invalid prefix when !valid)
  bool valid = false;
};

// Decodes the UTF-8 sequence at `at` (Unicode 15, table 3-7: no overlongs, no surrogates,
// nothing above U+10FFFF). An invalid sequence consumes its maximal valid prefix, at least
// one byte, which becomes one U+FFFD.
Decoded decodeAt(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[at + k]); };
  const std::uint8_t lead = byte(0);
  if (lead < 0x80) return {lead, 1, true};
  std::size_t length = 0;
  std::uint8_t low = 0x80, high = 0xBF;  // allowed range of the second byte
  char32_t code = 0;
  if (lead >= 0xC2 && lead <= 0xDF) length = 2, code = lead & 0x1Fu;
  else if (lead >= 0xE0 && lead <= 0xEF) length = 3, code = lead & 0x0Fu, low = lead == 0xE0 ? 0xA0 : 0x80, high = lead == 0xED ? 0x9F : 0xBF;
  else if (lead >= 0xF0 && lead <= 0xF4) length = 4, code = lead & 0x07u, low = lead == 0xF0 ? 0x90 : 0x80, high = lead == 0xF4 ? 0x8F : 0xBF;
  else return {};
  for (std::size_t k = 1; k < length; ++k) {
    if (at + k >= text.size()) return {0, k, false};
    const std::uint8_t b = byte(k);
    if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) return {0, k, false};
    code = (code << 6) | (b & 0x3Fu);
  }
  return {code, length, true};
}

bool forbiddenInXml(char32_t code) {
  return (code < 0x20 && code != U'\t' && code != U'\n' && code != U'\r') || code == 0xFFFE || code == 0xFFFF;
}

// Appends the valid UTF-8 of `text` to `out`, U+FFFD for each invalid sequence; with
// `xml`, leaves out the characters XML 1.0 forbids.
template <class Append>
void forEachCharacter(std::string_view text, bool xml, Append&& append) {
  for (std::size_t at = 0; at < text.size();) {
    const Decoded d = decodeAt(text, at);
    if (!d.valid) append(U'\xFFFD', kReplacement);
    else if (!(xml && forbiddenInXml(d.code))) append(d.code, text.substr(at, d.length));
    at += d.length;
  }
}

}  // namespace

std::string validUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  forEachCharacter(text, false, [&](char32_t, std::string_view bytes) { out += bytes; });
  return out;
}

std::string xmlSafeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  forEachCharacter(text, true, [&](char32_t, std::string_view bytes) { out += bytes; });
  return out;
}

std::string xmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  forEachCharacter(text, true, [&](char32_t code, std::string_view bytes) {
    switch (code) {
      case U'&': out += "&amp;"; break;
      case U'<': out += "&lt;"; break;
      case U'>': out += "&gt;"; break;
      case U'"': out += "&quot;"; break;
      case U'\'': out += "&#39;"; break;
      default: out += bytes;
    }
  });
  return out;
}

std::string csvTextField(std::string_view text) {
  std::string cell = validUtf8(text);
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) cell.insert(0, 1, '\'');
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

}  // namespace aaren::report
