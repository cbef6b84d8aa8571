#pragma once
// Text from data, file names and model files made safe for the formats the app writes:
// one helper per target language. Every renderer calls these; none escapes by hand.
//
//   validUtf8     invalid UTF-8 byte sequences become U+FFFD (one per maximal invalid run
//                 of a sequence, as WHATWG and Qt decode), so no writer emits broken UTF-8.
//   xmlSafeText   validUtf8 without the characters XML 1.0 forbids (U+0000–U+001F but tab,
//                 line feed and carriage return; U+FFFE, U+FFFF): the plain text that may go
//                 into an XML/SVG/HTML document or PDF metadata (before escaping).
//   xmlEscape     xmlSafeText with & < > " ' as entities: element text and quoted attribute
//                 values in XML, SVG and HTML alike (htmlEscape is the same function).
//   csvTextField  one CSV text cell (a name, a label): quoted per RFC 4180 when it holds a
//                 comma, quote, CR or LF; a cell that starts with = + - @ tab or CR gets a
//                 leading apostrophe so a spreadsheet shows it as text instead of running it
//                 as a formula (OWASP "CSV injection"). Numbers and timestamps are written
//                 as they are, never through this.
//
// Threading: pure functions.
#include <string>
#include <string_view>

namespace aaren::report {

std::string validUtf8(std::string_view text);
std::string xmlSafeText(std::string_view text);
std::string xmlEscape(std::string_view text);
inline std::string htmlEscape(std::string_view text) { return xmlEscape(text); }
std::string csvTextField(std::string_view text);

}  // namespace aaren::report
