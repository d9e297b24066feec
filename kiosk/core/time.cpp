#include "core/time.hpp"

namespace chillnode {

namespace {

constexpr std::int64_t MsPerDay = 24LL * 60 * 60 * 1000;

std::int64_t localDay(std::int64_t wallMs, int utcOffsetMinutes) {
  std::int64_t local = wallMs + std::int64_t{utcOffsetMinutes} * 60'000;
  // Floor division, so times before 1970 (an unsynchronized clock) still map to a day.
  return local >= 0 ? local / MsPerDay : (local - MsPerDay + 1) / MsPerDay;
}

}  // namespace

bool isSameRaceDay(const Timestamp& earlier, const Timestamp& later) {
  if (!earlier.bootId.empty() && earlier.bootId == later.bootId) {
    std::int64_t elapsed = later.monoMs - earlier.monoMs;
    if (elapsed < 0 || elapsed >= MsPerDay) return false;
    // Place the earlier moment on the later moment's wall clock, which is the better one.
    std::int64_t earlierWall = later.wallMs - elapsed;
    return localDay(earlierWall, later.utcOffsetMinutes) == localDay(later.wallMs, later.utcOffsetMinutes);
  }
  return localDay(earlier.wallMs, earlier.utcOffsetMinutes) == localDay(later.wallMs, later.utcOffsetMinutes);
}

}  // namespace chillnode
