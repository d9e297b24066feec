#pragma once
// The command-line tools that share the kiosk's core: roster import, scanning files and
// a single check-in. Each returns the process exit code.

#include <string>
#include <vector>

#include "app/config.hpp"

namespace chillnode {

// Prints "N runners added, M updated". Exit 0, or 1 when the file cannot be read or has
// a bad row (nothing is imported then).
int runRosterImport(const Config& config, const std::string& csvPath);

// Prints one line per image, or per decoded code in a video: "FILE[:FRAME]<TAB>TEXT", with
// "-" for nothing found. Control characters in TEXT are escaped so each result is one line.
// Exit 0 unless a file could not be read (1).
int runScan(const std::vector<std::string>& paths);

// Prints "OUTCOME<TAB>BIB<TAB>FIRST NAME". Exit 0 for checked in or already checked in,
// 3 for an unknown bib, 4 for an invalid payload, 1 when the database failed.
int runCheckIn(const Config& config, const std::string& payload, bool keypad);

}  // namespace chillnode
