#pragma once
// The kiosk: window, main loop and the wiring of camera, flow, store and screens.

#include <string>

#include "app/config.hpp"

namespace chillnode {

struct KioskOptions {
  std::string autotestScript;  // run this script of injected touches (end-to-end tests)
  std::string screenshotDir = ".";
  bool frameStats = false;  // log the draw time of the frames every 10 s (benchmarks)
};

// Runs until SIGINT or SIGTERM (or the autotest script quits). Returns the process exit code:
// 0 for a normal stop, 1 when start-up failed (with one line on stderr saying why).
int runKiosk(const Config& config, const KioskOptions& options);

}  // namespace chillnode
