// `chillnode doctor` run as a black box on temporary configs, databases and camera folders.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <opencv2/imgcodecs.hpp>

#include "process.hpp"
#include "temp_dir.hpp"

using chillnode::test::ProcessResult;
using chillnode::test::runProcess;
using chillnode::test::TempDir;

namespace {

const std::string Binary = CHILLNODE_BINARY;
const std::string Data = CHILLNODE_TEST_DATA;

// A unit with a folder camera holding one image, no sound, and a database with a roster.
struct Unit {
  TempDir dir;
  std::string config = dir.file("chillnode.toml");
  std::string db = dir.file("kiosk.db");
  std::string cameraFolder = dir.file("camera");

  Unit() {
    std::filesystem::create_directory(cameraFolder);
    cv::imwrite(cameraFolder + "/frame.png", cv::Mat(48, 64, CV_8UC3, cv::Scalar(200, 200, 200)));
    writeConfig("");
    ProcessResult import = runProcess(Binary, {"--db", db, "roster", "import", Data + "/cli/small_roster.csv"});
    REQUIRE(import.exitCode == 0);
  }

  void writeConfig(const std::string& extra) {
    std::ofstream(config) << "[audio]\nquiet = true\n[camera]\nkind = \"folder\"\nsource = \"" << cameraFolder
                          << "\"\n[database]\npath = \"" << db << "\"\n" << extra;
  }

  ProcessResult doctor() { return runProcess(Binary, {"--config", config, "doctor"}); }
};

bool hasLine(const std::string& out, const std::string& start) {
  return out.starts_with(start) || out.find("\n" + start) != std::string::npos;
}

// Flips bytes inside the database's second page, which holds table rows, not the header.
void corruptSecondPage(const std::string& path) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(4096 + 8);
  std::string garbage(64, '\xA5');
  file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
}

}  // namespace

TEST_CASE("doctor passes on a healthy unit", "[cli][doctor]") {
  Unit unit;
  ProcessResult result = unit.doctor();
  INFO(result.out << result.err);
  CHECK(result.exitCode == 0);
  CHECK(hasLine(result.out, "ok    config    " + unit.config + " is valid"));
  CHECK(hasLine(result.out, "ok    database  " + unit.db + " is writable, integrity check ok, 3 runners in the roster"));
  CHECK(hasLine(result.out, "ok    camera    " + unit.cameraFolder + " opens"));
  CHECK(hasLine(result.out, "skip  audio     audio.quiet is true"));
  CHECK(hasLine(result.out, "ok    disk      "));
  CHECK(hasLine(result.out, "skip  wifi      not configured (network.wifi_ssid is empty)"));
  CHECK(hasLine(result.out, "skip  hq        not configured"));
  CHECK(hasLine(result.out, "doctor: every check a race needs passed"));
}

TEST_CASE("doctor fails without the camera", "[cli][doctor]") {
  Unit unit;
  std::filesystem::remove_all(unit.cameraFolder);
  ProcessResult result = unit.doctor();
  INFO(result.out);
  INFO(result.err);
  CHECK(result.exitCode == 1);
  CHECK(hasLine(result.out, "FAIL  camera    " + unit.cameraFolder + " not found"));
  CHECK(hasLine(result.out, "doctor: failed: camera; this unit is not ready for a race"));
}

TEST_CASE("doctor fails on a corrupt database", "[cli][doctor][bad-input]") {
  Unit unit;
  corruptSecondPage(unit.db);
  ProcessResult result = unit.doctor();
  INFO(result.out);
  INFO(result.err);
  CHECK(result.exitCode == 1);
  CHECK(hasLine(result.out, "FAIL  database  "));
  CHECK(hasLine(result.out, "doctor: failed: database; this unit is not ready for a race"));
}

TEST_CASE("doctor fails on a database that is not SQLite", "[cli][doctor][bad-input]") {
  Unit unit;
  ProcessResult result = runProcess(Binary, {"--config", unit.config, "--db", Data + "/store/not_a_database.db", "doctor"});
  INFO(result.out);
  INFO(result.err);
  CHECK(result.exitCode == 1);
  CHECK(hasLine(result.out, "FAIL  database  "));
}

TEST_CASE("doctor fails on an invalid config", "[cli][doctor][bad-input]") {
  Unit unit;
  ProcessResult result = runProcess(Binary, {"--config", Data + "/config/wrong_type.toml", "--db", unit.db, "doctor"});
  INFO(result.out);
  INFO(result.err);
  CHECK(result.exitCode == 1);
  CHECK(hasLine(result.out, "FAIL  config    config " + Data + "/config/wrong_type.toml"));
}

TEST_CASE("doctor accepts a missing database in a writable folder", "[cli][doctor]") {
  Unit unit;
  std::string fresh = unit.dir.file("fresh.db");
  ProcessResult result = runProcess(Binary, {"--config", unit.config, "--db", fresh, "doctor"});
  INFO(result.out);
  INFO(result.err);
  CHECK(result.exitCode == 0);
  CHECK(hasLine(result.out, "ok    database  " + fresh + " does not exist yet"));
  CHECK_FALSE(std::filesystem::exists(fresh));
}

TEST_CASE("doctor fails on too little disk space", "[cli][doctor]") {
  // A 1 MiB tmpfs needs root; CI runs as root, a developer's account skips this case.
  if (geteuid() != 0) return;
  Unit unit;
  std::string small = unit.dir.file("small");
  std::filesystem::create_directory(small);
  ProcessResult mount = runProcess("/bin/mount", {"-t", "tmpfs", "-o", "size=1m", "tmpfs", small});
  if (mount.exitCode != 0) {
    WARN("cannot mount a tmpfs here (" << mount.err << "); disk check not tested");
    return;
  }
  ProcessResult result = runProcess(Binary, {"--config", unit.config, "--db", small + "/kiosk.db", "doctor"});
  runProcess("/bin/umount", {small});
  INFO(result.out);
  INFO(result.err);
  CHECK(result.exitCode == 1);
  CHECK(hasLine(result.out, "FAIL  disk      "));
}

TEST_CASE("doctor warns when HQ is unreachable", "[cli][doctor]") {
  Unit unit;
  // Port 1 on the loopback interface has no listener, so the connection is refused at once.
  unit.writeConfig("[hq]\nurl = \"postgresql://booth-1:secret@127.0.0.1:1/race\"\n");
  ProcessResult result = unit.doctor();
  INFO(result.out);
  INFO(result.err);
  CHECK(hasLine(result.out, "warn  hq        127.0.0.1:1 is unreachable"));
  CHECK(result.out.find("secret") == std::string::npos);
}

TEST_CASE("doctor shows valid wifi settings", "[cli][doctor][network]") {
  Unit unit;
  unit.writeConfig("[network]\nwifi_ssid = \"Race \\\"HQ\\\"\"\nwifi_passphrase = \"Qz7cold plunge\"\n"
                   "wifi_country = \"at\"\nwifi_hidden = true\n");
  ProcessResult result = unit.doctor();
  INFO(result.out);
  CHECK(result.exitCode == 0);
  CHECK(hasLine(result.out, "ok    wifi      \"Race \\\"HQ\\\"\" (WPA-PSK, country AT, hidden) is valid"));
  CHECK(result.out.find("Qz7") == std::string::npos);
}

TEST_CASE("doctor warns on bad wifi settings", "[cli][doctor][network][bad-input]") {
  Unit unit;
  // The network is not needed for a race, so the unit is still ready.
  unit.writeConfig("[network]\nwifi_ssid = \"Race\"\nwifi_passphrase = \"Qz7cold\"\nwifi_country = \"DE\"\n");
  ProcessResult result = unit.doctor();
  INFO(result.out);
  CHECK(result.exitCode == 0);
  CHECK(hasLine(result.out, "ok    config    " + unit.config + " is valid"));
  CHECK(hasLine(result.out, "warn  wifi      config " + unit.config +
                                ": network.wifi_passphrase has 7 characters: a WPA passphrase has 8 to 63 characters"));
  CHECK_THAT(result.out, Catch::Contains("; the unit joins no Wi-Fi\n"));
  CHECK(result.out.find("Qz7") == std::string::npos);
}
