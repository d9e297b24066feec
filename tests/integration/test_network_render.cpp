// `chillnode network render` run as a black box, and its output read by the real
// wpa_supplicant and checked against wpa_passphrase (Debian's wpasupplicant package).

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "process.hpp"
#include "temp_dir.hpp"

using chillnode::test::ProcessResult;
using chillnode::test::runProcess;
using chillnode::test::TempDir;

namespace {

const std::string Binary = CHILLNODE_BINARY;
const std::string Data = CHILLNODE_TEST_DATA;
const std::string WpaSupplicant = "/usr/sbin/wpa_supplicant";
const std::string WpaPassphrase = "/usr/bin/wpa_passphrase";

struct Unit {
  TempDir dir;
  std::string config = dir.file("chillnode.toml");
  std::string out = dir.file("run/network");
  std::string wpaFile = out + "/wpa_supplicant.conf";

  void writeConfig(const std::string& text) { std::ofstream(config) << text; }

  ProcessResult render() { return runProcess(Binary, {"--config", config, "network", "render", "--out", out}); }
};

std::string readFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

unsigned fileMode(const std::string& path) {
  struct stat info {};
  REQUIRE(stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

std::string toHex(const std::string& bytes) {
  std::string hex;
  char digits[4];
  for (unsigned char byte : bytes) {
    std::snprintf(digits, sizeof digits, "%02x ", byte);
    hex += digits;
  }
  return hex;
}

// Runs wpa_supplicant in debug mode on a network interface that does not exist: it parses
// the whole file, prints what it read, then fails to start the driver. Nothing on the
// machine changes.
ProcessResult parseWithWpaSupplicant(const std::string& path) {
  return runProcess(WpaSupplicant, {"-dd", "-c", path, "-i", "chillnodetest0", "-D", "nl80211"});
}

}  // namespace

TEST_CASE("network render writes a private file", "[cli][network]") {
  Unit unit;
  unit.writeConfig("[network]\nwifi_ssid = \"Marathon Recovery\"\nwifi_passphrase = \"cold plunge 2026\"\n"
                   "wifi_country = \"DE\"\n");
  ProcessResult result = unit.render();
  CHECK(result.exitCode == 0);
  CHECK(result.err.empty());
  CHECK(result.out == "network render: wrote " + unit.wpaFile +
                          " for Wi-Fi \"Marathon Recovery\" (WPA-PSK, country DE)\n");
  CHECK(fileMode(unit.wpaFile) == 0600);
  CHECK(readFile(unit.wpaFile) ==
        "# Written at boot by `chillnode network render` from [network] in chillnode.toml.\n"
        "# Edit chillnode.toml on the boot partition instead: this file is made anew at each boot.\n"
        "ctrl_interface=/run/wpa_supplicant\n"
        "country=DE\n"
        "network={\n"
        "\tssid=\"Marathon Recovery\"\n"
        "\tkey_mgmt=WPA-PSK\n"
        "\tpsk=5146e8dd61db49356072d22099ef7cfb5c880ca82288cf2e13a4e3c1c99550b3\n"
        "}\n");
  // No temporary file is left beside it.
  CHECK(std::distance(std::filesystem::directory_iterator(unit.out), std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("network render stays 0600 under a wide umask", "[cli][network]") {
  Unit unit;
  unit.writeConfig("[network]\nwifi_ssid = \"Race\"\nwifi_passphrase = \"cold plunge 2026\"\nwifi_country = \"FR\"\n");
  mode_t old = umask(0);
  ProcessResult result = unit.render();
  umask(old);
  REQUIRE(result.exitCode == 0);
  CHECK(fileMode(unit.wpaFile) == 0600);
  // A second render replaces the file and keeps the mode.
  std::filesystem::permissions(unit.wpaFile, std::filesystem::perms::all);
  REQUIRE(unit.render().exitCode == 0);
  CHECK(fileMode(unit.wpaFile) == 0600);
}

TEST_CASE("network render rejects bad wifi settings", "[cli][network][bad-input]") {
  Unit unit;
  unit.writeConfig("[network]\nwifi_ssid = \"Race\"\nwifi_passphrase = \"cold plunge 2026\"\nwifi_country = \"DE\"\n");
  REQUIRE(unit.render().exitCode == 0);
  REQUIRE(std::filesystem::exists(unit.wpaFile));

  unit.writeConfig("[network]\nwifi_ssid = \"Race\"\nwifi_passphrase = \"Qz7pass\"\nwifi_country = \"DE\"\n");
  ProcessResult result = unit.render();
  CHECK(result.exitCode == 1);
  CHECK(result.err == "network render: config " + unit.config +
                          ": network.wifi_passphrase has 7 characters: a WPA passphrase has 8 to 63 characters (or is "
                          "the 64 hex digits of a pre-shared key); leave it empty for an open network; the unit joins "
                          "no Wi-Fi (a network cable still works)\n");
  CHECK(result.out == "network render: removed " + unit.wpaFile + "\n");
  CHECK((result.out + result.err).find("Qz7") == std::string::npos);
  // The file of the earlier, valid config is gone, so wpa_supplicant does not join an old network.
  CHECK_FALSE(std::filesystem::exists(unit.wpaFile));

  unit.writeConfig("[network\nwifi_ssid = \"Race\"\n");
  ProcessResult syntax = unit.render();
  CHECK(syntax.exitCode == 1);
  CHECK_THAT(syntax.err, Catch::Contains("config " + unit.config + " line 1:"));
}

TEST_CASE("network render without wifi removes the file", "[cli][network]") {
  Unit unit;
  unit.writeConfig("[network]\nwifi_ssid = \"Race\"\nwifi_country = \"DE\"\n");
  REQUIRE(unit.render().exitCode == 0);
  REQUIRE(std::filesystem::exists(unit.wpaFile));
  unit.writeConfig("[unit]\nid = \"booth-1\"\n");
  ProcessResult result = unit.render();
  CHECK(result.exitCode == 0);
  CHECK(result.out == "network render: no Wi-Fi configured (network.wifi_ssid is empty)\nnetwork render: removed " +
                          unit.wpaFile + "\n");
  CHECK_FALSE(std::filesystem::exists(unit.wpaFile));
}

TEST_CASE("network render ignores other sections", "[cli][network]") {
  Unit unit;
  unit.writeConfig("[camera]\nkind = \"webcam\"\n[network]\nwifi_ssid = \"Race\"\nwifi_country = \"DE\"\n");
  CHECK(unit.render().exitCode == 0);
  CHECK(std::filesystem::exists(unit.wpaFile));
}

TEST_CASE("other commands run with bad wifi settings", "[cli][network]") {
  Unit unit;
  unit.writeConfig("[database]\npath = \"" + unit.dir.file("kiosk.db") +
                   "\"\n[network]\nwifi_ssid = \"Race\"\nwifi_passphrase = \"short\"\nwifi_country = \"UK\"\n");
  ProcessResult import = runProcess(Binary, {"--config", unit.config, "roster", "import", Data + "/cli/small_roster.csv"});
  CHECK(import.exitCode == 0);
  CHECK(import.err.empty());
}

TEST_CASE("wpa_supplicant reads the rendered file", "[cli][network]") {
  if (!std::filesystem::exists(WpaSupplicant) || !std::filesystem::exists(WpaPassphrase)) {
    WARN("wpa_supplicant is not installed (Debian package wpasupplicant, see scripts/setup); not checked");
    return;
  }
  struct Case {
    std::string ssidToml;  // TOML basic-string body
    std::string ssid;      // the bytes it stands for
    std::string passphraseToml;
    std::string passphrase;
  };
  const std::vector<Case> cases = {
      {"Marathon Recovery", "Marathon Recovery", "cold plunge 2026", "cold plunge 2026"},
      {"Booth #3 \\\\ back", "Booth #3 \\ back", "pa\\\"ss#word \\\\1", "pa\"ss#word \\1"},
      // Quoted, a # after an odd number of quotes would start a comment for wpa_supplicant.
      {"Bay \\\"5 #2", "Bay \"5 #2", "  spaces at both ends  ", "  spaces at both ends  "},
      {"Läufer 🏃 Zone", "Läufer 🏃 Zone", "'quoted' # not a comment", "'quoted' # not a comment"},
  };
  for (const Case& c : cases) {
    INFO(c.ssid);
    Unit unit;
    unit.writeConfig("[network]\nwifi_ssid = \"" + c.ssidToml + "\"\nwifi_passphrase = \"" + c.passphraseToml +
                     "\"\nwifi_country = \"NL\"\nwifi_hidden = true\n");
    REQUIRE(unit.render().exitCode == 0);

    ProcessResult parsed = parseWithWpaSupplicant(unit.wpaFile);
    INFO(parsed.out + parsed.err);
    std::string log = parsed.out + parsed.err;
    CHECK(log.find("Failed to read or parse configuration") == std::string::npos);
    CHECK(log.find("country='NL'") != std::string::npos);
    CHECK(log.find("ssid - hexdump_ascii(len=" + std::to_string(c.ssid.size()) + "):") != std::string::npos);
    CHECK(log.find(toHex(c.ssid).substr(0, 3 * 16 - 1)) != std::string::npos);
    CHECK(log.find("scan_ssid=1 (0x1)") != std::string::npos);

    // wpa_passphrase, wpa_supplicant's own tool, derives the same key.
    ProcessResult reference = runProcess(WpaPassphrase, {c.ssid, c.passphrase});
    REQUIRE(reference.exitCode == 0);
    std::smatch key;
    REQUIRE(std::regex_search(reference.out, key, std::regex("\n\tpsk=([0-9a-f]{64})\n")));
    CHECK(readFile(unit.wpaFile).find("\tpsk=" + key[1].str() + "\n") != std::string::npos);
  }
}
