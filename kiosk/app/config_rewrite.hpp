#pragma once
// Edits one key of a TOML config file in place of a hand edit, keeping every other line.

#include <optional>
#include <string>
#include <string_view>

namespace chillnode {

// Returns text with staff.pin_hash set to hash. The existing line is replaced, with its
// comment, or a line goes under an existing [staff] header. Otherwise a [staff] table is
// appended, or a dotted key goes before the first header when dotted keys already made the
// table. Every other line stays byte for byte. Returns nullopt when the result would not parse
// as TOML or would not contain hash at staff.pin_hash, as for a key in an inline table.
std::optional<std::string> withPinHash(std::string_view text, std::string_view hash);

// Returns text with the pin_hash of the [[staff.members]] table whose id is memberId set to
// hash. The member's pin_hash line is replaced, or a line goes under its header, or, when no
// member has that id, a new [[staff.members]] table with id and pin_hash is appended. memberId
// must pass isValidStaffId, so it needs no quoting. Every other line stays byte for byte.
// Returns nullopt when text does not parse, or when the result would not parse or would not
// hold hash for exactly one member with that id, as for members in an inline array.
std::optional<std::string> withMemberPinHash(std::string_view text, std::string_view memberId,
                                             std::string_view hash);

// Replaces the file at path with text so that a crash leaves the old or the new file whole:
// writes a temporary file in the same folder, fsyncs it, renames it over path and fsyncs the
// folder. An existing file keeps its mode and, when run as root, its owner. A new file gets
// mode 0600. Throws std::runtime_error naming the path and the failed step, and then the file
// is unchanged. A failed fsync of the folder after the rename is logged, not thrown.
void writeFileAtomically(const std::string& path, const std::string& text);

}  // namespace chillnode
