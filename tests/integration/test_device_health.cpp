// Device health readings on real files and the running machine.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "platform/device_health.hpp"
#include "temp_dir.hpp"

using namespace chillnode;
using chillnode::test::TempDir;
namespace fs = std::filesystem;

namespace {

void writeBytes(const std::string& path, std::size_t count) {
  std::ofstream(path, std::ios::binary) << std::string(count, 'x');
}

}  // namespace

TEST_CASE("database size adds the WAL file", "[health]") {
  TempDir scratch;
  const std::string db = scratch.file("kiosk.db");
  CHECK_FALSE(readDatabaseBytes(db));
  writeBytes(db, 4096);
  CHECK(readDatabaseBytes(db) == 4096u);
  writeBytes(db + "-wal", 1000);
  writeBytes(db + "-shm", 32768);
  CHECK(readDatabaseBytes(db) == 5096u);
}

TEST_CASE("free disk and memory are read", "[health]") {
  TempDir scratch;
  std::optional<std::uint64_t> disk = readFreeDiskBytes(scratch.path().string());
  REQUIRE(disk);
  CHECK(*disk > 0);
  CHECK_FALSE(readFreeDiskBytes("/no/such/folder"));
  std::optional<std::uint64_t> memory = readFreeMemoryBytes();
  REQUIRE(memory);
  CHECK(*memory > 0);
}

TEST_CASE("device health for a relative database", "[health]") {
  // A bare file name lives in the working folder, which must still give a disk reading.
  DeviceHealth health = readDeviceHealth("no-such-chillnode.db", 14.5);
  CHECK(health.freeDiskBytes);
  CHECK_FALSE(health.databaseBytes);
  CHECK(health.cameraFps == 14.5);
  CHECK(health.freeMemoryBytes);
}

TEST_CASE("CPU temperature from a thermal zone file", "[health]") {
  TempDir scratch;
  const std::string zone = scratch.file("temp");
  std::ofstream(zone) << "48312\n";
  REQUIRE(readCpuTemperatureC(zone));
  CHECK(*readCpuTemperatureC(zone) == Approx(48.312));

  std::ofstream(zone) << "-2500\n";
  CHECK(readCpuTemperatureC(zone) == Approx(-2.5));

  std::ofstream(zone) << "hot\n";
  CHECK_FALSE(readCpuTemperatureC(zone));
  CHECK_FALSE(readCpuTemperatureC(scratch.file("missing")));
}

TEST_CASE("frame rate over the window", "[health][fps]") {
  FrameRateMeter meter(5000);
  CHECK_FALSE(meter.fps());
  meter.sample(0, 0);
  meter.sample(5, 400);
  CHECK_FALSE(meter.fps());  // under 500 ms of samples
  for (std::int64_t ms = 1000; ms <= 10'000; ms += 1000) {
    meter.sample(static_cast<std::uint64_t>(ms / 1000 * 15), ms);
  }
  REQUIRE(meter.fps());
  CHECK(*meter.fps() == Approx(15.0));
}

TEST_CASE("frame rate follows a slowdown", "[health][fps]") {
  FrameRateMeter meter(5000);
  std::uint64_t frames = 0;
  for (std::int64_t ms = 0; ms <= 20'000; ms += 1000) {
    meter.sample(frames, ms);
    frames += ms < 10'000 ? 30 : 5;
  }
  REQUIRE(meter.fps());
  CHECK(*meter.fps() == Approx(5.0));
}

TEST_CASE("frame rate of a stalled camera is 0", "[health][fps]") {
  FrameRateMeter meter(5000);
  for (std::int64_t ms = 0; ms <= 3000; ms += 1000) {
    meter.sample(static_cast<std::uint64_t>(ms / 100), ms);
  }
  for (std::int64_t ms = 4000; ms <= 12'000; ms += 1000) meter.sample(30, ms);
  REQUIRE(meter.fps());
  CHECK(*meter.fps() == 0.0);
}

TEST_CASE("frame rate restarts when the count drops", "[health][fps]") {
  FrameRateMeter meter(5000);
  meter.sample(1000, 0);
  meter.sample(1030, 1000);
  meter.sample(10, 2000);  // the camera was reopened
  CHECK_FALSE(meter.fps());
  meter.sample(30, 3000);
  REQUIRE(meter.fps());
  CHECK(*meter.fps() == Approx(20.0));
}
