#pragma once
// `chillnode pin set`: makes a staff PIN hash for the config, shared or a staff member's.

#include <string>

namespace chillnode {

// Reads the new staff PIN twice from standard input, without echo when it is a terminal and
// as two lines otherwise, and prints `staff.pin_hash = "$argon2id$..."`. With a staffId other
// than empty or "staff", the PIN is that [[staff.members]] member's, and the output is a
// [[staff.members]] table with id and pin_hash. With a config path, also sets that key in the
// file (created when missing, and the member added when missing) and keeps every other line.
// Exits 0 on success. Exits 2 when staffId is invalid, the PIN breaks the rules, the two
// differ, input ended early, or another member in the config has the same PIN. Exits 1 when
// hashing failed or the config could not be read, parsed or written. Requires sodium_init().
int runPinSet(const std::string& configPath, const std::string& staffId = "");

}  // namespace chillnode
