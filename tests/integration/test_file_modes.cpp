// Config, HQ client key and voucher signing key files with loose modes stop the real binary
// at start, with a message naming the file and the mode to set.

#include <catch2/catch.hpp>

#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

#include "process.hpp"
#include "temp_dir.hpp"

using chillnode::test::ProcessResult;
using chillnode::test::runProcess;
using chillnode::test::TempDir;

namespace {

const std::string Binary = CHILLNODE_BINARY;
const std::string PinHash =
    "$argon2id$v=19$m=65536,t=2,p=1$KehrS2gpgfh2boEqVOTqvw$YX/O2OvqtVNjcw7TCsO29WWYAa3PC21O45BXQhrR/Ds";

// Writes text to path with exactly the given mode.
void writeWithMode(const std::string& path, const std::string& text, mode_t mode) {
  std::ofstream(path) << text;
  REQUIRE(::chmod(path.c_str(), mode) == 0);
}

// A one-off check-in: it loads the config like every command does, and exits 3 for the
// unknown bib when the config was accepted.
ProcessResult checkIn(const TempDir& dir, const std::string& config) {
  return runProcess(Binary, {"--config", config, "--db", dir.file("kiosk.db"), "checkin", "0042"});
}

// The mode a message names for a private file owned by the user who runs the test.
const std::string PrivateMode = "600";

}  // namespace

TEST_CASE("config writable by others is rejected", "[cli][modes][bad-input]") {
  TempDir dir;
  std::string config = dir.file("chillnode.toml");
  writeWithMode(config, "[unit]\nid = \"booth-1\"\n", 0664);
  ProcessResult result = checkIn(dir, config);
  CHECK(result.exitCode == 1);
  CHECK(result.err == "chillnode: config " + config + " has mode 0664, so other users can change it: run chmod 644 " +
                          config + "\n");

  // The same file without group write is accepted, because it contains no secret.
  REQUIRE(::chmod(config.c_str(), 0644) == 0);
  CHECK(checkIn(dir, config).exitCode == 3);
}

TEST_CASE("readable config with PIN hash rejected", "[cli][modes][bad-input]") {
  TempDir dir;
  std::string config = dir.file("chillnode.toml");
  writeWithMode(config, "[staff]\npin_hash = \"" + PinHash + "\"\n", 0644);
  ProcessResult result = checkIn(dir, config);
  CHECK(result.exitCode == 1);
  CHECK(result.err == "chillnode: config " + config +
                          " has mode 0644 and holds staff.pin_hash, so other users can read them: run chmod " +
                          PrivateMode + " " + config + "\n");
  CHECK(result.out.empty());

  // The kiosk itself stops before it opens a window or the database.
  ProcessResult kiosk = runProcess(Binary, {"--config", config, "--db", dir.file("kiosk.db"), "--window", "800x480"});
  CHECK(kiosk.exitCode == 1);
  CHECK(kiosk.err == result.err);

  REQUIRE(::chmod(config.c_str(), 0600) == 0);
  CHECK(checkIn(dir, config).exitCode == 3);
}

TEST_CASE("readable config with HQ password rejected", "[cli][modes][bad-input]") {
  TempDir dir;
  std::string config = dir.file("chillnode.toml");
  std::string text = "[unit]\nid = \"booth-1\"\n[staff]\npin_hash = \"" + PinHash +
                     "\"\n[hq]\nurl = \"postgresql://booth-1:s3cret@127.0.0.1:1/race\"\nsslmode = \"disable\"\n";
  writeWithMode(config, text, 0604);
  ProcessResult result = checkIn(dir, config);
  CHECK(result.exitCode == 1);
  CHECK(result.err == "chillnode: config " + config +
                          " has mode 0604 and holds staff.pin_hash and the password in hq.url, so other users can"
                          " read them: run chmod " + PrivateMode + " " + config + "\n");
  CHECK(result.err.find("s3cret") == std::string::npos);

  // Group write is refused even on a file that root owns.
  REQUIRE(::chmod(config.c_str(), 0660) == 0);
  ProcessResult groupWritable = checkIn(dir, config);
  CHECK(groupWritable.exitCode == 1);
  CHECK(groupWritable.err == "chillnode: config " + config + " has mode 0660, so other users can change it: run chmod " +
                                 PrivateMode + " " + config + "\n");

  // A url without a password is no secret.
  writeWithMode(config, "[unit]\nid = \"booth-1\"\n[hq]\nurl = \"postgresql://booth-1@127.0.0.1:1/race\"\n", 0644);
  CHECK(checkIn(dir, config).exitCode == 3);
}

TEST_CASE("root-owned config may be read by its group", "[cli][modes]") {
  if (::geteuid() != 0) {
    WARN("skipped: only root can make a root-owned file here");
    return;
  }
  TempDir dir;
  std::string config = dir.file("chillnode.toml");
  writeWithMode(config, "[staff]\npin_hash = \"" + PinHash + "\"\n", 0640);
  CHECK(checkIn(dir, config).exitCode == 3);
}

TEST_CASE("readable HQ client key rejected", "[cli][modes][bad-input]") {
  TempDir dir;
  std::string key = dir.file("unit.key");
  writeWithMode(key, "-----BEGIN PRIVATE KEY-----\n", 0644);
  std::string config = dir.file("chillnode.toml");
  writeWithMode(config,
                "[unit]\nid = \"booth-1\"\n[hq]\nurl = \"postgresql://booth-1@127.0.0.1:1/race\"\nsslkey = \"" + key +
                    "\"\n",
                0644);
  ProcessResult result = checkIn(dir, config);
  CHECK(result.exitCode == 1);
  CHECK(result.err == "chillnode: HQ client key (hq.sslkey) " + key + " has mode 0644, so other users can read it: "
                      "run chmod 600 " + key + "\n");

  REQUIRE(::chmod(key.c_str(), 0600) == 0);
  CHECK(checkIn(dir, config).exitCode == 3);

  // With sync switched off, the key is not used, so it is not checked.
  REQUIRE(::chmod(key.c_str(), 0644) == 0);
  writeWithMode(config,
                "[unit]\nid = \"booth-1\"\n[hq]\nenabled = false\nurl = \"postgresql://booth-1@127.0.0.1:1/race\"\n"
                "sslkey = \"" + key + "\"\n",
                0644);
  CHECK(checkIn(dir, config).exitCode == 3);
}

TEST_CASE("readable signing key stops kiosk", "[cli][modes][bad-input]") {
  TempDir dir;
  std::string key = dir.file("booth.key");
  REQUIRE(runProcess(Binary, {"keys", "generate", "--id", "booth-a", "--out", key}).exitCode == 0);
  REQUIRE(::chmod(key.c_str(), 0640) == 0);
  std::string config = dir.file("chillnode.toml");
  writeWithMode(config, "[vouchers]\nsigning_key = \"" + key + "\"\n", 0644);
  ProcessResult kiosk = runProcess(Binary, {"--config", config, "--db", dir.file("kiosk.db"), "--window", "800x480"});
  CHECK(kiosk.exitCode == 1);
  CHECK(kiosk.err == "chillnode: key file " + key + " has mode 0640, so other users can read it: run chmod 600 " +
                         key + "\n");
}

TEST_CASE("doctor fails a config with loose modes", "[cli][modes][doctor]") {
  TempDir dir;
  std::string config = dir.file("chillnode.toml");
  writeWithMode(config, "[audio]\nquiet = true\n[staff]\npin_hash = \"" + PinHash + "\"\n", 0644);
  ProcessResult result = runProcess(Binary, {"--config", config, "--db", dir.file("kiosk.db"), "doctor"});
  CHECK(result.exitCode == 1);
  CHECK(result.out.find("FAIL  config    config " + config + " has mode 0644 and holds staff.pin_hash") !=
        std::string::npos);
}
