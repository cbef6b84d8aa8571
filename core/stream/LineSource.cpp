#include "core/stream/LineSource.h"

#include "core/stream/TextExcerpt.h"

#include <exception>

namespace aaren::stream {

LineSource::LineSource(std::size_t capacity, OverflowPolicy policy, LineParserOptions parser)
    : StreamSource(capacity, policy), parser_options_(parser), reader_(parser_options_) {}

void LineSource::overlong(LineReader& reader) {
  ++reader.line_no;
  countMalformed(reader.line_no, "line " + std::to_string(reader.line_no) + ": longer than " + std::to_string(parser_options_.max_line_bytes) +
                                     " bytes (skipped)");
}

void LineSource::line(LineReader& reader, std::string_view text) {
  if (text.size() > parser_options_.max_line_bytes) return overlong(reader);
  ++reader.line_no;
  ParsedLine p;
  try {
    p = reader.parser.parse(text);
  } catch (const std::exception& e) {  // LineParser catches its own; this is the last guard (bad_alloc)
    p.kind = ParsedLine::Kind::Malformed;
    p.error = "cannot be read: " + excerpt(e.what(), 160);
  }
  switch (p.kind) {
    case ParsedLine::Kind::Sample:
      deliver(std::move(p.sample));
      ++reader.delivered;
      break;
    case ParsedLine::Kind::Header:
      setColumns(reader.parser.columns());
      break;
    case ParsedLine::Kind::Malformed:
      countMalformed(reader.line_no, "line " + std::to_string(reader.line_no) + ": " + p.error);
      break;
    case ParsedLine::Kind::Skipped: break;
  }
  if (p.kind == ParsedLine::Kind::Sample && reader.delivered == 1 && !reader.parser.columns().empty()) setColumns(reader.parser.columns());
}

std::size_t LineSource::ingest(LineReader& reader, std::string_view bytes) {
  const auto before = reader.delivered;
  const auto limit = parser_options_.max_line_bytes;
  countBytes(bytes.size());
  while (!bytes.empty()) {
    const auto nl = bytes.find('\n');
    if (nl == std::string_view::npos) {
      if (reader.skipping) return reader.delivered - before;
      if (reader.partial.size() + bytes.size() > limit) {
        overlong(reader);
        reader.partial.clear();
        reader.skipping = true;
      } else {
        reader.partial.append(bytes);
      }
      break;
    }
    const auto piece = bytes.substr(0, nl);
    bytes.remove_prefix(nl + 1);
    if (reader.skipping) {
      reader.skipping = false;
      continue;
    }
    if (reader.partial.empty()) {
      line(reader, piece);
    } else if (reader.partial.size() + piece.size() > limit) {
      overlong(reader);
      reader.partial.clear();
    } else {
      reader.partial.append(piece);
      line(reader, reader.partial);
      reader.partial.clear();
    }
  }
  return reader.delivered - before;
}

std::size_t LineSource::ingestDatagram(std::string_view bytes) {
  auto n = ingest(reader_, bytes);
  if (!reader_.partial.empty()) {
    const std::string last = std::move(reader_.partial);
    reader_.partial.clear();
    const auto before = reader_.delivered;
    line(reader_, last);
    n += reader_.delivered - before;
  }
  reader_.skipping = false;
  return n;
}

void LineSource::endOfInput(LineReader& reader) {
  if (!reader.partial.empty()) {
    ++reader.line_no;
    countMalformed(reader.line_no, "line " + std::to_string(reader.line_no) + ": incomplete (the connection ended inside it)");
    reader.partial.clear();
  }
  reader.skipping = false;
}

void LineSource::restart(bool new_parser) {
  if (new_parser) {
    reader_ = newReader();
    return;
  }
  reader_.partial.clear();
  reader_.skipping = false;
  reader_.line_no = 0;
}

void LineSource::skipToNextLine() {
  reader_.partial.clear();
  reader_.skipping = true;
}

}  // namespace aaren::stream
