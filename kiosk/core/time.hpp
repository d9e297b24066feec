#pragma once
// Time as the kiosk records it. Durations and ordering use the monotonic clock only: a
// Raspberry Pi has no battery-backed clock, so the wall time can be far off until NTP syncs.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

// Parses a calendar date written exactly as YYYY-MM-DD (year 1970 to 9999) and returns
// 00:00 UTC of that day as Unix ms. Returns nullopt for any other text, including a day that
// does not exist (2026-02-30), a missing leading zero (2026-1-05) or a time after the date.
std::optional<std::int64_t> parseUtcDateMs(std::string_view text);

}  // namespace chillnode
