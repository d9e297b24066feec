#include "core/text.hpp"

#include <cstdio>

namespace chillnode {

namespace {

// Values longer than this are cut in error messages.
constexpr std::size_t MaxQuotedValueBytes = 40;

bool isUtf8ContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

// Returns the longest prefix of at most maxBytes bytes that does not end inside a UTF-8
// sequence.
std::string_view cutAtCharacterBoundary(std::string_view text, std::size_t maxBytes) {
  if (text.size() <= maxBytes) return text;
  std::size_t end = maxBytes;
  while (end > 0 && isUtf8ContinuationByte(text[end])) --end;
  return text.substr(0, end);
}

void appendEscapedByte(std::string& out, char c) {
  char escaped[8];
  std::snprintf(escaped, sizeof escaped, "\\x%02X", static_cast<unsigned char>(c));
  out += escaped;
}

}  // namespace

bool isAsciiWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trimWhitespace(std::string_view text) {
  while (!text.empty() && isAsciiWhitespace(text.front())) text.remove_prefix(1);
  while (!text.empty() && isAsciiWhitespace(text.back())) text.remove_suffix(1);
  return text;
}

char toLowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string toUpperAscii(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return upper;
}

bool equalsIgnoreCase(std::string_view left, std::string_view right) {
  if (left.size() != right.size()) return false;
  for (std::size_t i = 0; i < left.size(); ++i) {
    if (toLowerAscii(left[i]) != toLowerAscii(right[i])) return false;
  }
  return true;
}

std::string foldFieldName(std::string_view name) {
  std::string folded;
  for (char c : name) {
    if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '#' || c == '/') continue;
    folded += toLowerAscii(c);
  }
  return folded;
}

std::string removeControlCharacters(std::string_view text) {
  std::string cleaned;
  cleaned.reserve(text.size());
  bool inLineBreak = false;  // inside a run of tabs, CRs and LFs, already written as a space
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    bool isBreak = byte == '\t' || byte == '\r' || byte == '\n';
    if (isBreak && !inLineBreak) cleaned += ' ';
    inLineBreak = isBreak;
    if (isBreak || byte < 0x20 || byte == 0x7F) continue;

    bool isC1 = byte == 0xC2 && i + 1 < text.size() &&
                static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (isC1) {
      ++i;  // skip both bytes of the two-byte sequence
      continue;
    }
    cleaned += text[i];
  }
  return cleaned;
}

std::string quoteForMessage(std::string_view value) {
  std::string_view shown = cutAtCharacterBoundary(value, MaxQuotedValueBytes);
  std::string quoted = "\"";
  for (char c : shown) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      appendEscapedByte(quoted, c);
    } else if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else {
      quoted += c;
    }
  }
  quoted += shown.size() < value.size() ? "...\"" : "\"";
  return quoted;
}

}  // namespace chillnode
