#include "core/data/CsvTokenizer.h"

#include <algorithm>
#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace aaren::data {

namespace {

// First delimiter or '\n' in [p, end), 16 bytes at a time where SSE2 is available.
inline const char* findFieldEnd(const char* p, const char* end, char delim) {
#if defined(__SSE2__)
  const __m128i d = _mm_set1_epi8(delim);
  const __m128i nl = _mm_set1_epi8('\n');
  while (end - p >= 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const int m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, d), _mm_cmpeq_epi8(x, nl)));
    if (m != 0) return p + __builtin_ctz(static_cast<unsigned>(m));
    p += 16;
  }
#endif
  while (p < end && *p != delim && *p != '\n') ++p;
  return p;
}

}  // namespace

std::uint64_t countNewlines(const char* p, std::size_t n) noexcept {
  std::uint64_t count = 0;
  const char* end = p + n;
#if defined(__SSE2__)
  const __m128i nl = _mm_set1_epi8('\n');
  while (end - p >= 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    count += static_cast<std::uint64_t>(__builtin_popcount(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, nl)))));
    p += 16;
  }
#endif
  for (; p < end; ++p) count += *p == '\n';
  return count;
}

CsvTokenizer::Result CsvTokenizer::parse(const char* p, const char* end, bool atEof) {
  fields_.clear();
  scratch_.clear();
  const char* const recordStart = p;
  Result r;
  const char delim = delim_;
  for (;;) {
    if (p < end && *p == '"') {
      const char* q = p + 1;
      const char* seg = q;
      bool escaped = false;
      std::size_t scratchStart = 0;
      for (;;) {
        const char* e = static_cast<const char*>(std::memchr(q, '"', static_cast<std::size_t>(end - q)));
        if (e == nullptr) {
          if (!atEof) return Result{};
          r.error = "unterminated quoted field";
          r.errorField = static_cast<std::uint32_t>(fields_.size() + 1);
          return r;
        }
        r.newlines += static_cast<std::uint32_t>(std::count(q, e, '\n'));
        if (e + 1 == end && !atEof) return Result{};  // "" escape or closing quote? need more
        if (e + 1 < end && e[1] == '"') {
          if (!escaped) {
            escaped = true;
            if (scratch_.empty() && scratch_.capacity() < static_cast<std::size_t>(end - recordStart))
              scratch_.reserve(static_cast<std::size_t>(end - recordStart));
            scratchStart = scratch_.size();
          }
          scratch_.append(seg, static_cast<std::size_t>(e + 1 - seg));  // keeps one quote
          q = seg = e + 2;
          continue;
        }
        if (escaped) {
          scratch_.append(seg, static_cast<std::size_t>(e - seg));
          fields_.emplace_back(scratch_.data() + scratchStart, scratch_.size() - scratchStart);
        } else {
          fields_.emplace_back(seg, static_cast<std::size_t>(e - seg));
        }
        p = e + 1;
        break;
      }
      // After the closing quote: delimiter, line end or end of data.
      if (p < end && *p == '\r' && (p + 1 == end || p[1] == '\n')) {
        if (p + 1 == end) {
          if (!atEof) return Result{};
          r.next = end;
          return r;
        }
        r.next = p + 2;
        return r;
      }
      if (p < end && *p != delim && *p != '\n') {
        r.error = "unexpected text after a closing quote";
        r.errorField = static_cast<std::uint32_t>(fields_.size());
        return r;
      }
    } else {
      const char* s = p;
      p = findFieldEnd(p, end, delim);
      const char* e = p;
      if (e > s && e[-1] == '\r' && ((p < end && *p == '\n') || (p == end && atEof))) --e;
      fields_.emplace_back(s, static_cast<std::size_t>(e - s));
    }
    if (p == end) {
      if (!atEof) return Result{};
      r.next = end;
      return r;
    }
    if (*p == '\n') {
      r.next = p + 1;
      return r;
    }
    ++p;  // delimiter
  }
}

char detectDelimiter(std::string_view sample) {
  static constexpr std::array<char, 4> kCandidates = {',', ';', '\t', '|'};
  std::array<long, 4> first{};
  std::array<bool, 4> consistent{true, true, true, true};
  int lines = 0;
  std::size_t pos = 0;
  while (pos < sample.size() && lines < 30) {
    std::size_t nl = sample.find('\n', pos);
    const bool complete = nl != std::string_view::npos;
    if (!complete) nl = sample.size();
    std::string_view line = sample.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (!complete && lines > 0) break;  // a cut-off last line would skew the counts
    std::array<long, 4> counts{};
    bool quoted = false;
    for (char c : line) {
      if (c == '"') quoted = !quoted;
      if (quoted) continue;
      for (std::size_t k = 0; k < kCandidates.size(); ++k) counts[k] += c == kCandidates[k];
    }
    for (std::size_t k = 0; k < kCandidates.size(); ++k) {
      if (lines == 0) first[k] = counts[k];
      else if (counts[k] != first[k]) consistent[k] = false;
    }
    ++lines;
  }
  char best = ',';
  long bestCount = 0;
  for (std::size_t k = 0; k < kCandidates.size(); ++k)
    if (consistent[k] && first[k] > bestCount) best = kCandidates[k], bestCount = first[k];
  if (bestCount == 0)  // nothing consistent: the most frequent on the first line
    for (std::size_t k = 0; k < kCandidates.size(); ++k)
      if (first[k] > bestCount) best = kCandidates[k], bestCount = first[k];
  return best;
}

bool isValidUtf8(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) n = 1, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) n = 2, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) n = 3, cp = c & 0x07;
    else return false;
    if (end - p <= n) return false;
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    p += n + 1;
  }
  return true;
}

}  // namespace aaren::data
