#pragma once
// Peer text made safe to show and to put in JSON: every result is valid UTF-8. Bytes that
// are not UTF-8 become U+FFFD, control characters (NUL, ESC, …) become `\xNN`, and a cut
// falls on a character boundary, never inside one (nlohmann's dump() throws on invalid
// UTF-8, a terminal misreads control bytes).
// Threading: pure functions.
#include <cstddef>
#include <string>
#include <string_view>

namespace aaren::stream {

// `text` made valid UTF-8 as above, whole.
std::string safeText(std::string_view text);

// At most `max_bytes` of `text` (counted in the input, cut on a character boundary) made
// valid UTF-8 as above, with "…" appended when something was cut.
std::string excerpt(std::string_view text, std::size_t max_bytes);

}  // namespace aaren::stream
