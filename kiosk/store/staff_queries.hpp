#pragma once
// Read-only queries behind the staff screen: today's sessions for the figures and today's
// intake blocks that wait for a staff member.

#include <string>
#include <vector>

#include "core/staff_figures.hpp"
#include "core/time.hpp"
#include "store/database.hpp"

namespace chillnode {

// Returns a summary of each session that joined a queue or started on now's race day, in the
// order they joined. Times come from the session's transitions, converted to now's boot. A
// time of an earlier boot is shifted by that boot's last known offset between wall and
// monotonic time, so times within one boot keep their distances, and times across boots are
// as right as the wall clocks were. Throws StoreError.
std::vector<SessionSummary> readTodaySessions(Database& db, const Timestamp& now);

// A runner whose intake answers blocked a station type today, with no staff override yet.
struct IntakeBlock {
  std::string bib;
  std::string stationId;
  std::string firstName;  // empty when the bib is not in the roster
};

// Returns today's intake blocks that no staff member has overridden, oldest first, one per
// runner and station type. Throws StoreError.
std::vector<IntakeBlock> readOpenIntakeBlocks(Database& db, const Timestamp& now);

}  // namespace chillnode
