#include "core/base45.hpp"

#include <algorithm>

namespace chillnode {

namespace {

constexpr std::string_view Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

int valueOf(char c) {
  std::size_t at = Alphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

}  // namespace

std::string encodeBase45(const std::vector<std::uint8_t>& bytes) {
  std::string text;
  text.reserve(bytes.size() / 2 * 3 + 2);
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    unsigned value = bytes[i] * 256u + bytes[i + 1];
    text.push_back(Alphabet[value % 45]);
    text.push_back(Alphabet[value / 45 % 45]);
    text.push_back(Alphabet[value / (45 * 45)]);
  }
  if (i < bytes.size()) {
    unsigned value = bytes[i];
    text.push_back(Alphabet[value % 45]);
    text.push_back(Alphabet[value / 45]);
  }
  return text;
}

std::optional<std::vector<std::uint8_t>> decodeBase45(std::string_view text) {
  if (text.size() % 3 == 1) return std::nullopt;
  std::vector<std::uint8_t> bytes;
  bytes.reserve(text.size() / 3 * 2 + 1);
  for (std::size_t i = 0; i < text.size(); i += 3) {
    std::size_t group = std::min<std::size_t>(3, text.size() - i);
    unsigned value = 0;
    unsigned weight = 1;
    for (std::size_t k = 0; k < group; ++k) {
      int digit = valueOf(text[i + k]);
      if (digit < 0) return std::nullopt;
      value += static_cast<unsigned>(digit) * weight;
      weight *= 45;
    }
    if (group == 3) {
      if (value > 0xFFFF) return std::nullopt;
      bytes.push_back(static_cast<std::uint8_t>(value >> 8));
      bytes.push_back(static_cast<std::uint8_t>(value & 0xFF));
    } else {
      if (value > 0xFF) return std::nullopt;
      bytes.push_back(static_cast<std::uint8_t>(value));
    }
  }
  return bytes;
}

}  // namespace chillnode
