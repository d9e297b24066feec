#include "core/json_field.hpp"

#include "core/text.hpp"

namespace chillnode {

namespace {

// UTF-8 for U+FFFD REPLACEMENT CHARACTER.
constexpr std::string_view ReplacementCharacter = "\xEF\xBF\xBD";

bool isScalarByte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         c == '-' || c == '+' || c == '.';
}

bool isUnsignedInteger(std::string_view token) {
  if (token.empty() || (token.size() > 1 && token.front() == '0')) return false;
  for (char c : token) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A cursor over the object text. Every read returns false or nullopt on malformed input
// and never reads past the end.
class JsonScanner {
public:
  explicit JsonScanner(std::string_view text) : m_text(text) {}

  void skipWhitespace() {
    while (m_pos < m_text.size() && isAsciiWhitespace(m_text[m_pos])) ++m_pos;
  }

  bool atEnd() const { return m_pos >= m_text.size(); }

  bool consume(char expected) {
    skipWhitespace();
    if (atEnd() || m_text[m_pos] != expected) return false;
    ++m_pos;
    return true;
  }

  std::optional<std::string> readString();
  std::optional<std::string> readStringOrInteger();
  bool skipValue();

private:
  bool appendEscape(std::string& out);
  bool appendUnicodeEscape(std::string& out);
  bool skipString();
  bool skipContainer();
  std::string_view readScalar();

  std::string_view m_text;
  std::size_t m_pos = 0;
};

bool JsonScanner::appendUnicodeEscape(std::string& out) {
  if (m_pos + 4 > m_text.size()) return false;
  unsigned value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    char digit = toLowerAscii(m_text[m_pos++]);
    bool isHex = (digit >= '0' && digit <= '9') || (digit >= 'a' && digit <= 'f');
    if (!isHex) return false;
    value = value * 16 + static_cast<unsigned>(digit <= '9' ? digit - '0' : digit - 'a' + 10);
  }
  if (value < 0x80) {
    out += static_cast<char>(value);
  } else {
    out += ReplacementCharacter;
  }
  return true;
}

bool JsonScanner::appendEscape(std::string& out) {
  if (atEnd()) return false;
  char c = m_text[m_pos++];
  switch (c) {
    case '"': case '\\': case '/': out += c; return true;
    case 'b': out += '\b'; return true;
    case 'f': out += '\f'; return true;
    case 'n': out += '\n'; return true;
    case 'r': out += '\r'; return true;
    case 't': out += '\t'; return true;
    case 'u': return appendUnicodeEscape(out);
    default: return false;
  }
}

std::optional<std::string> JsonScanner::readString() {
  if (!consume('"')) return std::nullopt;
  std::string value;
  while (!atEnd()) {
    char c = m_text[m_pos++];
    if (c == '"') return value;
    if (c != '\\') {
      value += c;
    } else if (!appendEscape(value)) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string_view JsonScanner::readScalar() {
  skipWhitespace();
  std::size_t start = m_pos;
  while (m_pos < m_text.size() && isScalarByte(m_text[m_pos])) ++m_pos;
  return m_text.substr(start, m_pos - start);
}

std::optional<std::string> JsonScanner::readStringOrInteger() {
  skipWhitespace();
  if (!atEnd() && m_text[m_pos] == '"') return readString();
  std::string_view token = readScalar();
  if (!isUnsignedInteger(token)) return std::nullopt;
  return std::string(token);
}

bool JsonScanner::skipString() {
  ++m_pos;  // opening quote
  while (m_pos < m_text.size()) {
    char c = m_text[m_pos++];
    if (c == '"') return true;
    if (c == '\\') ++m_pos;
  }
  return false;
}

// Skips a nested object or array by bracket counting. The outer object is level 1, so a
// container starting here is level 2.
bool JsonScanner::skipContainer() {
  std::size_t depth = 1;
  ++m_pos;
  while (depth > 0 && m_pos < m_text.size()) {
    char c = m_text[m_pos];
    if (c == '"') {
      if (!skipString()) return false;
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    if (depth + 1 > MaxJsonDepth) return false;
    ++m_pos;
  }
  return depth == 0;
}

bool JsonScanner::skipValue() {
  skipWhitespace();
  if (atEnd()) return false;
  char c = m_text[m_pos];
  if (c == '"') return skipString();
  if (c == '{' || c == '[') return skipContainer();
  return !readScalar().empty();
}

// The state of a search for one key across the members of an object.
struct FieldSearch {
  std::string_view key;
  std::optional<std::string> value;
  bool failed = false;  // the key appeared twice or with a value of another type
};

// Reads one "key": value member, storing the value when the key is the one searched for.
bool readMember(JsonScanner& scanner, FieldSearch& search) {
  std::optional<std::string> name = scanner.readString();
  if (!name || !scanner.consume(':')) return false;
  if (!equalsIgnoreCase(*name, search.key)) return scanner.skipValue();

  search.failed = search.failed || search.value.has_value();
  search.value = scanner.readStringOrInteger();
  search.failed = search.failed || !search.value.has_value();
  return true;
}

// Reads the members after the opening brace up to and including the closing one.
bool readMembers(JsonScanner& scanner, FieldSearch& search) {
  if (scanner.consume('}')) return true;
  while (true) {
    if (!readMember(scanner, search)) return false;
    if (scanner.consume('}')) return true;
    if (!scanner.consume(',')) return false;
    if (scanner.consume('}')) return true;  // trailing comma
  }
}

}  // namespace

std::optional<std::string> findJsonField(std::string_view text, std::string_view key) {
  JsonScanner scanner(text);
  FieldSearch search{key, std::nullopt, false};
  if (!scanner.consume('{') || !readMembers(scanner, search)) return std::nullopt;

  scanner.skipWhitespace();
  if (search.failed || !scanner.atEnd()) return std::nullopt;
  return search.value;
}

}  // namespace chillnode
