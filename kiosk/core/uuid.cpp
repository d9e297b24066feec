#include "core/uuid.hpp"

#include <array>
#include <cstdint>
#include <sodium.h>

namespace chillnode {

std::string makeUuid() {
  // sodium_init is idempotent and thread-safe; it seeds the generator on first use.
  static const bool ready = sodium_init() >= 0;
  (void)ready;
  std::array<std::uint8_t, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant

  static constexpr char Hex[] = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
    text.push_back(Hex[bytes[i] >> 4]);
    text.push_back(Hex[bytes[i] & 0x0F]);
  }
  return text;
}

}  // namespace chillnode
