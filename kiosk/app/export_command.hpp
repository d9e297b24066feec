#pragma once
// `chillnode export DIR`: every table of the unit's database as CSV, for carrying records
// to HQ on a USB drive when there is no network.

#include <string>

#include "app/config.hpp"

namespace chillnode {

// Writes DIR/chillnode-UNIT-YYYYMMDD-HHMMSS/ holding TABLE.csv for every table and
// manifest.tsv (file, rows, SHA-256) from one consistent read of the database. Every file
// is written under a ".partial" name, flushed to disk and then renamed, and the manifest
// comes last: an export without manifest.tsv is incomplete. Prints the folder. Exit 0, or
// 1 with a message naming the path when the database or the drive fails.
int runExport(const Config& config, const std::string& directory);

// Does runExport's work and returns the folder written. Throws std::runtime_error naming
// the path for a missing folder, a database failure or a drive that cannot be written.
std::string exportDatabase(const std::string& databasePath, const std::string& unitId, const std::string& directory);

// `chillnode reset`: deletes the unit's database (with its -wal and -shm files) before the
// unit is re-imaged or reused, but refuses while any outbox row is not yet acknowledged by
// HQ or is quarantined, naming the count and what to do. Without confirmed it only prints
// what it would delete. Exit 0, or 1 when it refused or failed.
int runReset(const Config& config, bool confirmed);

}  // namespace chillnode
