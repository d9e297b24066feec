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

namespace {

// Base letters of U+00C0 to U+017F, in ranges of code points that fold alike. The signs ×
// and ÷ are missing, so they stay as they are.
struct FoldRange {
  char32_t first;
  char32_t last;
  const char* base;
};

constexpr FoldRange LatinFolds[] = {
    {0xC0, 0xC5, "a"},   {0xC6, 0xC6, "ae"},  {0xC7, 0xC7, "c"},   {0xC8, 0xCB, "e"},   {0xCC, 0xCF, "i"},
    {0xD0, 0xD0, "d"},   {0xD1, 0xD1, "n"},   {0xD2, 0xD6, "o"},   {0xD8, 0xD8, "o"},   {0xD9, 0xDC, "u"},
    {0xDD, 0xDD, "y"},   {0xDE, 0xDE, "th"},  {0xDF, 0xDF, "ss"},  {0xE0, 0xE5, "a"},   {0xE6, 0xE6, "ae"},
    {0xE7, 0xE7, "c"},   {0xE8, 0xEB, "e"},   {0xEC, 0xEF, "i"},   {0xF0, 0xF0, "d"},   {0xF1, 0xF1, "n"},
    {0xF2, 0xF6, "o"},   {0xF8, 0xF8, "o"},   {0xF9, 0xFC, "u"},   {0xFD, 0xFD, "y"},   {0xFE, 0xFE, "th"},
    {0xFF, 0xFF, "y"},   {0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"},
    {0x11C, 0x123, "g"}, {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"},
    {0x136, 0x138, "k"}, {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"},
    {0x154, 0x159, "r"}, {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"}, {0x174, 0x175, "w"},
    {0x176, 0x178, "y"}, {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
};

const char* latinBase(char32_t codePoint) {
  for (const FoldRange& range : LatinFolds) {
    if (codePoint >= range.first && codePoint <= range.last) return range.base;
  }
  return nullptr;
}

}  // namespace

std::string foldForSearch(std::string_view text) {
  std::string folded;
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    // U+0080 to U+07FF take two bytes, 110xxxxx 10xxxxxx: the whole folded range.
    if ((lead & 0xE0) == 0xC0 && i + 1 < text.size()) {
      auto next = static_cast<unsigned char>(text[i + 1]);
      char32_t codePoint = static_cast<char32_t>(((lead & 0x1F) << 6) | (next & 0x3F));
      if (const char* base = latinBase(codePoint)) {
        folded += base;
        i += 2;
        continue;
      }
    }
    folded += toLowerAscii(text[i]);
    ++i;
  }
  return folded;
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
