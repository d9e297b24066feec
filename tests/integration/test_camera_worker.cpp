// The camera thread on a folder source that vanishes and comes back, as a camera knocked
// loose and plugged in again: it reports the loss, keeps running, and scans again without a
// restart. ThreadSanitizer runs this test (scripts/sanitize).

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "platform/camera_worker.hpp"
#include "temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

void writeBib(const fs::path& path, const std::string& payload) {
  std::string command = std::string(CHILLNODE_GEN) + " bib " + path.string() + " " + payload + " >/dev/null";
  REQUIRE(std::system(command.c_str()) == 0);
}

// Polls until pred returns true or the limit passes, and returns the time it took.
template <typename Pred>
std::chrono::milliseconds waitFor(std::chrono::milliseconds limit, Pred pred) {
  Clock::time_point start = Clock::now();
  while (!pred()) {
    if (Clock::now() - start > limit) return limit + std::chrono::milliseconds(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

bool sawPayload(chillnode::CameraWorker& worker, std::vector<std::string>& seen, const std::string& text) {
  for (chillnode::ScannedPayload& payload : worker.takePayloads()) seen.push_back(payload.text);
  for (const std::string& s : seen) {
    if (s == text) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("camera thread scans again after its source comes back", "[camera]") {
  chillnode::test::TempDir temp;
  fs::path folder = temp.path() / "camera";
  fs::path away = temp.path() / "unplugged";
  fs::create_directories(folder);
  writeBib(folder / "a.png", "BIB:0042");

  chillnode::CameraSettings settings;
  settings.kind = chillnode::CameraKind::Folder;
  settings.source = folder.string();
  settings.folderFrameMs = 200;
  chillnode::CameraWorker worker(settings, 100);
  worker.start();
  std::vector<std::string> seen;
  constexpr std::chrono::milliseconds Limit{5000};
  CHECK(waitFor(Limit, [&] { return sawPayload(worker, seen, "BIB:0042"); }) <= Limit);
  CHECK(worker.status().connected);

  // Unplugged: the folder is gone and the worker reports the error.
  fs::rename(folder, away);
  CHECK(waitFor(Limit, [&] { return !worker.status().connected; }) <= Limit);
  CHECK_THAT(worker.status().error, Catch::Contains(folder.string()));

  // Plugged in again, now showing another bib: it is read within 5 s, with no restart.
  fs::rename(away, folder);
  writeBib(folder / "b.png", "BIB:0077");
  fs::remove(folder / "a.png");
  seen.clear();
  std::chrono::milliseconds back = waitFor(Limit, [&] { return sawPayload(worker, seen, "BIB:0077"); });
  INFO("the camera came back after " << back.count() << " ms");
  CHECK(back <= Limit);
  CHECK(worker.status().connected);
  worker.stop();
}

TEST_CASE("camera thread stops cleanly while its source is missing", "[camera]") {
  chillnode::test::TempDir temp;
  chillnode::CameraSettings settings;
  settings.kind = chillnode::CameraKind::Folder;
  settings.source = (temp.path() / "never-there").string();
  chillnode::CameraWorker worker(settings, 100);
  worker.start();
  CHECK(waitFor(std::chrono::milliseconds(3000), [&] { return !worker.status().error.empty(); }) <=
        std::chrono::milliseconds(3000));
  CHECK_FALSE(worker.status().connected);
  Clock::time_point start = Clock::now();
  worker.stop();
  // A stop must not wait out the reopen interval.
  CHECK(Clock::now() - start < std::chrono::milliseconds(1000));
}
