#include "core/time.hpp"

#include <chrono>

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

std::optional<std::int64_t> parseUtcDateMs(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](std::size_t from, std::size_t length) {
    int value = 0;
    for (std::size_t i = from; i < from + length; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  int year = number(0, 4);
  int month = number(5, 2);
  int day = number(8, 2);
  if (year < 1970 || month < 0 || day < 0) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                   std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  auto midnight = std::chrono::sys_days(date);
  return std::chrono::duration_cast<std::chrono::milliseconds>(midnight.time_since_epoch()).count();
}

}  // namespace chillnode
