#pragma once
// Runners in the local database, keyed by bib.

#include <optional>
#include <string>
#include <vector>

#include "core/roster.hpp"
#include "store/database.hpp"

namespace chillnode {

struct RosterImportCounts {
  int added = 0;
  int updated = 0;
};

// Inserts new runners and updates existing ones by bib, in one transaction. Runners absent
// from the file stay, and check-ins are never touched.
// NOTE: bibs stored before the import upper-cased them are not migrated, so a lower-case bib
// in an older database no longer matches a scan until that database is rebuilt.
RosterImportCounts importRunners(Database& db, const std::vector<Runner>& runners);

std::optional<Runner> findRunner(Database& db, const std::string& bib);

int countRunners(Database& db);

}  // namespace chillnode
