#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "process.hpp"

using chillnode::test::ProcessResult;
using chillnode::test::runProcess;
namespace fs = std::filesystem;

namespace {

const std::string Binary = CHILLNODE_BINARY;
const std::string Data = CHILLNODE_TEST_DATA;

// A fresh folder per test, removed at the end.
struct Scratch {
  fs::path path;
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "chillnode-cli-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~Scratch() { fs::remove_all(path); }
  std::string db() const { return (path / "kiosk.db").string(); }
};

ProcessResult runChillnode(const std::vector<std::string>& args) {
  return runProcess(Binary, args);
}

std::string sql(const std::string& db, const std::string& query) {
  ProcessResult result = runProcess("/usr/bin/sqlite3", {"-batch", "-noheader", db, query});
  REQUIRE(result.exitCode == 0);
  return result.out;
}

}  // namespace

TEST_CASE("version and help print", "[cli]") {
  ProcessResult version = runChillnode({"--version"});
  CHECK(version.exitCode == 0);
  CHECK(version.out.find("chillnode 0.") != std::string::npos);
  for (const char* command : {"roster", "scan", "checkin"}) {
    ProcessResult help = runChillnode({command, "--help"});
    INFO(command);
    CHECK(help.exitCode == 0);
    CHECK(help.out.find("Usage") != std::string::npos);
  }
}

TEST_CASE("roster import adds then updates", "[cli][roster]") {
  Scratch scratch;
  ProcessResult first = runChillnode({"--db", scratch.db(), "roster", "import", Data + "/cli/small_roster.csv"});
  CHECK(first.exitCode == 0);
  CHECK(first.out == "3 runners added, 0 updated, 0 unchanged (3 in the roster)\n");
  ProcessResult again = runChillnode({"--db", scratch.db(), "roster", "import", Data + "/cli/small_roster.csv"});
  CHECK(again.exitCode == 0);
  CHECK(again.out == "0 runners added, 0 updated, 3 unchanged (3 in the roster)\n");
  CHECK(sql(scratch.db(), "SELECT first_name FROM runners WHERE bib = '0042'") == "Zoë\n");

  // One new runner, one changed, and "a-17", which matches the stored "A-17".
  ProcessResult changed = runChillnode(
      {"--db", scratch.db(), "roster", "import", Data + "/roster/small_roster_changed.csv"});
  CHECK(changed.exitCode == 0);
  CHECK(changed.out == "1 runner added, 1 updated, 2 unchanged (4 in the roster)\n");
  CHECK(sql(scratch.db(), "SELECT first_name FROM runners WHERE bib = '0042'") == "Zoe\n");
  CHECK(sql(scratch.db(), "SELECT count(*) FROM runners WHERE bib = 'a-17'") == "0\n");
}

TEST_CASE("roster with header only is rejected", "[cli][roster][bad-input]") {
  Scratch scratch;
  std::string file = Data + "/roster/header_only.csv";
  ProcessResult result = runChillnode({"--db", scratch.db(), "roster", "import", file});
  CHECK(result.exitCode == 1);
  CHECK(result.err.find(file + " has a header but no runners; nothing was imported") !=
        std::string::npos);
  CHECK(result.out.empty());
}

TEST_CASE("bad roster imports nothing", "[cli][roster][bad-input]") {
  Scratch scratch;
  REQUIRE(runChillnode({"--db", scratch.db(), "roster", "import", Data + "/cli/small_roster.csv"}).exitCode == 0);
  REQUIRE(runChillnode({"--db", scratch.db(), "checkin", "A-17"}).exitCode == 0);

  struct Case {
    const char* file;
    const char* line;
  };
  for (Case c : {Case{"bad_bib_row.csv", "line 3"}, Case{"unterminated_quote.csv", "line 2"}}) {
    INFO(c.file);
    ProcessResult result = runChillnode({"--db", scratch.db(), "roster", "import", Data + "/cli/" + c.file});
    CHECK(result.exitCode == 1);
    CHECK(result.err.find(c.file) != std::string::npos);
    CHECK(result.err.find(c.line) != std::string::npos);
    CHECK(result.err.find("nothing was imported") != std::string::npos);
  }
  CHECK(sql(scratch.db(), "SELECT count(*) FROM runners") == "3\n");
  CHECK(sql(scratch.db(), "SELECT first_name FROM runners WHERE bib = '0042'") == "Zoë\n");
  CHECK(sql(scratch.db(), "SELECT count(*) FROM checkins") == "1\n");
}

TEST_CASE("unreadable roster file is reported", "[cli][roster][bad-input]") {
  Scratch scratch;
  ProcessResult result = runChillnode({"--db", scratch.db(), "roster", "import", "/no/such/roster.csv"});
  CHECK(result.exitCode == 1);
  CHECK(result.err.find("cannot read /no/such/roster.csv") != std::string::npos);
}

TEST_CASE("roster directory is reported", "[cli][roster][bad-input]") {
  Scratch scratch;
  std::string folder = scratch.path.string();
  ProcessResult result = runChillnode({"--db", scratch.db(), "roster", "import", folder});
  CHECK(result.exitCode == 1);
  CHECK(result.err.find(folder + " is a directory: give the path of the CSV file") !=
        std::string::npos);
  CHECK(result.err.find("file is empty") == std::string::npos);
}

TEST_CASE("roster over 64 MiB is rejected", "[cli][roster][bad-input]") {
  Scratch scratch;
  fs::path big = scratch.path / "big.csv";
  std::ofstream(big) << "Bib\n1\n";
  fs::resize_file(big, 64 * 1024 * 1024 + 1);  // sparse, so the test writes little
  ProcessResult result = runChillnode({"--db", scratch.db(), "roster", "import", big.string()});
  CHECK(result.exitCode == 1);
  CHECK(result.err.find(big.string() + " is 67108865 bytes") != std::string::npos);
  CHECK(result.err.find("64 MiB (67108864 bytes) limit") != std::string::npos);
}

TEST_CASE("roster from endless device stops", "[cli][roster][bad-input]") {
  Scratch scratch;
  ProcessResult result = runChillnode({"--db", scratch.db(), "roster", "import", "/dev/zero"});
  CHECK(result.exitCode == 1);
  CHECK(result.err.find("/dev/zero is over the 64 MiB (67108864 bytes) limit") !=
        std::string::npos);
}

TEST_CASE("checkin prints outcome, bib and name", "[cli][checkin]") {
  Scratch scratch;
  REQUIRE(runChillnode({"--db", scratch.db(), "roster", "import", Data + "/cli/small_roster.csv"}).exitCode == 0);
  ProcessResult first = runChillnode({"--db", scratch.db(), "checkin", "0042"});
  CHECK(first.exitCode == 0);
  CHECK(first.out == "checked in\t0042\tZoë\n");
  ProcessResult again = runChillnode({"--db", scratch.db(), "checkin", "--keypad", "0042"});
  CHECK(again.exitCode == 0);
  CHECK(again.out == "already checked in\t0042\tZoë\n");
  ProcessResult unknown = runChillnode({"--db", scratch.db(), "checkin", "9999"});
  CHECK(unknown.exitCode == 3);
  CHECK(unknown.out == "unknown bib\t9999\t-\n");
  ProcessResult other = runChillnode({"--db", scratch.db(), "checkin", "42"});
  CHECK(other.out == "checked in\t42\tSam\n");
  ProcessResult lowerCase = runChillnode({"--db", scratch.db(), "checkin", "BIB:a-17"});
  CHECK(lowerCase.exitCode == 0);
  CHECK(lowerCase.out == "checked in\tA-17\tSeán\n");
  CHECK(sql(scratch.db(), "SELECT count(*) FROM checkins") == "3\n");
}

TEST_CASE("hostile payloads store nothing", "[cli][checkin][bad-input]") {
  Scratch scratch;
  REQUIRE(runChillnode({"--db", scratch.db(), "roster", "import", Data + "/cli/small_roster.csv"}).exitCode == 0);
  const std::vector<std::string> payloads = {
      "1'; DROP TABLE runners;--",
      "0042' OR '1'='1",
      std::string(10 * 1024, '7'),
      "\xC3\x28",          // invalid UTF-8
      "\xE0\x80\xAF",      // overlong encoding
      "00\x01" "42",       // control character
      "",
  };
  for (const std::string& payload : payloads) {
    INFO(payload.substr(0, 40));
    ProcessResult result = runChillnode({"--db", scratch.db(), "checkin", payload});
    CHECK(result.exitCode == 4);
    CHECK(result.out.rfind("invalid payload\t-\t-", 0) == 0);
    CHECK_FALSE(result.err.empty());
  }
  CHECK(sql(scratch.db(), "SELECT count(*) FROM runners") == "3\n");
  CHECK(sql(scratch.db(), "SELECT count(*) FROM checkins") == "0\n");
}

TEST_CASE("read-only database is rejected", "[cli][bad-input]") {
  Scratch scratch;
  REQUIRE(runChillnode({"--db", scratch.db(), "roster", "import", Data + "/cli/small_roster.csv"}).exitCode == 0);
  fs::permissions(scratch.db(), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  fs::permissions(scratch.path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                    fs::perms::others_read | fs::perms::others_exec);
  auto before = fs::file_size(scratch.db());
  // Root ignores permission bits, so as root the kiosk runs as the unprivileged user nobody.
  int uid = geteuid() == 0 ? 65534 : -1;
  ProcessResult result = runProcess(Binary, {"--db", scratch.db(), "checkin", "0042"}, uid);
  CHECK(result.exitCode == 1);
  CHECK(result.err.find(scratch.db()) != std::string::npos);
  CHECK(fs::file_size(scratch.db()) == before);
  fs::permissions(scratch.db(), fs::perms::owner_read | fs::perms::owner_write);
  CHECK(sql(scratch.db(), "SELECT count(*) FROM runners") == "3\n");
  CHECK(sql(scratch.db(), "SELECT count(*) FROM checkins") == "0\n");
}

TEST_CASE("missing database folder is reported", "[cli][bad-input]") {
  ProcessResult result = runChillnode({"--db", "/no/such/folder/kiosk.db", "checkin", "0042"});
  CHECK(result.exitCode == 1);
  CHECK(result.err.find("/no/such/folder/kiosk.db") != std::string::npos);
}

TEST_CASE("scan reports unreadable files", "[cli][scan][bad-input]") {
  ProcessResult missing = runChillnode({"scan", "/no/such/image.png"});
  CHECK(missing.exitCode == 1);
  CHECK(missing.err.find("/no/such/image.png") != std::string::npos);
  ProcessResult notImage = runChillnode({"scan", Data + "/cli/small_roster.csv"});
  CHECK(notImage.exitCode == 1);
  CHECK(notImage.err.find("neither an image nor a video") != std::string::npos);
}

TEST_CASE("kiosk rejects a bad config before opening a window", "[cli][bad-input]") {
  ProcessResult result = runChillnode({"--config", Data + "/config/bad_camera_kind.toml"});
  CHECK(result.exitCode == 1);
  CHECK(result.err.find("camera.kind") != std::string::npos);
  ProcessResult badWindow = runChillnode({"--window", "huge"});
  CHECK(badWindow.exitCode == 1);
  CHECK(badWindow.err.find("--window huge is invalid") != std::string::npos);
}

TEST_CASE("kiosk rejects a bad autotest script", "[cli][autotest][bad-input]") {
  Scratch scratch;
  std::string config = (scratch.path / "kiosk.toml").string();
  std::ofstream(config) << "[camera]\nkind = \"folder\"\nsource = \"" << (scratch.path / "no-camera").string()
                        << "\"\n";
  struct Case {
    const char* script;
    const char* message;
  };
  for (const Case& bad : {Case{"wait_screen attract 5\nfly_to attract\n", "line 2: unknown command fly_to"},
                          Case{"wait_redeem accepted 5\n", "line 1: unknown redeem verdict \"accepted\""}}) {
    std::string script = (scratch.path / "bad.script").string();
    std::ofstream(script) << bad.script;
    // The script is read before any window opens, so this needs no display.
    ProcessResult kiosk = runChillnode({"--config", config, "--db", scratch.db(), "--window", "800x480",
                                        "--autotest", script});
    INFO("script:\n" << bad.script << "stderr: " << kiosk.err);
    CHECK(kiosk.exitCode == 1);
    CHECK(kiosk.err.find(bad.message) != std::string::npos);
  }
}

TEST_CASE("sync hides a password libpq quotes", "[cli][sync][bad-input]") {
  Scratch scratch;
  std::string config = (scratch.path / "unit.toml").string();
  // "%zz" is no valid percent-encoding, and libpq's message quotes the token holding it.
  std::ofstream(config) << "[unit]\nid = \"q1\"\n[database]\npath = \"" << scratch.db()
                        << "\"\n[hq]\nurl = \"postgresql://q1:SeCrEt%zz9@127.0.0.1:1/race\"\nsslmode = \"disable\"\n";
  fs::permissions(config, fs::perms::owner_read | fs::perms::owner_write);
  REQUIRE(runChillnode({"--config", config, "roster", "import", Data + "/cli/small_roster.csv"}).exitCode == 0);
  ProcessResult checkin = runChillnode({"--config", config, "checkin", "0042"});
  REQUIRE(checkin.exitCode == 0);

  ProcessResult sync = runChillnode({"--config", config, "sync", "--once"});
  CHECK(sync.exitCode != 0);
  CHECK(sync.err.find("hq.url is invalid") != std::string::npos);
  CHECK(sync.err.find("SeCrEt") == std::string::npos);
  CHECK(sync.out.find("SeCrEt") == std::string::npos);
  CHECK(sql(scratch.db(), "SELECT count(*) FROM outbox WHERE sent_at_ms IS NULL") == "1\n");
}
