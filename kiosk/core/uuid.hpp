#pragma once

#include <string>

namespace chillnode {

// Returns a random (version 4) UUID in its 36-character text form, from libsodium's CSPRNG.
std::string makeUuid();

}  // namespace chillnode
