#pragma once
// Watches whether the kiosk's database connection can store records, for the storage alert
// on the attract and staff screens. A failed write raises the alert (full, read-only or
// failing disk); a committed write lowers it. While it is raised and nothing else writes,
// a probe write every few seconds finds out when space was freed.

#include <cstddef>
#include <cstdint>
#include <string>

#include "store/database.hpp"
#include "ui/screens.hpp"

namespace chillnode {

class StorageWatch {
public:
  StorageWatch(Database& db, std::string databasePath) : m_db(db), m_databasePath(std::move(databasePath)) {}

  // Once per loop pass, after this pass's writes. pendingSessionChanges is the number of
  // changes the session desk keeps in memory; while there are some, its retries are the probe.
  void update(std::int64_t nowMs, std::size_t pendingSessionChanges);

  const ui::StorageAlert& alert() const { return m_alert; }

  static constexpr std::int64_t ProbeEveryMs = 3000;
  static constexpr std::int64_t FreeSpaceEveryMs = 2000;

private:
  void raise(const StorageFault& fault, std::int64_t nowMs);
  void lower(std::int64_t nowMs);

  Database& m_db;
  std::string m_databasePath;
  ui::StorageAlert m_alert;
  std::int64_t m_raisedAtMs = 0;
  std::int64_t m_probedAtMs = 0;
  std::int64_t m_freeReadAtMs = 0;
};

}  // namespace chillnode
