#pragma once
// The staff PIN lock's stored state: one row that a restart reads back, so killing or
// restarting the kiosk does not clear wrong-PIN counts or a lockout.

#include <optional>

#include "core/staff_auth.hpp"
#include "core/time.hpp"
#include "store/database.hpp"

namespace chillnode {

// Returns the stored lock, or nullopt when none was ever stored. Throws StoreError.
std::optional<StaffLockSnapshot> loadStaffLock(Database& db);

// Replaces the stored lock with record, stamped with now's boot id and monotonic time, in one
// transaction. Throws StoreError, and then the stored row is unchanged.
void saveStaffLock(Database& db, const StaffLockRecord& record, const Timestamp& now);

}  // namespace chillnode
