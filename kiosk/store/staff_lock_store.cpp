#include "store/staff_lock_store.hpp"

namespace chillnode {

std::optional<StaffLockSnapshot> loadStaffLock(Database& db) {
  Statement select = db.prepare(
      "SELECT failures_in_row, lockouts, locked_out_until_mono_ms, boot_id, saved_mono_ms"
      " FROM staff_lock WHERE singleton = 1");
  if (!select.step()) return std::nullopt;
  StaffLockSnapshot snapshot;
  snapshot.record.failuresInRow = static_cast<int>(select.integer(0));
  snapshot.record.lockouts = static_cast<int>(select.integer(1));
  snapshot.record.lockedOutUntilMs = select.integer(2);
  snapshot.bootId = select.text(3);
  snapshot.savedMonoMs = select.integer(4);
  return snapshot;
}

void saveStaffLock(Database& db, const StaffLockRecord& record, const Timestamp& now) {
  Transaction tx(db);
  Statement upsert = db.prepare(
      "INSERT INTO staff_lock (singleton, failures_in_row, lockouts, locked_out_until_mono_ms,"
      " boot_id, saved_mono_ms) VALUES (1, ?, ?, ?, ?, ?)"
      " ON CONFLICT (singleton) DO UPDATE SET failures_in_row = excluded.failures_in_row,"
      " lockouts = excluded.lockouts, locked_out_until_mono_ms = excluded.locked_out_until_mono_ms,"
      " boot_id = excluded.boot_id, saved_mono_ms = excluded.saved_mono_ms");
  upsert.bind(1, std::int64_t{record.failuresInRow})
      .bind(2, std::int64_t{record.lockouts})
      .bind(3, record.lockedOutUntilMs)
      .bind(4, now.bootId)
      .bind(5, now.monoMs);
  upsert.run();
  tx.commit();
}

}  // namespace chillnode
