#pragma once
// Tolerant scanner that reads one field from a small, mostly flat JSON object.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chillnode {

// Objects and arrays nested deeper than this (the outer object is level 1) are rejected
// without further scanning.
constexpr std::size_t MaxJsonDepth = 4;

// Returns the top-level field named key (compared case-insensitively) of the JSON object
// in text: a string's decoded content, or the digits of a non-negative integer written
// without leading zeros. A \u escape above U+007F decodes to U+FFFD, which is enough to
// match keys and reject bibs. Tolerated beyond strict JSON: a trailing comma and
// unvalidated scalars inside nested values.
//
// Returns nullopt when text is not a single object, the field is missing or appears
// twice, its value is another type, or nesting exceeds MaxJsonDepth.
std::optional<std::string> findJsonField(std::string_view text, std::string_view key);

}  // namespace chillnode
