#pragma once
// Reads the [staff] settings of the unit's TOML config.

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "core/staff_auth.hpp"

namespace chillnode {

// Reads staff.pin_hash, the Argon2id hash that `chillnode pin set` prints. Returns an empty
// string when the key is missing. Throws ConfigError naming file and staff.pin_hash when the
// value is not a string or not a well-formed Argon2id hash.
std::string readStaffPinHash(const toml::table& table, const std::string& file);

// Reads who can open the staff screen: the shared staff.pin_hash as member "staff" (with no
// name, because it names nobody), then each [[staff.members]] table with its id, name (the id
// when missing) and pin_hash. Returns no members when neither is set, and then no PIN opens
// the staff screen. Throws ConfigError naming the file and key, such as staff.members[1].id,
// for a missing or invalid id or pin_hash, a name of over 32 bytes, an unknown key, or an id
// or pin_hash that another member has too.
std::vector<StaffMember> readStaffMembers(const toml::table& table, const std::string& file);

}  // namespace chillnode
