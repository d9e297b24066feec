#pragma once
// Reads the [staff] settings of the unit's TOML config.

#include <string>

#include <toml++/toml.h>

namespace chillnode {

// Reads staff.pin_hash, the Argon2id hash that `chillnode pin set` prints. Returns an empty
// string when the key is missing, and then no PIN can open the staff screen. Throws
// ConfigError naming file and staff.pin_hash when the value is not a string or not a
// well-formed Argon2id hash.
std::string readStaffPinHash(const toml::table& table, const std::string& file);

}  // namespace chillnode
