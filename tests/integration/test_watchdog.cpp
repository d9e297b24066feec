// ServiceWatchdog against a datagram socket standing in for systemd's notify socket.

#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "platform/watchdog.hpp"
#include "temp_dir.hpp"

namespace {

// Binds a Unix datagram socket and points NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID at
// it, as systemd does for a Type=notify service with WatchdogSec=. Unsets them at the end.
class NotifySocket {
public:
  explicit NotifySocket(const std::string& path, std::uint64_t watchdogUs) {
    m_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    path.copy(address.sun_path, sizeof address.sun_path - 1);
    REQUIRE(bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    setenv("NOTIFY_SOCKET", path.c_str(), 1);
    setenv("WATCHDOG_USEC", std::to_string(watchdogUs).c_str(), 1);
    setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
  }
  ~NotifySocket() {
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
    close(m_fd);
  }

  // Receives and returns every message sent so far.
  std::vector<std::string> take() {
    std::vector<std::string> messages;
    char buffer[512];
    for (ssize_t n; (n = recv(m_fd, buffer, sizeof buffer, 0)) > 0;) messages.emplace_back(buffer, static_cast<std::size_t>(n));
    return messages;
  }

private:
  int m_fd = -1;
};

}  // namespace

TEST_CASE("watchdog pings at half the interval", "[watchdog]") {
  chillnode::test::TempDir dir;
  NotifySocket systemd(dir.file("notify"), 2'000'000);
  chillnode::ServiceWatchdog watchdog;
  CHECK(watchdog.enabled());

  watchdog.onLoopPass(10'000);
  CHECK(systemd.take() == std::vector<std::string>{"WATCHDOG=1"});
  watchdog.onLoopPass(10'500);
  watchdog.onLoopPass(10'999);
  CHECK(systemd.take().empty());
  watchdog.onLoopPass(11'000);
  CHECK(systemd.take() == std::vector<std::string>{"WATCHDOG=1"});
}

TEST_CASE("watchdog sends ready once", "[watchdog]") {
  chillnode::test::TempDir dir;
  NotifySocket systemd(dir.file("notify"), 2'000'000);
  chillnode::ServiceWatchdog watchdog;
  watchdog.notifyReady();
  watchdog.notifyReady();
  std::vector<std::string> messages = systemd.take();
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].starts_with("READY=1\n"));
}

TEST_CASE("watchdog stays quiet without systemd", "[watchdog]") {
  unsetenv("NOTIFY_SOCKET");
  unsetenv("WATCHDOG_USEC");
  chillnode::ServiceWatchdog watchdog;
  CHECK_FALSE(watchdog.enabled());
  watchdog.onLoopPass(0);
  watchdog.notifyReady();
}

TEST_CASE("watchdog ignores another process's interval", "[watchdog]") {
  chillnode::test::TempDir dir;
  NotifySocket systemd(dir.file("notify"), 2'000'000);
  setenv("WATCHDOG_PID", "1", 1);
  chillnode::ServiceWatchdog watchdog;
  CHECK_FALSE(watchdog.enabled());
  watchdog.onLoopPass(0);
  CHECK(systemd.take().empty());
}
