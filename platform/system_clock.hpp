#pragma once
// Reads the clocks the kiosk records: wall time, whether the kernel reports it synchronized,
// the boot id and time since boot.

#include "core/time.hpp"

namespace chillnode {

class SystemClock {
public:
  SystemClock();
  // Reads every clock once; call it once per loop pass and hand the value to the core.
  Timestamp now() const;

private:
  std::string m_bootId;
};

// The kernel's boot id (/proc/sys/kernel/random/boot_id), or "unknown-boot" when unreadable.
std::string readBootId();

}  // namespace chillnode
