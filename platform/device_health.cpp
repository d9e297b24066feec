#include "platform/device_health.hpp"

#include <sys/statvfs.h>
#include <sys/sysinfo.h>

#include <filesystem>
#include <fstream>

namespace chillnode {

namespace {

constexpr std::int64_t MinSpanMs = 500;

std::optional<std::uint64_t> fileSize(const std::string& path) {
  std::error_code error;
  std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) return std::nullopt;
  return static_cast<std::uint64_t>(size);
}

std::string folderOf(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

}  // namespace

std::optional<std::uint64_t> readFreeDiskBytes(const std::string& folder) {
  struct statvfs info {};
  if (::statvfs(folder.c_str(), &info) != 0) return std::nullopt;
  return static_cast<std::uint64_t>(info.f_bavail) * static_cast<std::uint64_t>(info.f_frsize);
}

std::optional<std::uint64_t> readDatabaseBytes(const std::string& databasePath) {
  std::optional<std::uint64_t> main = fileSize(databasePath);
  if (!main) return std::nullopt;
  return *main + fileSize(databasePath + "-wal").value_or(0);
}

std::optional<std::uint64_t> readFreeMemoryBytes() {
  struct sysinfo info {};
  if (::sysinfo(&info) != 0) return std::nullopt;
  return static_cast<std::uint64_t>(info.freeram) * info.mem_unit;
}

std::optional<double> readCpuTemperatureC(const std::string& path) {
  std::ifstream file(path);
  long long milliCelsius = 0;
  if (!(file >> milliCelsius)) return std::nullopt;
  return static_cast<double>(milliCelsius) / 1000.0;
}

DeviceHealth readDeviceHealth(const std::string& databasePath, std::optional<double> cameraFps) {
  DeviceHealth health;
  health.freeDiskBytes = readFreeDiskBytes(folderOf(databasePath));
  health.databaseBytes = readDatabaseBytes(databasePath);
  health.cameraFps = cameraFps;
  health.freeMemoryBytes = readFreeMemoryBytes();
  health.cpuTemperatureC = readCpuTemperatureC();
  return health;
}

void FrameRateMeter::sample(std::uint64_t frames, std::int64_t nowMs) {
  if (!m_samples.empty() && frames < m_samples.back().frames) m_samples.clear();
  m_samples.push_back({frames, nowMs});
  while (m_samples.size() > 2 && nowMs - m_samples[1].ms >= m_windowMs) m_samples.pop_front();
}

std::optional<double> FrameRateMeter::fps() const {
  if (m_samples.size() < 2) return std::nullopt;
  const Sample& oldest = m_samples.front();
  const Sample& newest = m_samples.back();
  std::int64_t spanMs = newest.ms - oldest.ms;
  if (spanMs < MinSpanMs) return std::nullopt;
  double frames = static_cast<double>(newest.frames - oldest.frames);
  return frames * 1000.0 / static_cast<double>(spanMs);
}

}  // namespace chillnode
