#pragma once
// Base45 (RFC 9285): bytes as text in the 45 characters of QR alphanumeric mode, so a
// voucher's QR code stays small. Every two bytes become three characters.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chillnode {

std::string encodeBase45(const std::vector<std::uint8_t>& bytes);

// Returns nullopt for a character outside the alphabet, a length that leaves one character
// over, or a group whose value does not fit its bytes.
std::optional<std::vector<std::uint8_t>> decodeBase45(std::string_view text);

}  // namespace chillnode
