#include "core/stream/LineSource.h"

namespace aaren::stream {

LineSource::LineSource(std::size_t capacity, OverflowPolicy policy, LineParserOptions parser)
    : StreamSource(capacity, policy), parser_options_(parser), parser_(std::move(parser)) {}

void LineSource::line(std::string_view text) {
  ++line_no_;
  if (text.size() > parser_options_.max_line_bytes) {
    countMalformed(line_no_, "line " + std::to_string(line_no_) + ": longer than " + std::to_string(parser_options_.max_line_bytes) +
                                 " bytes (skipped)");
    return;
  }
  auto p = parser_.parse(text);
  switch (p.kind) {
    case ParsedLine::Kind::Sample:
      deliver(std::move(p.sample));
      ++delivered_;
      break;
    case ParsedLine::Kind::Header:
      setColumns(parser_.columns().empty() ? std::vector<std::string>{} : parser_.columns());
      break;
    case ParsedLine::Kind::Malformed:
      countMalformed(line_no_, "line " + std::to_string(line_no_) + ": " + p.error);
      break;
    case ParsedLine::Kind::Skipped: break;
  }
  if (p.kind == ParsedLine::Kind::Sample && delivered_ == 1 && !parser_.columns().empty()) setColumns(parser_.columns());
}

std::size_t LineSource::ingest(std::string_view bytes) {
  const auto before = delivered_;
  const auto limit = parser_options_.max_line_bytes;
  countBytes(bytes.size());
  while (!bytes.empty()) {
    const auto nl = bytes.find('\n');
    if (nl == std::string_view::npos) {
      if (skipping_) return delivered_ - before;
      partial_.append(bytes);
      if (partial_.size() > limit) {
        ++line_no_;
        countMalformed(line_no_, "line " + std::to_string(line_no_) + ": longer than " + std::to_string(limit) + " bytes (skipped)");
        partial_.clear();
        skipping_ = true;
      }
      break;
    }
    const auto piece = bytes.substr(0, nl);
    bytes.remove_prefix(nl + 1);
    if (skipping_) {
      skipping_ = false;
      continue;
    }
    if (partial_.empty()) {
      line(piece);
    } else {
      partial_.append(piece);
      if (partial_.size() > limit) {
        ++line_no_;
        countMalformed(line_no_, "line " + std::to_string(line_no_) + ": longer than " + std::to_string(limit) + " bytes (skipped)");
      } else {
        line(partial_);
      }
      partial_.clear();
    }
  }
  return delivered_ - before;
}

std::size_t LineSource::ingestDatagram(std::string_view bytes) {
  auto n = ingest(bytes);
  if (!partial_.empty()) {
    const std::string last = std::move(partial_);
    partial_.clear();
    const auto before = delivered_;
    line(last);
    n += delivered_ - before;
  }
  skipping_ = false;
  return n;
}

void LineSource::endOfInput() {
  if (!partial_.empty()) {
    ++line_no_;
    countMalformed(line_no_, "line " + std::to_string(line_no_) + ": incomplete (the connection ended inside it)");
    partial_.clear();
  }
  skipping_ = false;
}

void LineSource::restart(bool new_parser) {
  partial_.clear();
  skipping_ = false;
  line_no_ = 0;
  if (new_parser) parser_ = LineParser(parser_options_);
}

}  // namespace aaren::stream
