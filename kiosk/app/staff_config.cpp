#include "app/staff_config.hpp"

#include "app/config.hpp"
#include "core/staff_auth.hpp"

namespace chillnode {

namespace {

constexpr const char* PinHashKey = "staff.pin_hash";

[[noreturn]] void failPinHash(const std::string& file, const std::string& rule) {
  throw ConfigError("config " + file + ": " + PinHashKey + " " + rule);
}

}  // namespace

std::string readStaffPinHash(const toml::table& table, const std::string& file) {
  const toml::node* node = table.at_path(PinHashKey).node();
  if (!node) return "";
  std::optional<std::string> hash = node->value<std::string>();
  const std::string fix = ": run `chillnode pin set` and paste the line it prints";
  if (!hash) failPinHash(file, "must be a string in quotes" + fix);

  // The value is not echoed, because a PIN hash helps anyone who guesses the PIN offline.
  if (!hash->starts_with(PinHashPrefix)) {
    failPinHash(file, "is invalid because it does not start with \"" +
                          std::string(PinHashPrefix) + "\"" + fix);
  }
  if (!isValidPinHash(*hash)) failPinHash(file, "is not a well-formed Argon2id hash" + fix);
  return *hash;
}

}  // namespace chillnode
