#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "platform/removable_drives.hpp"
#include "process.hpp"
#include "temp_dir.hpp"

using chillnode::test::ProcessResult;
using chillnode::test::runProcess;
using chillnode::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string Binary = CHILLNODE_BINARY;

std::string firstLine(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

}  // namespace

TEST_CASE("export writes every table with a checked manifest", "[cli][export]") {
  TempDir scratch;
  std::string db = (scratch.path() / "kiosk.db").string();
  REQUIRE(runProcess(Binary, {"--db", db, "roster", "import", std::string(CHILLNODE_TEST_DATA) + "/cli/small_roster.csv"})
              .exitCode == 0);
  REQUIRE(runProcess(Binary, {"--db", db, "checkin", "0042"}).exitCode == 0);
  fs::create_directory(scratch.path() / "drive");

  ProcessResult exported = runProcess(Binary, {"--db", db, "export", (scratch.path() / "drive").string()});
  REQUIRE(exported.exitCode == 0);
  fs::path folder = firstLine(exported.out);
  REQUIRE(fs::is_regular_file(folder / "manifest.tsv"));
  std::ifstream manifest(folder / "manifest.tsv");
  std::string line;
  std::getline(manifest, line);
  CHECK(line == "file\trows\tsha256");
  int files = 0;
  while (std::getline(manifest, line)) {
    std::istringstream fields(line);
    std::string file, rows, sum;
    std::getline(fields, file, '\t');
    std::getline(fields, rows, '\t');
    std::getline(fields, sum, '\t');
    INFO(file);
    std::string table = file.substr(0, file.size() - 4);
    ProcessResult count = runProcess("/usr/bin/sqlite3", {db, "SELECT count(*) FROM " + table});
    CHECK(firstLine(count.out) == rows);
    ProcessResult digest = runProcess("/usr/bin/sha256sum", {(folder / file).string()});
    CHECK(digest.out.substr(0, 64) == sum);
    ++files;
  }
  CHECK(files >= 10);
  CHECK_FALSE(fs::exists(folder / "runners.csv.partial"));
}

TEST_CASE("export to a missing or read-only drive fails plainly", "[cli][export][bad-input]") {
  TempDir scratch;
  std::string db = (scratch.path() / "kiosk.db").string();
  ProcessResult missing = runProcess(Binary, {"--db", db, "export", (scratch.path() / "no-drive").string()});
  CHECK(missing.exitCode == 1);
  CHECK(missing.err.find("does not exist") != std::string::npos);

  // /proc refuses new folders even to root, as a write-protected drive would.
  ProcessResult readOnly = runProcess(Binary, {"--db", db, "export", "/proc"});
  CHECK(readOnly.exitCode == 1);
  CHECK(readOnly.err.find("export failed") != std::string::npos);
}

TEST_CASE("reset refuses while records wait for HQ", "[cli][export][bad-input]") {
  TempDir scratch;
  std::string db = (scratch.path() / "kiosk.db").string();
  REQUIRE(runProcess(Binary, {"--db", db, "roster", "import", std::string(CHILLNODE_TEST_DATA) + "/cli/small_roster.csv"})
              .exitCode == 0);
  REQUIRE(runProcess(Binary, {"--db", db, "checkin", "0042"}).exitCode == 0);

  ProcessResult refused = runProcess(Binary, {"--db", db, "reset", "--yes"});
  CHECK(refused.exitCode == 1);
  CHECK(refused.err.find("1 records are not yet acknowledged by HQ") != std::string::npos);
  CHECK(fs::exists(db));
  // Deleting the pending row by hand is refused by the database itself.
  ProcessResult deleted = runProcess("/usr/bin/sqlite3", {db, "DELETE FROM outbox"});
  CHECK(deleted.exitCode != 0);

  // Once HQ acknowledged every row, reset asks for --yes and then deletes the files.
  REQUIRE(runProcess("/usr/bin/sqlite3", {db, "UPDATE outbox SET sent_at_ms = 1"}).exitCode == 0);
  ProcessResult dryRun = runProcess(Binary, {"--db", db, "reset"});
  CHECK(dryRun.exitCode == 0);
  CHECK(fs::exists(db));
  ProcessResult done = runProcess(Binary, {"--db", db, "reset", "--yes"});
  CHECK(done.exitCode == 0);
  CHECK_FALSE(fs::exists(db));
  CHECK_FALSE(fs::exists(db + "-wal"));
}

TEST_CASE("mounted drives are found below the media folder", "[export]") {
  TempDir scratch;
  std::string mounts = scratch.file("mounts");
  std::ofstream(mounts) << "/dev/root / ext4 ro 0 0\n"
                           "/dev/sda1 /media/usb0 vfat rw 0 0\n"
                           "/dev/sdb1 /media/RACE\\040DAY vfat rw 0 0\n"
                           "/dev/sdc1 /mediaX vfat rw 0 0\n"
                           "/dev/sda1 /media/usb0 vfat rw 0 0\n"
                           "tmpfs /media tmpfs rw 0 0\n"
                           "garbage\n";
  std::vector<std::string> drives = chillnode::findMountedDrives("/media/", mounts);
  CHECK(drives == std::vector<std::string>{"/media/usb0", "/media/RACE DAY"});
  CHECK(chillnode::findMountedDrives("/media", scratch.file("no-such-file")).empty());
}
