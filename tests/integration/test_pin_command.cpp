// Black-box runs of `chillnode pin set` with the PIN piped to standard input.

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sodium.h>
#include <toml++/toml.h>

#include "core/staff_auth.hpp"
#include "process.hpp"

using chillnode::test::ProcessResult;
using chillnode::test::runProcessWithInput;
namespace fs = std::filesystem;

namespace {

const std::string Binary = CHILLNODE_BINARY;

// A user id that cannot write to root's folders, for tests that need a permission error.
constexpr int NobodyUid = 65534;

struct Scratch {
  fs::path path;
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "chillnode-pin-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~Scratch() {
    std::error_code ignored;
    fs::permissions(path, fs::perms::owner_all, ignored);
    fs::remove_all(path, ignored);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

ProcessResult pinSet(const std::string& input, const std::vector<std::string>& extraArgs = {}) {
  std::vector<std::string> args = {"pin", "set"};
  args.insert(args.end(), extraArgs.begin(), extraArgs.end());
  return runProcessWithInput(Binary, args, input);
}

std::string readText(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

void writeText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// The hash from the printed `staff.pin_hash = "..."` line, or "" when the output differs.
std::string printedHash(const std::string& out) {
  const std::string prefix = "staff.pin_hash = \"";
  if (!out.starts_with(prefix) || !out.ends_with("\"\n")) return "";
  return out.substr(prefix.size(), out.size() - prefix.size() - 2);
}

std::string hashInFile(const std::string& path) {
  toml::table table = toml::parse_file(path);
  return table.at_path("staff.pin_hash").value_or(std::string());
}

}  // namespace

TEST_CASE("pin set prints a hash that verifies", "[cli][pin]") {
  REQUIRE(sodium_init() >= 0);
  ProcessResult result = pinSet("4821\n4821\n");
  CHECK(result.exitCode == 0);
  std::string hash = printedHash(result.out);
  REQUIRE(chillnode::isValidPinHash(hash));
  CHECK(chillnode::verifyPin("4821", hash) == chillnode::PinVerdict::Match);
  CHECK(chillnode::verifyPin("4822", hash) == chillnode::PinVerdict::Mismatch);
  CHECK(result.err.find("--config") != std::string::npos);
}

TEST_CASE("pin set accepts CRLF input", "[cli][pin]") {
  REQUIRE(sodium_init() >= 0);
  ProcessResult result = pinSet("123456789012\r\n123456789012\r\n");
  CHECK(result.exitCode == 0);
  CHECK(chillnode::verifyPin("123456789012", printedHash(result.out)) == chillnode::PinVerdict::Match);
}

TEST_CASE("pin set rejects bad PINs", "[cli][pin][bad-input]") {
  struct Case {
    const char* name;
    const char* input;
    const char* message;
  };
  const Case cases[] = {
      {"mismatch", "4821\n4822\n", "the two PINs differ"},
      {"too short", "482\n482\n", "must be 4 to 12 digits, but it is shorter"},
      {"too long", "1234567890123\n1234567890123\n", "but it is longer"},
      {"letters", "48a1\n48a1\n", "with no letters"},
      {"space", "48 21\n48 21\n", "with no letters, spaces"},
      {"one line", "4821\n", "ended before the repeated PIN"},
      {"no input", "", "ended before the PIN"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    ProcessResult result = pinSet(c.input);
    CHECK(result.exitCode == 2);
    CHECK(result.out.empty());
    CHECK(result.err.find(c.message) != std::string::npos);
    CHECK(result.err.find("Nothing was changed") != std::string::npos);
  }
}

TEST_CASE("pin set rewrites only its key", "[cli][pin][config]") {
  REQUIRE(sodium_init() >= 0);
  Scratch scratch;
  const std::string config = scratch.file("chillnode.toml");
  const std::string before =
      "# Booth 4, north gate\n"
      "[unit]\n"
      "id = \"booth-4\"  # keep\n"
      "\n"
      "[staff]\n"
      "# made by chillnode pin set\n"
      "pin_hash = \"$argon2id$old\"\n"
      "\n"
      "[display]\n"
      "width = 1280\n";
  writeText(config, before);
  chmod(config.c_str(), 0640);

  ProcessResult result = pinSet("4821\n4821\n", {"--config", config});
  REQUIRE(result.exitCode == 0);
  std::string hash = printedHash(result.out);
  std::string expected = before;
  expected.replace(expected.find("$argon2id$old"), std::string("$argon2id$old").size(), hash);
  CHECK(readText(config) == expected);
  CHECK(hashInFile(config) == hash);
  CHECK(chillnode::verifyPin("4821", hashInFile(config)) == chillnode::PinVerdict::Match);

  struct stat info {};
  REQUIRE(stat(config.c_str(), &info) == 0);
  // Group read stays only on a root-owned file, which the kiosk accepts for a config with secrets.
  CHECK((info.st_mode & 0777) == (info.st_uid == 0 ? 0640u : 0600u));
  CHECK(std::distance(fs::directory_iterator(scratch.path), fs::directory_iterator()) == 1);
}

TEST_CASE("pin set adds a staff table", "[cli][pin][config]") {
  Scratch scratch;
  const std::string config = scratch.file("chillnode.toml");
  const std::string before = "[unit]\nid = \"booth-4\"\n\n[display]\nwidth = 1280";
  writeText(config, before);

  ProcessResult result = pinSet("4821\n4821\n", {"--config", config});
  REQUIRE(result.exitCode == 0);
  std::string hash = printedHash(result.out);
  CHECK(readText(config) == before + "\n\n[staff]\npin_hash = \"" + hash + "\"\n");
  CHECK(hashInFile(config) == hash);
  toml::table table = toml::parse_file(config);
  CHECK(table.at_path("display.width").value_or(0) == 1280);
}

TEST_CASE("pin set under an existing staff header", "[cli][pin][config]") {
  Scratch scratch;
  const std::string config = scratch.file("chillnode.toml");
  writeText(config, "[staff]\n# PIN below\n\n[unit]\nid = \"b\"\n");

  ProcessResult result = pinSet("4821\n4821\n", {"--config", config});
  REQUIRE(result.exitCode == 0);
  std::string hash = printedHash(result.out);
  CHECK(readText(config) == "[staff]\npin_hash = \"" + hash + "\"\n# PIN below\n\n[unit]\nid = \"b\"\n");
}

TEST_CASE("pin set replaces a dotted key", "[cli][pin][config]") {
  Scratch scratch;
  const std::string config = scratch.file("chillnode.toml");
  writeText(config, "staff.pin_hash = \"x\"\r\n[unit]\r\nid = \"b\"\r\n");

  ProcessResult result = pinSet("4821\n4821\n", {"--config", config});
  REQUIRE(result.exitCode == 0);
  std::string hash = printedHash(result.out);
  CHECK(readText(config) == "staff.pin_hash = \"" + hash + "\"\r\n[unit]\r\nid = \"b\"\r\n");
}

TEST_CASE("pin set creates a missing config", "[cli][pin][config]") {
  Scratch scratch;
  const std::string config = scratch.file("new.toml");
  ProcessResult result = runProcessWithInput(Binary, {"--config", config, "pin", "set"}, "4821\n4821\n");
  REQUIRE(result.exitCode == 0);
  CHECK(hashInFile(config) == printedHash(result.out));
  struct stat info {};
  REQUIRE(stat(config.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("pin set leaves a broken config alone", "[cli][pin][config][bad-input]") {
  Scratch scratch;
  const std::string config = scratch.file("chillnode.toml");
  const std::string broken = "[unit]\nid = \"booth-4\n";
  writeText(config, broken);
  ProcessResult result = pinSet("4821\n4821\n", {"--config", config});
  CHECK(result.exitCode == 1);
  CHECK(result.err.find("line 2") != std::string::npos);
  CHECK(result.err.find("The config was not changed") != std::string::npos);
  CHECK(readText(config) == broken);

  const std::string inlineTable = "staff = { pin_hash = \"x\" }\n";
  writeText(config, inlineTable);
  result = pinSet("4821\n4821\n", {"--config", config});
  CHECK(result.exitCode == 1);
  CHECK(result.err.find("cannot place staff.pin_hash") != std::string::npos);
  CHECK(readText(config) == inlineTable);
}

TEST_CASE("pin set reports an unwritable config", "[cli][pin][config][bad-input]") {
  ProcessResult missingFolder = pinSet("4821\n4821\n", {"--config", "/no/such/folder/chillnode.toml"});
  CHECK(missingFolder.exitCode == 1);
  CHECK(missingFolder.err.find("cannot create a temporary file in /no/such/folder") != std::string::npos);
  CHECK(missingFolder.err.find("paste the line above") != std::string::npos);
  CHECK_FALSE(printedHash(missingFolder.out).empty());

  Scratch scratch;
  const std::string config = scratch.file("chillnode.toml");
  writeText(config, "[unit]\nid = \"b\"\n");
  chmod(config.c_str(), 0644);
  chmod(scratch.path.c_str(), 0555);
  int uid = geteuid() == 0 ? NobodyUid : -1;
  ProcessResult readOnly =
      runProcessWithInput(Binary, {"pin", "set", "--config", config}, "4821\n4821\n", uid);
  CHECK(readOnly.exitCode == 1);
  CHECK(readOnly.err.find("Permission denied") != std::string::npos);
  CHECK(readText(config) == "[unit]\nid = \"b\"\n");
}

TEST_CASE("pin set --staff adds then updates a member", "[cli][pin][config]") {
  REQUIRE(sodium_init() >= 0);
  Scratch scratch;
  const std::string config = scratch.file("chillnode.toml");
  writeText(config, "[unit]\nid = \"b\"\n");
  ProcessResult added = pinSet("7306\n7306\n", {"--staff", "maria", "--config", config});
  CHECK(added.exitCode == 0);
  CHECK(added.out.starts_with("[[staff.members]]\nid = \"maria\"\npin_hash = \"$argon2id$"));
  CHECK(added.err.find("set the pin_hash of staff member maria in") != std::string::npos);

  auto memberHash = [&config] {
    toml::table table = toml::parse_file(config);
    return table.at_path("staff.members[0].pin_hash").value_or(std::string());
  };
  std::string first = memberHash();
  CHECK(chillnode::verifyPin("7306", first) == chillnode::PinVerdict::Match);

  ProcessResult updated = pinSet("7307\n7307\n", {"--staff", "maria", "--config", config});
  CHECK(updated.exitCode == 0);
  CHECK(chillnode::verifyPin("7307", memberHash()) == chillnode::PinVerdict::Match);
  toml::table table = toml::parse_file(config);
  CHECK(table.at_path("staff.members").as_array()->size() == 1);
  CHECK(table.at_path("unit.id").value_or(std::string()) == "b");
}

TEST_CASE("pin set rejects another member's PIN", "[cli][pin][config][bad-input]") {
  Scratch scratch;
  const std::string config = scratch.file("chillnode.toml");
  REQUIRE(pinSet("4821\n4821\n", {"--config", config}).exitCode == 0);
  const std::string before = readText(config);

  ProcessResult same = pinSet("4821\n4821\n", {"--staff", "maria", "--config", config});
  CHECK(same.exitCode == 2);
  CHECK(same.err.find("staff member staff already has this PIN") != std::string::npos);
  CHECK(same.out.empty());
  CHECK(readText(config) == before);

  REQUIRE(pinSet("7306\n7306\n", {"--staff", "maria", "--config", config}).exitCode == 0);
  ProcessResult shared = pinSet("7306\n7306\n", {"--config", config});
  CHECK(shared.exitCode == 2);
  CHECK(shared.err.find("staff member maria already has this PIN") != std::string::npos);

  // A member may keep their own PIN.
  CHECK(pinSet("7306\n7306\n", {"--staff", "maria", "--config", config}).exitCode == 0);
}

TEST_CASE("pin set rejects a bad staff id", "[cli][pin][bad-input]") {
  ProcessResult result = pinSet("7306\n7306\n", {"--staff", "maria jose"});
  CHECK(result.exitCode == 2);
  CHECK(result.err.find("--staff must be 1 to 32 letters") != std::string::npos);
  CHECK(result.out.empty());
}
