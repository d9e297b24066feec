#pragma once
// Staff screen benchmark: the reads behind the today tab on a database of one busy day.

namespace chillnode::bench {

constexpr const char* StaffUsage = "chillnode-bench staff DBFILE [SESSIONS]";

// Writes SESSIONS (default 3000) completed sessions and 50 blocked intakes of one race day
// into DBFILE, a new file, through the bay board and the session store as the kiosk does. Then
// prints the median and the slowest of 9 runs of readTodaySessions with computeFigures, and
// of readOpenIntakeBlocks. Returns 0. Throws std::runtime_error when DBFILE exists and
// StoreError when it cannot be written.
int runStaffBench(int argc, char** argv);

}  // namespace chillnode::bench
