#pragma once
// systemd service notifications from the kiosk's main loop: readiness, watchdog pings and
// stopping. Without systemd (no NOTIFY_SOCKET) every call does nothing.

#include <cstdint>

namespace chillnode {

class ServiceWatchdog {
public:
  // Reads the watchdog interval that systemd passes in WATCHDOG_USEC (WatchdogSec= of the
  // unit) and installs the SIGUSR2 handler that stalls the loop for watchdog tests.
  ServiceWatchdog();

  // Sends READY=1 once, after the first frame is on screen.
  void notifyReady();

  // Call once per pass of the frame loop. Sends WATCHDOG=1 at most every half interval, so a
  // loop that stops passing here stops the pings and systemd restarts the service. After
  // SIGUSR2 it blocks forever in place of the loop, which is how the watchdog is tested.
  void onLoopPass(std::int64_t steadyNowMs);

  // Sends STOPPING=1, so systemd knows the exit is deliberate.
  void notifyStopping();

  bool enabled() const { return m_intervalUs > 0; }

private:
  std::uint64_t m_intervalUs = 0;  // 0 when systemd does not watch this process
  std::int64_t m_lastPingMs = -1;
  bool m_ready = false;
};

}  // namespace chillnode
