#include <catch2/catch.hpp>

#include <toml++/toml.h>

#include "app/config.hpp"
#include "app/config_rewrite.hpp"
#include "app/staff_config.hpp"

using namespace chillnode;

namespace {

// A hash made by `chillnode pin set` for the PIN 4821.
const std::string ValidHash =
    "$argon2id$v=19$m=65536,t=2,p=1$KehrS2gpgfh2boEqVOTqvw$YX/O2OvqtVNjcw7TCsO29WWYAa3PC21O45BXQhrR/Ds";

// ValidHash with another salt: well formed, so it parses, but it matches no known PIN.
const std::string OtherHash =
    "$argon2id$v=19$m=65536,t=2,p=1$Zm9vYmFyYmF6cXV4cXV1dQ$YX/O2OvqtVNjcw7TCsO29WWYAa3PC21O45BXQhrR/Ds";

std::string errorFor(const std::string& text) {
  try {
    readStaffPinHash(toml::parse(text), "test.toml");
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("staff pin hash is read", "[config][staff]") {
  CHECK(readStaffPinHash(toml::parse("[staff]\npin_hash = \"" + ValidHash + "\"\n"), "a.toml") ==
        ValidHash);
  CHECK(readStaffPinHash(toml::parse("staff.pin_hash = \"" + ValidHash + "\"\n"), "a.toml") ==
        ValidHash);
  CHECK(readStaffPinHash(toml::parse("[unit]\nid = \"b\"\n"), "a.toml").empty());
}

TEST_CASE("bad staff pin hash names the key", "[config][staff][bad-input]") {
  struct Case {
    std::string text;
    const char* expected;
  };
  const Case cases[] = {
      {"[staff]\npin_hash = 4821\n", "config test.toml: staff.pin_hash must be a string"},
      {"[staff]\npin_hash = \"4821\"\n", "staff.pin_hash is invalid because it does not start"},
      {"[staff]\npin_hash = \"$argon2i$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA\"\n",
       "does not start with \"$argon2id$\""},
      {"[staff]\npin_hash = \"$argon2id$v=19$m=65536\"\n", "is not a well-formed Argon2id hash"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    std::string error = errorFor(c.text);
    CHECK(error.find(c.expected) != std::string::npos);
    CHECK(error.find("chillnode pin set") != std::string::npos);
  }
}

TEST_CASE("pin hash edit keeps other lines", "[config][staff]") {
  const std::string before = "# top\n[staff]\npin_hash = \"old\" # note\n[unit]\nid = \"b\"\n";
  std::optional<std::string> edited = withPinHash(before, ValidHash);
  REQUIRE(edited);
  CHECK(*edited == "# top\n[staff]\npin_hash = \"" + ValidHash + "\"\n[unit]\nid = \"b\"\n");
}

TEST_CASE("pin hash edit skips other tables", "[config][staff]") {
  // pin_hash under another table and staff.pin_hash inside [unit] are different keys.
  const std::string before = "[unit]\npin_hash = \"a\"\nstaff.pin_hash = \"b\"\n";
  std::optional<std::string> edited = withPinHash(before, ValidHash);
  REQUIRE(edited);
  CHECK(*edited == before + "\n[staff]\npin_hash = \"" + ValidHash + "\"\n");
  toml::table table = toml::parse(*edited);
  CHECK(table.at_path("unit.pin_hash").value_or(std::string()) == "a");
}

TEST_CASE("pin hash edit handles an empty file", "[config][staff]") {
  std::optional<std::string> edited = withPinHash("", ValidHash);
  REQUIRE(edited);
  CHECK(*edited == "[staff]\npin_hash = \"" + ValidHash + "\"\n");
}

TEST_CASE("pin hash edit joins dotted staff keys", "[config][staff]") {
  std::optional<std::string> edited = withPinHash("staff.other = 1\n[unit]\nid = \"b\"\n", ValidHash);
  REQUIRE(edited);
  CHECK(*edited == "staff.other = 1\nstaff.pin_hash = \"" + ValidHash + "\"\n[unit]\nid = \"b\"\n");
}

TEST_CASE("pin hash edit rejects what it cannot place", "[config][staff][bad-input]") {
  CHECK_FALSE(withPinHash("staff = { pin_hash = \"x\" }\n", ValidHash));
  CHECK_FALSE(withPinHash("[unit\n", ValidHash));
}

TEST_CASE("member PIN edit adds a member", "[config][staff]") {
  const std::string before = "[unit]\nid = \"b\"\n[staff]\npin_hash = \"" + ValidHash + "\"\n";
  std::optional<std::string> edited = withMemberPinHash(before, "maria", OtherHash);
  REQUIRE(edited);
  CHECK(*edited == before + "\n[[staff.members]]\nid = \"maria\"\npin_hash = \"" + OtherHash + "\"\n");
  CHECK(readStaffMembers(toml::parse(*edited), "a.toml").size() == 2);
}

TEST_CASE("member PIN edit replaces only that member", "[config][staff]") {
  const std::string before = "[[staff.members]]\nid = \"tom\"\npin_hash = \"old-tom\"\n"
                             "[[staff.members]] # Maria\nname = \"Maria\"\npin_hash = \"old\" # set in May\nid = \"maria\"\n"
                             "[unit]\npin_hash = \"other\"\n";
  std::optional<std::string> edited = withMemberPinHash(before, "maria", OtherHash);
  REQUIRE(edited);
  CHECK(*edited == "[[staff.members]]\nid = \"tom\"\npin_hash = \"old-tom\"\n"
                   "[[staff.members]] # Maria\nname = \"Maria\"\npin_hash = \"" + OtherHash + "\"\nid = \"maria\"\n"
                   "[unit]\npin_hash = \"other\"\n");

  // A member without a pin_hash line gets one under its header.
  edited = withMemberPinHash("[[staff.members]]\nid = \"maria\"\n", "maria", OtherHash);
  REQUIRE(edited);
  CHECK(*edited == "[[staff.members]]\npin_hash = \"" + OtherHash + "\"\nid = \"maria\"\n");
}

TEST_CASE("member PIN edit rejects what it cannot place", "[config][staff][bad-input]") {
  CHECK_FALSE(withMemberPinHash("staff.members = [{ id = \"maria\", pin_hash = \"x\" }]\n", "maria", OtherHash));
  CHECK_FALSE(withMemberPinHash("[staff\n", "maria", OtherHash));
}
