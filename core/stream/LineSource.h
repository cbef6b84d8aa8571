#pragma once
// The part every text-line source shares (file, TCP, UDP): bytes in, lines out through a
// LineParser, samples delivered, malformed lines counted with their line number, over-long
// lines skipped to their newline. Line numbers count from 1 over the source's lifetime
// (for a file: from the start of the file; after a truncation, from 1 again).
//
// Each stream of lines (the file, one TCP connection) has a LineReader of its own: its
// format, header and width are detected on its own lines, so one sender's lines never
// decide how the next sender's are read. Nothing a line holds ends the source: whatever
// parsing it throws is counted as that line being malformed.
// Threading: the source's own thread only.
#include "core/stream/LineParser.h"
#include "core/stream/StreamSource.h"

#include <string>
#include <string_view>

namespace aaren::stream {

// One stream of lines: its parser, the partial line waiting for its newline, line numbers.
struct LineReader {
  explicit LineReader(const LineParserOptions& options) : parser(options) {}
  LineParser parser;
  std::string partial;
  bool skipping = false;        // inside an over-long line (or a line joined mid-way)
  std::size_t delivered = 0;
  std::int64_t line_no = 0;
};

class LineSource : public StreamSource {
 protected:
  LineSource(std::size_t capacity, OverflowPolicy policy, LineParserOptions parser);

  // A reader for a new stream of lines (a connection), with the source's parser options.
  LineReader newReader() const { return LineReader(parser_options_); }
  // Appends bytes; every complete line is parsed. Returns the samples delivered.
  std::size_t ingest(std::string_view bytes) { return ingest(reader_, bytes); }
  std::size_t ingest(LineReader& reader, std::string_view bytes);
  // One complete datagram/line set: its last line needs no newline.
  std::size_t ingestDatagram(std::string_view bytes);
  // The connection ended: a pending partial line is counted malformed ("incomplete line").
  void endOfInput() { endOfInput(reader_); }
  void endOfInput(LineReader& reader);
  // Start over (a truncated file, a new connection): forget the partial line, line numbers
  // from 1. With `new_parser`, the format, header and width are forgotten too.
  void restart(bool new_parser);
  // The bytes up to the next newline belong to a line begun before (a file followed from
  // its end inside a long line): skip them without counting them.
  void skipToNextLine();
  bool hasPartialLine() const noexcept { return !reader_.partial.empty() || reader_.skipping; }

 private:
  void line(LineReader& reader, std::string_view text);
  void overlong(LineReader& reader);

  LineParserOptions parser_options_;
  LineReader reader_;  // the single stream of a file, a UDP socket, a TCP connection made
};

}  // namespace aaren::stream
