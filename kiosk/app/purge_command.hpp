#pragma once
// `chillnode purge --before DATE`: removes runners' personal data recorded before a day,
// keeping the rows that anonymous counts need.

#include <string>

#include "app/config.hpp"

namespace chillnode {

// Exit statuses of runPurge besides 0 (purged, and the removed bytes wiped from the files).
constexpr int PurgeFailed = 1;          // invalid DATE, missing database, or SQLite failed
constexpr int PurgeRefused = 2;         // unsent outbox rows hold personal data; nothing changed
constexpr int PurgeWalNotTruncated = 3; // purged, but VACUUM or the WAL checkpoint did not finish

// Purges records made before 00:00 UTC of dateText (YYYY-MM-DD) from the configured
// database and prints one line per table with the number of rows changed or deleted. See
// purgePersonalData for what is cleared and when it refuses. keepUnsent purges everything
// else when unsent outbox rows hold personal data, and warns that they remain. Never
// creates a missing database.
int runPurge(const Config& config, const std::string& dateText, bool keepUnsent);

}  // namespace chillnode
