#include "app/staff_config.hpp"

#include "app/config.hpp"
#include "app/table_reader.hpp"

namespace chillnode {

namespace {

constexpr const char* PinHashKey = "staff.pin_hash";
constexpr std::size_t MaxStaffNameLength = 32;

[[noreturn]] void failPinHash(const std::string& file, const std::string& rule) {
  throw ConfigError("config " + file + ": " + PinHashKey + " " + rule);
}

// Checks a hash read from key, throwing a ConfigError that names key. The value is not
// echoed, because a PIN hash helps anyone who guesses the PIN offline.
void checkPinHash(const std::string& hash, const std::string& key, const std::string& file,
                  const std::string& fix) {
  if (!hash.starts_with(PinHashPrefix)) {
    throw ConfigError("config " + file + ": " + key + " is invalid because it does not start with \"" +
                      std::string(PinHashPrefix) + "\"" + fix);
  }
  if (!isValidPinHash(hash)) {
    throw ConfigError("config " + file + ": " + key + " is not a well-formed Argon2id hash" + fix);
  }
}

std::string memberPath(std::size_t index) { return "staff.members[" + std::to_string(index) + "]"; }

StaffMember readMember(const toml::table& table, std::size_t index, const std::string& file) {
  TableReader reader(table, memberPath(index), file);
  reader.rejectUnknownKeys({"id", "name", "pin_hash"});
  StaffMember member;
  if (!reader.text("id", member.id)) reader.fail("id", "is missing: give each staff member a short id, such as \"maria\"");
  if (!isValidStaffId(member.id)) {
    reader.fail("id", "must be 1 to " + std::to_string(MaxStaffIdLength) +
                          " letters, digits, '.', '_' or '-', such as \"maria\"");
  }
  if (member.id == SharedPinStaffId) {
    reader.fail("id", "\"" + member.id + "\" is the id of the shared staff.pin_hash: choose another id");
  }
  member.name = member.id;
  // The name shares the staff screen's tab bar with the tabs, so a long one would not fit.
  if (reader.text("name", member.name) && (member.name.empty() || member.name.size() > MaxStaffNameLength)) {
    reader.fail("name", "must be 1 to " + std::to_string(MaxStaffNameLength) + " bytes, such as \"Maria\"");
  }
  const std::string fix = ": run `chillnode pin set --staff " + member.id + " --config " + file + "`";
  if (!reader.text("pin_hash", member.pinHash)) reader.fail("pin_hash", "is missing" + fix);
  checkPinHash(member.pinHash, reader.key("pin_hash"), file, fix);
  return member;
}

// The config key of the member at index. The shared PIN comes first when there is one, and
// readMember rejects its id for the others, so only its pin_hash can be a duplicate.
std::string memberKey(const std::vector<StaffMember>& members, std::size_t index, const char* name) {
  bool shared = members.front().id == SharedPinStaffId;
  if (shared && index == 0) return PinHashKey;
  return memberPath(shared ? index - 1 : index) + "." + name;
}

// Rejects a second member with the same id or the same hash. Equal hashes can only come from
// copying a line, since each hash has its own random salt.
void rejectDuplicates(const std::vector<StaffMember>& members, const std::string& file) {
  for (std::size_t later = 1; later < members.size(); ++later) {
    for (std::size_t earlier = 0; earlier < later; ++earlier) {
      if (members[later].id == members[earlier].id) {
        throw ConfigError("config " + file + ": " + memberKey(members, later, "id") + " \"" + members[later].id +
                          "\" is also the id of " + memberKey(members, earlier, "id") +
                          ": give each staff member their own id");
      }
      if (members[later].pinHash == members[earlier].pinHash) {
        throw ConfigError("config " + file + ": " + memberKey(members, later, "pin_hash") + " is the same hash as " +
                          memberKey(members, earlier, "pin_hash") + ", so one PIN would sign in two members: run "
                          "`chillnode pin set --staff " + members[later].id + "` to give one of them a new PIN");
      }
    }
  }
}

}  // namespace

std::string readStaffPinHash(const toml::table& table, const std::string& file) {
  const toml::node* node = table.at_path(PinHashKey).node();
  if (!node) return "";
  std::optional<std::string> hash = node->value<std::string>();
  const std::string fix = ": run `chillnode pin set` and paste the line it prints";
  if (!hash) failPinHash(file, "must be a string in quotes" + fix);
  checkPinHash(*hash, PinHashKey, file, fix);
  return *hash;
}

std::vector<StaffMember> readStaffMembers(const toml::table& table, const std::string& file) {
  std::vector<StaffMember> members;
  if (std::string hash = readStaffPinHash(table, file); !hash.empty()) {
    members.push_back({std::string(SharedPinStaffId), "", hash});
  }
  const toml::node* node = table.at_path("staff.members").node();
  if (node) {
    const toml::array* list = node->as_array();
    if (!list || !list->is_array_of_tables()) {
      throw ConfigError("config " + file + ": staff.members must be a list of [[staff.members]] tables");
    }
    for (std::size_t i = 0; i < list->size(); ++i) members.push_back(readMember(*list->get(i)->as_table(), i, file));
  }
  rejectDuplicates(members, file);
  return members;
}

}  // namespace chillnode
