#include "sync/hq_settings.hpp"

#include <array>
#include <string_view>

namespace chillnode {

bool isValidSslMode(const std::string& mode) {
  static constexpr std::array<std::string_view, 6> Modes = {"disable", "allow",     "prefer",
                                                            "require", "verify-ca", "verify-full"};
  for (std::string_view known : Modes) {
    if (mode == known) return true;
  }
  return false;
}

}  // namespace chillnode
