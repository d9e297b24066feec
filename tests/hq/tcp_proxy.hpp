#pragma once
// A loopback TCP proxy for the HQ sync tests: it forwards every connection to a target
// port and can cut all of them at once, on SIGUSR1 or at random moments.

#include <cstdint>

namespace chillnode::test {

struct ProxyOptions {
  int listenPort = 0;
  int targetPort = 0;
  // When cutMaxMs > 0, every connection open at a moment drawn from [cutMinMs, cutMaxMs]
  // after the previous cut is cut.
  int cutMinMs = 0;
  int cutMaxMs = 0;
  std::uint64_t seed = 1;
};

// Runs until SIGTERM or SIGINT and returns the process exit code. Connects to and listens on
// 127.0.0.1 only.
int runProxy(const ProxyOptions& options);

}  // namespace chillnode::test
