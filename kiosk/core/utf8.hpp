#pragma once
// Strict UTF-8 validation for scanned payloads and imported files.

#include <cstddef>
#include <optional>
#include <string_view>

namespace chillnode {

// Returns the offset of the first byte that does not start or continue a well-formed
// sequence, or nullopt when all of text is well-formed. Overlong encodings, UTF-16
// surrogates (U+D800 to U+DFFF), code points above U+10FFFF and truncated sequences are
// ill-formed.
std::optional<std::size_t> findInvalidUtf8(std::string_view text);

// Returns the longest prefix of well-formed text with at most maxCharacters code points, so
// a multi-byte character is never split.
std::string_view cutToCharacters(std::string_view text, std::size_t maxCharacters);

inline bool isValidUtf8(std::string_view text) {
  return !findInvalidUtf8(text).has_value();
}

}  // namespace chillnode
