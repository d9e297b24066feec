#include "platform/watchdog.hpp"

#include <unistd.h>

#include <csignal>

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

namespace chillnode {

namespace {

volatile std::sig_atomic_t g_stallRequested = 0;

void requestStall(int) {
  g_stallRequested = 1;
}

}  // namespace

ServiceWatchdog::ServiceWatchdog() {
  std::uint64_t intervalUs = 0;
  // Returns > 0 only when WATCHDOG_USEC is set and WATCHDOG_PID, if set, is this process.
  int result = sd_watchdog_enabled(0, &intervalUs);
  if (result > 0) {
    m_intervalUs = intervalUs;
    spdlog::info("systemd watchdog: pinging every {} ms", m_intervalUs / 2000);
  } else if (result < 0) {
    spdlog::warn("systemd watchdog: WATCHDOG_USEC is invalid ({}); not pinging", result);
  }

  struct sigaction action {};
  action.sa_handler = requestStall;
  sigemptyset(&action.sa_mask);
  sigaction(SIGUSR2, &action, nullptr);
}

void ServiceWatchdog::notifyReady() {
  if (m_ready) return;
  m_ready = true;
  int result = sd_notify(0, "READY=1\nSTATUS=Showing the kiosk screens");
  if (result > 0) spdlog::info("systemd: ready sent");
  else if (result < 0) spdlog::warn("systemd: sending READY=1 failed ({})", result);
}

void ServiceWatchdog::onLoopPass(std::int64_t steadyNowMs) {
  if (g_stallRequested) {
    spdlog::warn("SIGUSR2: frame loop stalled on request; watchdog pings stop now");
    for (;;) pause();
  }
  if (m_intervalUs == 0) return;
  auto halfIntervalMs = static_cast<std::int64_t>(m_intervalUs / 2000);
  if (m_lastPingMs >= 0 && steadyNowMs - m_lastPingMs < halfIntervalMs) return;
  m_lastPingMs = steadyNowMs;
  int result = sd_notify(0, "WATCHDOG=1");
  if (result < 0) spdlog::warn("systemd watchdog: ping failed ({})", result);
}

void ServiceWatchdog::notifyStopping() {
  sd_notify(0, "STOPPING=1");
}

}  // namespace chillnode
