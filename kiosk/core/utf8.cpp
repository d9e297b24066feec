#include "core/utf8.hpp"

namespace chillnode {

namespace {

// Length of a sequence and the range allowed for its second byte, keyed by the lead byte.
// The narrowed second-byte ranges are what exclude overlongs (E0, F0), surrogates (ED)
// and code points above U+10FFFF (F4).
struct SequenceRule {
  std::size_t length = 0;  // 0 when the byte cannot start a sequence
  unsigned char secondMin = 0x80;
  unsigned char secondMax = 0xBF;
};

SequenceRule ruleForLeadByte(unsigned char lead) {
  if (lead <= 0x7F) return {1};
  if (lead >= 0xC2 && lead <= 0xDF) return {2};
  if (lead == 0xE0) return {3, 0xA0, 0xBF};
  if (lead == 0xED) return {3, 0x80, 0x9F};
  if (lead >= 0xE1 && lead <= 0xEF) return {3};
  if (lead == 0xF0) return {4, 0x90, 0xBF};
  if (lead >= 0xF1 && lead <= 0xF3) return {4};
  if (lead == 0xF4) return {4, 0x80, 0x8F};
  return {0};  // 80..C1 and F5..FF never start a sequence
}

unsigned char byteAt(std::string_view text, std::size_t index) {
  return static_cast<unsigned char>(text[index]);
}

// Returns the length of the well-formed sequence at start, or 0 when it is ill-formed.
std::size_t sequenceLengthAt(std::string_view text, std::size_t start) {
  SequenceRule rule = ruleForLeadByte(byteAt(text, start));
  if (rule.length == 0 || start + rule.length > text.size()) return 0;
  if (rule.length == 1) return 1;

  unsigned char second = byteAt(text, start + 1);
  if (second < rule.secondMin || second > rule.secondMax) return 0;
  for (std::size_t i = 2; i < rule.length; ++i) {
    unsigned char next = byteAt(text, start + i);
    if (next < 0x80 || next > 0xBF) return 0;
  }
  return rule.length;
}

}  // namespace

std::optional<std::size_t> findInvalidUtf8(std::string_view text) {
  std::size_t index = 0;
  while (index < text.size()) {
    std::size_t length = sequenceLengthAt(text, index);
    if (length == 0) return index;
    index += length;
  }
  return std::nullopt;
}

std::string_view cutToCharacters(std::string_view text, std::size_t maxCharacters) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool startsCharacter = (byteAt(text, i) & 0xC0U) != 0x80U;
    if (startsCharacter && ++characters > maxCharacters) return text.substr(0, i);
  }
  return text;
}

}  // namespace chillnode
