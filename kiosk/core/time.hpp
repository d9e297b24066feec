#pragma once
// Time as the kiosk records it. Durations and ordering use the monotonic clock only: a
// Raspberry Pi has no battery-backed clock, so the wall time can be far off until NTP syncs.

#include <cstdint>
#include <string>

namespace chillnode {

struct Timestamp {
  std::int64_t wallMs = 0;      // Unix time in ms, as the wall clock had it
  bool wallSynced = false;      // whether the kernel reported the wall clock synchronized
  std::string bootId;           // the kernel's boot id: monotonic times compare only within it
  std::int64_t monoMs = 0;      // ms since boot (CLOCK_BOOTTIME, counts suspend)
  int utcOffsetMinutes = 0;     // local time zone offset, for deciding "the same day"
};

// True when two moments fall on the same race day. Within one boot the monotonic clock
// decides: under 24 h apart and on the same local date by the wall clock of the later
// moment minus the elapsed time. Across boots only the local wall dates can be compared.
bool isSameRaceDay(const Timestamp& earlier, const Timestamp& later);

}  // namespace chillnode
