#include "platform/system_clock.hpp"

#include <ctime>
#include <fstream>
#include <sys/timex.h>

namespace chillnode {

namespace {

std::int64_t clockMs(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return std::int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1'000'000;
}

// adjtimex reports TIME_ERROR, or STA_UNSYNC in its status, until NTP has set the clock.
bool wallClockSynchronized() {
  timex tx{};
  int state = adjtimex(&tx);
  return state != TIME_ERROR && state != -1 && (tx.status & STA_UNSYNC) == 0;
}

int utcOffsetMinutes(std::int64_t wallMs) {
  std::time_t seconds = static_cast<std::time_t>(wallMs / 1000);
  std::tm local{};
  localtime_r(&seconds, &local);
  return static_cast<int>(local.tm_gmtoff / 60);
}

}  // namespace

std::string readBootId() {
  std::ifstream file("/proc/sys/kernel/random/boot_id");
  std::string id;
  if (!std::getline(file, id) || id.empty()) return "unknown-boot";
  return id;
}

SystemClock::SystemClock() : m_bootId(readBootId()) {}

Timestamp SystemClock::now() const {
  Timestamp at;
  at.wallMs = clockMs(CLOCK_REALTIME);
  at.wallSynced = wallClockSynchronized();
  at.bootId = m_bootId;
  at.monoMs = clockMs(CLOCK_BOOTTIME);
  at.utcOffsetMinutes = utcOffsetMinutes(at.wallMs);
  return at;
}

}  // namespace chillnode
