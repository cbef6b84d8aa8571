#pragma once
// The part every text-line source shares (file, TCP, UDP): bytes in, lines out through a
// LineParser, samples delivered, malformed lines counted with their line number, over-long
// lines skipped to their newline. Line numbers count from 1 over the source's lifetime
// (for a file: from the start of the file; after a truncation, from 1 again).
// Threading: the source's own thread only.
#include "core/stream/LineParser.h"
#include "core/stream/StreamSource.h"

#include <string>
#include <string_view>

namespace aaren::stream {

class LineSource : public StreamSource {
 protected:
  LineSource(std::size_t capacity, OverflowPolicy policy, LineParserOptions parser);

  // Appends bytes; every complete line is parsed. Returns the samples delivered.
  std::size_t ingest(std::string_view bytes);
  // One complete datagram/line set: its last line needs no newline.
  std::size_t ingestDatagram(std::string_view bytes);
  // The connection ended: a pending partial line is counted malformed ("incomplete line").
  void endOfInput();
  // Start over (a truncated file): forget the partial line, line numbers from 1. With
  // `new_parser`, the header and width are forgotten too.
  void restart(bool new_parser);
  bool hasPartialLine() const noexcept { return !partial_.empty() || skipping_; }

 private:
  void line(std::string_view text);

  LineParserOptions parser_options_;
  LineParser parser_;
  std::string partial_;
  bool skipping_ = false;  // inside an over-long line
  std::size_t delivered_ = 0;
  std::int64_t line_no_ = 0;
};

}  // namespace aaren::stream
