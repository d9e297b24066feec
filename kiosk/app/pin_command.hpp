#pragma once
// `chillnode pin set`: makes the staff PIN hash for the config.

#include <string>

namespace chillnode {

// Reads the new staff PIN twice from standard input, without echo when it is a terminal and
// as two lines otherwise, and prints `staff.pin_hash = "$argon2id$..."`. With a config path,
// also sets that key in the file (created when missing) and keeps every other line.
// Exit 0 on success, 2 when the PIN breaks the rules, the two differ or input ended early,
// and 1 when hashing failed or the config could not be read, parsed or written. Requires
// sodium_init().
int runPinSet(const std::string& configPath);

}  // namespace chillnode
