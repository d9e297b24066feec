#include "core/csv.hpp"

#include <array>

#include "core/text.hpp"

namespace chillnode {

namespace {

constexpr std::string_view Utf8ByteOrderMark = "\xEF\xBB\xBF";

std::string_view stripByteOrderMark(std::string_view text) {
  if (text.substr(0, Utf8ByteOrderMark.size()) == Utf8ByteOrderMark) {
    text.remove_prefix(Utf8ByteOrderMark.size());
  }
  return text;
}

bool isLineEnd(char c) {
  return c == '\r' || c == '\n';
}

// A cursor that reads records and counts physical lines, including the line breaks inside
// quoted fields.
class CsvReader {
public:
  CsvReader(std::string_view text, char separator) : m_text(text), m_separator(separator) {}

  CsvTable readAll();

private:
  bool atEnd() const { return m_pos >= m_text.size(); }
  bool isPadding(char c) const { return (c == ' ' || c == '\t') && c != m_separator; }
  void skipPadding();
  void consumeLineEnd();
  bool readRecord(CsvRecord& record);
  bool readField(std::string& field, const CsvRecord& record);
  bool readQuotedField(std::string& field, const CsvRecord& record);
  void readUnquotedField(std::string& field);
  bool fail(const CsvRecord& record, std::string problem);

  std::string_view m_text;
  char m_separator;
  std::size_t m_pos = 0;
  std::size_t m_line = 1;
  std::optional<CsvError> m_error;
};

void CsvReader::skipPadding() {
  while (!atEnd() && isPadding(m_text[m_pos])) ++m_pos;
}

// Consumes CRLF, LF or a lone CR.
void CsvReader::consumeLineEnd() {
  if (m_text[m_pos] == '\r' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '\n') ++m_pos;
  ++m_pos;
  ++m_line;
}

bool CsvReader::fail(const CsvRecord& record, std::string problem) {
  m_error = CsvError{record.line, record.fields.size() + 1, std::move(problem)};
  return false;
}

bool CsvReader::readQuotedField(std::string& field, const CsvRecord& record) {
  ++m_pos;  // opening quote
  while (!atEnd()) {
    char c = m_text[m_pos];
    if (c == '"' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '"') {
      field += '"';
      m_pos += 2;
    } else if (c == '"') {
      ++m_pos;
      return true;
    } else {
      bool isLoneCr = c == '\r' && (m_pos + 1 >= m_text.size() || m_text[m_pos + 1] != '\n');
      if (c == '\n' || isLoneCr) ++m_line;
      field += c;
      ++m_pos;
    }
  }
  return fail(record, "quoted value " + quoteForMessage(field) +
                          " has no closing quote: add the closing \" and double each \" inside "
                          "the value");
}

void CsvReader::readUnquotedField(std::string& field) {
  std::size_t start = m_pos;
  while (!atEnd() && m_text[m_pos] != m_separator && !isLineEnd(m_text[m_pos])) ++m_pos;
  std::string_view raw = m_text.substr(start, m_pos - start);
  while (!raw.empty() && isPadding(raw.back())) raw.remove_suffix(1);
  field.assign(raw);
}

bool CsvReader::readField(std::string& field, const CsvRecord& record) {
  skipPadding();
  if (atEnd() || m_text[m_pos] != '"') {
    readUnquotedField(field);
    return true;
  }
  if (!readQuotedField(field, record)) return false;

  skipPadding();
  if (atEnd() || m_text[m_pos] == m_separator || isLineEnd(m_text[m_pos])) return true;
  return fail(record, "unexpected text after the closing quote of " + quoteForMessage(field) +
                          ": double each \" inside a quoted value");
}

bool CsvReader::readRecord(CsvRecord& record) {
  while (true) {
    std::string field;
    if (!readField(field, record)) return false;
    record.fields.push_back(std::move(field));
    if (atEnd()) return true;
    if (m_text[m_pos] != m_separator) {
      consumeLineEnd();
      return true;
    }
    ++m_pos;
  }
}

bool isBlankRecord(const CsvRecord& record) {
  return record.fields.size() == 1 && record.fields.front().empty();
}

CsvTable CsvReader::readAll() {
  CsvTable table;
  table.separator = m_separator;
  while (!atEnd()) {
    CsvRecord record{m_line, {}};
    if (!readRecord(record)) {
      table.error = std::move(m_error);
      return table;
    }
    if (!isBlankRecord(record)) table.records.push_back(std::move(record));
  }
  return table;
}

// Counts each candidate byte in the first line of text, skipping quoted sections, which
// may span line breaks.
std::array<std::size_t, 3> countOutsideQuotes(std::string_view text,
                                              const std::array<char, 3>& candidates) {
  std::array<std::size_t, 3> counts = {0, 0, 0};
  bool inQuotes = false;
  for (std::size_t i = 0; i < text.size() && (inQuotes || !isLineEnd(text[i])); ++i) {
    if (text[i] == '"') inQuotes = !inQuotes;
    for (std::size_t k = 0; k < candidates.size(); ++k) {
      if (!inQuotes && text[i] == candidates[k]) ++counts[k];
    }
  }
  return counts;
}

}  // namespace

char detectSeparator(std::string_view text) {
  text = stripByteOrderMark(text);
  while (!text.empty() && isLineEnd(text.front())) text.remove_prefix(1);

  constexpr std::array<char, 3> Candidates = {',', ';', '\t'};
  std::array<std::size_t, 3> counts = countOutsideQuotes(text, Candidates);
  std::size_t best = 0;
  for (std::size_t k = 1; k < Candidates.size(); ++k) {
    if (counts[k] > counts[best]) best = k;
  }
  return Candidates[best];
}

CsvTable readCsv(std::string_view text) {
  text = stripByteOrderMark(text);
  return CsvReader(text, detectSeparator(text)).readAll();
}

}  // namespace chillnode
