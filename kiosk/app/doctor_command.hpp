#pragma once
// `chillnode doctor`: a self-check of everything a unit needs on race day.

#include <string>
#include <vector>

namespace chillnode {

enum class CheckStatus { Ok, Warning, Failed, Skipped };

struct CheckResult {
  std::string name;  // "config", "database", "camera", "audio", "disk", "clock", "wifi", "hq"
  CheckStatus status = CheckStatus::Ok;
  std::string detail;
};

// Free space below this on the database's file system fails the disk check. A race day of a
// few hundred runners writes an estimated few MB, so 100 MiB leaves room for the journal too.
constexpr unsigned long long MinFreeDiskBytes = 100ULL * 1024 * 1024;
// Free space below this passes with a warning.
constexpr unsigned long long LowFreeDiskBytes = 1024ULL * 1024 * 1024;

// Extracts "host:port" from a libpq connection string (URI or key=value form), with port
// 5432 when none is given. Returns an empty string when no host is given. Never returns the
// password.
std::string hqAddressOf(const std::string& connectionString);

// Runs every check and prints one line per check ("ok", "warn", "FAIL" or "skip", the name,
// the detail) and a summary line. configPath may be empty (defaults); dbPath, when not empty,
// overrides database.path. Exit 0 when no check failed, else 1. Clock, Wi-Fi settings, HQ and
// low disk space only warn, because the kiosk works offline and records whether the clock was
// synchronized.
int runDoctor(const std::string& configPath, const std::string& dbPath);

}  // namespace chillnode
