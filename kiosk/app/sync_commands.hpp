#pragma once
// Command-line tools for the HQ database: its schema, unit roles, and a one-off sync. Each
// returns the process exit code.

#include <string>

#include "app/config.hpp"

namespace chillnode {

// Prints the HQ schema script. Exit 0.
int runHqSchema();

// Prints the statements that create unit name's HQ role with a generated password, or with
// the psql variable :'password' when placeholder is set. Exit 0, or 2 for an invalid name.
int runHqAddUnit(const std::string& name, bool placeholder);

// Sends every pending outbox row to HQ and prints "N rows sent to HQ (Q quarantined, P
// pending)". Exit 0 when nothing is left pending, 1 when HQ or the database failed (with
// the reason on stderr), 2 when [hq] has no url or is disabled.
int runSyncOnce(const Config& config);

// Runs the sync thread as the kiosk would, until SIGINT or SIGTERM, then prints the same
// summary for the whole run. Exit 0, 1 when the last attempt failed, 2 as runSyncOnce.
int runSyncForever(const Config& config);

}  // namespace chillnode
