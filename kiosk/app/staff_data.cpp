#include "app/staff_data.hpp"

#include <spdlog/spdlog.h>

#include "platform/device_health.hpp"
#include "store/roster_store.hpp"

namespace chillnode {

ui::StaffData StaffDataSource::read(const std::string& query, const BayBoard& board, const Timestamp& now,
                                    std::optional<double> cameraFps) {
  (void)board;
  ui::StaffData data;
  DeviceHealth health = readDeviceHealth(m_databasePath, cameraFps);
  data.freeDiskBytes = health.freeDiskBytes;
  data.databaseBytes = health.databaseBytes;
  data.cameraFps = health.cameraFps;
  data.clockSynced = now.wallSynced;
  if (query.empty()) return data;
  try {
    for (const Runner& runner : searchRunners(m_db, query, 6)) {
      data.matches.push_back({runner.bib, runner.firstName, runner.lastName, false});
    }
  } catch (const StoreError& error) {
    spdlog::error("staff lookup failed: {}", error.what());
  }
  return data;
}

}  // namespace chillnode
