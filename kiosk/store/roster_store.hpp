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
  int updated = 0;    // already stored, with at least one field changed
  int unchanged = 0;  // already stored with the same fields, so not written
};

// Inserts new runners and updates changed ones by bib, in one transaction. Runners absent
// from the file stay, and check-ins are never touched.
// NOTE: bibs stored before the import upper-cased them are not migrated, so a lower-case bib
// in an older database matches no scan until the roster is imported again.
RosterImportCounts importRunners(Database& db, const std::vector<Runner>& runners);

std::optional<Runner> findRunner(Database& db, const std::string& bib);

int countRunners(Database& db);
// Runners whose bib starts with text, ignoring case in ASCII letters, or whose first or last
// name does, compared as foldForSearch folds them. Bib matches come first, at most limit.
std::vector<Runner> searchRunners(Database& db, const std::string& text, int limit);

}  // namespace chillnode
