// A stand-in for the system clock, which a drill cannot set: preloaded into the kiosk
// (LD_PRELOAD), it moves the wall clock by an offset and reports the kernel's NTP state,
// both as set by the drill. The file named by CHILLNODE_FAKE_CLOCK contains one line:
//
//   OFFSET_MS synced|unsynced
//
// CLOCK_REALTIME (and its coarse variant), gettimeofday and time read the real clock plus
// OFFSET_MS; adjtimex and ntp_adjtime report the clock synchronized or not. Every other clock,
// CLOCK_BOOTTIME and CLOCK_MONOTONIC among them, passes through untouched. The drill replaces
// the file with a rename, and the library reads it again at most every 20 ms.
//
// It makes the system calls itself instead of finding glibc's functions with dlsym, so it
// never allocates: a sanitizer's allocator reads the clock while holding its own lock, and
// a clock wrapper that allocates on first use deadlocks there.

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <unistd.h>

namespace {

constexpr std::int64_t RereadNs = 20'000'000;

std::atomic<std::int64_t> g_offsetMs{0};
std::atomic<bool> g_synced{false};
std::atomic<std::int64_t> g_readAtNs{-RereadNs};

long realClock(clockid_t clock, timespec* ts) {
  return syscall(SYS_clock_gettime, clock, ts);
}

std::int64_t monotonicNs() {
  timespec ts{};
  realClock(CLOCK_MONOTONIC, &ts);
  return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// Parses "OFFSET_MS synced|unsynced". Text in any other form leaves the last values.
void parseState(const char* text) {
  char* end = nullptr;
  long long offset = std::strtoll(text, &end, 10);
  if (end == text || *end != ' ') return;
  ++end;
  if (std::strncmp(end, "synced", 6) == 0) {
    g_synced = true;
  } else if (std::strncmp(end, "unsynced", 8) == 0) {
    g_synced = false;
  } else {
    return;
  }
  g_offsetMs = offset;
}

void refreshState() {
  std::int64_t now = monotonicNs();
  if (now - g_readAtNs.load() < RereadNs) return;
  g_readAtNs = now;
  const char* path = std::getenv("CHILLNODE_FAKE_CLOCK");
  if (path == nullptr) return;
  int fd = static_cast<int>(syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC));
  if (fd < 0) return;
  char text[64] = {};
  long length = syscall(SYS_read, fd, text, sizeof text - 1);
  syscall(SYS_close, fd);
  if (length > 0) parseState(text);
}

void shift(timespec* ts) {
  std::int64_t ns = std::int64_t{ts->tv_sec} * 1'000'000'000 + ts->tv_nsec + g_offsetMs.load() * 1'000'000;
  std::int64_t seconds = ns / 1'000'000'000;
  std::int64_t rest = ns % 1'000'000'000;
  if (rest < 0) {
    rest += 1'000'000'000;
    --seconds;
  }
  ts->tv_sec = static_cast<time_t>(seconds);
  ts->tv_nsec = static_cast<long>(rest);
}

bool isWallClock(clockid_t clock) {
  return clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE;
}

}  // namespace

extern "C" {

int clock_gettime(clockid_t clock, timespec* ts) noexcept {
  long result = realClock(clock, ts);
  if (result != 0 || !isWallClock(clock)) return static_cast<int>(result);
  refreshState();
  shift(ts);
  return 0;
}

int gettimeofday(struct timeval* tv, void*) noexcept {
  timespec ts{};
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return -1;
  tv->tv_sec = ts.tv_sec;
  tv->tv_usec = static_cast<suseconds_t>(ts.tv_nsec / 1000);
  return 0;
}

time_t time(time_t* out) noexcept {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  if (out != nullptr) *out = ts.tv_sec;
  return ts.tv_sec;
}

// Reads only: a call that would change the clock fails with EPERM, as for an unprivileged user.
int adjtimex(struct timex* tx) noexcept {
  if (tx->modes != 0) {
    errno = EPERM;
    return -1;
  }
  refreshState();
  std::memset(tx, 0, sizeof *tx);
  if (g_synced.load()) return TIME_OK;
  tx->status = STA_UNSYNC;
  return TIME_ERROR;
}

int ntp_adjtime(struct timex* tx) noexcept {
  return adjtimex(tx);
}

}  // extern "C"
