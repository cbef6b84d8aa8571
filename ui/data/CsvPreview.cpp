#include "ui/data/CsvPreview.h"

#include "core/data/CsvTokenizer.h"
#include "ui/data/Importer.h"

#include <QFile>
#include <QFileInfo>

namespace aaren::ui {

namespace dd = aaren::data;

CsvHead readCsvHead(const QString& path, std::size_t maxBytes, std::size_t maxLines) {
  CsvHead head;
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    head.error = QFileInfo(path).fileName().toStdString() + ": " + f.errorString().toStdString();
    return head;
  }
  head.fileBytes = static_cast<quint64>(f.size());
  const QByteArray bytes = f.read(static_cast<qint64>(maxBytes));
  std::string text(bytes.constData(), static_cast<std::size_t>(bytes.size()));
  head.truncated = !f.atEnd();
  // Keep whole lines only, and at most maxLines of them.
  std::size_t lines = 0, cut = std::string::npos;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' && ++lines == maxLines) {
      cut = i + 1;
      break;
    }
  if (cut != std::string::npos && cut < text.size()) {
    text.resize(cut);
    head.truncated = true;
  } else if (head.truncated) {
    const std::size_t last = text.rfind('\n');
    if (last != std::string::npos) text.resize(last + 1);
  }
  head.text = std::move(text);
  return head;
}

std::vector<std::vector<std::string>> splitRecords(const std::string& text, char delimiter, std::size_t maxRows) {
  std::string_view body(text);
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  if (delimiter == 0) delimiter = dd::detectDelimiter(body);
  dd::CsvTokenizer tok(delimiter);
  std::vector<std::vector<std::string>> rows;
  const char* p = body.data();
  const char* end = body.data() + body.size();
  while (p < end && rows.size() < maxRows) {
    // Skip blank and comment lines.
    if (*p == '\n' || *p == '\r' || *p == '#') {
      const char* nl = static_cast<const char*>(memchr(p, '\n', static_cast<std::size_t>(end - p)));
      p = nl ? nl + 1 : end;
      continue;
    }
    const auto r = tok.parse(p, end, /*atEof=*/true);
    if (!r.next || r.error) break;
    std::vector<std::string> fields;
    for (const auto& f : tok.fields()) fields.emplace_back(f);
    rows.push_back(std::move(fields));
    p = r.next;
  }
  return rows;
}

namespace {

// Removes 1-based line `line` from `text`; false when there is no such line.
bool removeLine(std::string& text, std::uint64_t line) {
  std::size_t start = 0;
  for (std::uint64_t l = 1; l < line; ++l) {
    const std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) return false;
    start = nl + 1;
  }
  if (start >= text.size()) return false;
  const std::size_t nl = text.find('\n', start);
  // Keep the line break so the following line numbers stay as in the file.
  text.replace(start, (nl == std::string::npos ? text.size() : nl) - start, "#");
  return true;
}

}  // namespace

CsvCheck checkCsv(const CsvHead& head, const ImportRequest& request, std::size_t maxErrors) {
  CsvCheck check;
  if (!head.error.empty()) {
    check.fatal = head.error;
    return check;
  }
  const std::string source = QFileInfo(request.path).fileName().toStdString();
  const dd::CsvOptions options = readerOptions(request);
  std::string text = head.text;
  // The first line with content is the header (or the first row): a failure there, or one
  // that names no line, means these options cannot read the file.
  std::uint64_t firstLine = 1;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t nl = text.find('\n', pos);
    const std::string_view line(text.data() + pos, (nl == std::string::npos ? text.size() : nl) - pos);
    const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
    const bool comment = !blank && line.front() == '#';
    if (!blank && !comment && !(firstLine == 1 && line.substr(0, 3) == "\xEF\xBB\xBF" && line.size() == 3)) break;
    ++firstLine;
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  std::uint64_t previous = 0;
  for (;;) {
    try {
      check.result = dd::readCsv(text, options);
      break;
    } catch (const dd::DataError& e) {
      if (e.line() <= firstLine || e.line() == previous || !removeLine(text, e.line())) {
        check.fatal = e.what();
        return check;
      }
      previous = e.line();
      ++check.rowsFailed;
      check.errors.push_back(e.what());
      if (check.errors.size() >= maxErrors) {
        // Stop here: count the rows before this line, leave the rest of the head unchecked.
        check.moreErrors = true;
        std::size_t cut = 0;
        for (std::uint64_t l = 1; l < e.line(); ++l) cut = text.find('\n', cut) + 1;
        text.resize(cut);
        try {
          check.result = dd::readCsv(text, options);
        } catch (const dd::DataError& inner) {
          check.fatal = inner.what();
          return check;
        }
        break;
      }
    }
  }
  for (const auto& c : check.result.series.columns) check.columns.push_back(c.name);
  try {
    applyTimeFormat(check.result.series, request.csv.timeColumn, request.time, source, check.result.warnings);
    check.valueColumns = check.result.series.names;
    keepValueColumns(check.result.series, request.valueColumns, source);
  } catch (const dd::DataError& e) {
    check.fatal = e.what();
    check.rowsParsed = 0;
    return check;
  }
  check.rowsParsed = check.result.series.rows;
  return check;
}

}  // namespace aaren::ui
