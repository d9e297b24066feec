#pragma once
// Where and how a unit reaches the race HQ PostgreSQL database: the [hq] config section.

#include <string>

namespace chillnode {

struct HqSettings {
  bool enabled = true;
  // libpq connection string: a URI (postgresql://unit:password@host:5432/race) or
  // key=value pairs. Empty means the unit keeps its records and sends nothing.
  std::string url;
  // libpq sslmode, sslrootcert, sslcert and sslkey. They override the same settings in url.
  // An empty file setting leaves libpq's default (files under ~/.postgresql).
  std::string sslMode = "verify-full";
  std::string sslRootCert;
  std::string sslCert;
  std::string sslKey;
  int batchSize = 200;  // rows per INSERT statement

  bool configured() const { return enabled && !url.empty(); }
};

// The values libpq accepts for sslmode.
bool isValidSslMode(const std::string& mode);

}  // namespace chillnode
