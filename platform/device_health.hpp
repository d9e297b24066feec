#pragma once
// Device health for the staff screen: disk, database, camera rate, memory and temperature.
// Each reading is a few system calls or small file reads, so the app can take them on the UI
// thread every few seconds, not every frame. An empty value means the reading failed.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

namespace chillnode {

struct DeviceHealth {
  std::optional<std::uint64_t> freeDiskBytes;    // available to the kiosk's user in the db folder
  std::optional<std::uint64_t> databaseBytes;    // the database file plus its -wal file
  std::optional<double> cameraFps;
  std::optional<std::uint64_t> freeMemoryBytes;  // sysinfo freeram, page cache not counted
  std::optional<double> cpuTemperatureC;         // empty where the board has no sensor
};

constexpr const char* CpuThermalZonePath = "/sys/class/thermal/thermal_zone0/temp";

// Returns the bytes an unprivileged user may still write on the file system of folder
// (statvfs f_bavail times f_frsize).
std::optional<std::uint64_t> readFreeDiskBytes(const std::string& folder);

// Returns the size of the SQLite file plus its -wal file (0 when there is none). Empty when
// the main file is missing.
std::optional<std::uint64_t> readDatabaseBytes(const std::string& databasePath);

// Returns sysinfo's free memory. It leaves out the page cache that the kernel would hand back
// under pressure, so it understates what the kiosk could still allocate.
std::optional<std::uint64_t> readFreeMemoryBytes();

// Reads a thermal zone file in millidegrees Celsius, as the Linux thermal sysfs writes it.
std::optional<double> readCpuTemperatureC(const std::string& path = CpuThermalZonePath);

// Takes every reading for the database at databasePath, with cameraFps from a FrameRateMeter.
DeviceHealth readDeviceHealth(const std::string& databasePath, std::optional<double> cameraFps);

// Computes frames per second from a camera's running frame count sampled over time, with no
// I/O. The rate covers the samples of the last windowMs. A count that goes down (the camera
// was reopened and counts from 0) starts over.
class FrameRateMeter {
public:
  explicit FrameRateMeter(std::int64_t windowMs = 5000) : m_windowMs(windowMs) {}

  // Adds a sample: the total frames so far at monotonic time nowMs, which must not decrease.
  void sample(std::uint64_t frames, std::int64_t nowMs);

  // Returns the frames per second between the oldest and newest sample in the window, or
  // empty until the samples span at least 500 ms. It drops to 0 when the count stops rising.
  std::optional<double> fps() const;

private:
  struct Sample {
    std::uint64_t frames;
    std::int64_t ms;
  };
  std::int64_t m_windowMs;
  std::deque<Sample> m_samples;
};

}  // namespace chillnode
