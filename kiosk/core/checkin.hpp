#pragma once
// Check-in rules: one check-in record per runner per race day, later scans count as visits.

#include <optional>
#include <string>
#include <string_view>

#include "core/payload.hpp"
#include "core/time.hpp"

namespace chillnode {

enum class CheckInMethod { Scan, Keypad };

enum class CheckInOutcome {
  CheckedIn,         // first check-in of the race day: a record was stored
  AlreadyCheckedIn,  // checked in earlier the same day: a visit was counted, no new record
  UnknownBib,        // a valid bib that is not in the roster
  InvalidPayload,    // the scanned or typed text held no valid bib
  NotStored,         // a new check-in that the database could not write
};

struct CheckInResult {
  CheckInOutcome outcome = CheckInOutcome::InvalidPayload;
  std::string bib;         // empty for InvalidPayload
  std::string firstName;   // empty unless the bib is in the roster
  int visits = 0;          // visits today including this one; 0 unless the bib is in the roster
  PayloadError payloadError = PayloadError::None;
  // False when the database could not be written (a full or failing disk). A runner who
  // already checked in today is still welcomed back; anyone else gets NotStored.
  bool stored = true;
};

std::string_view methodName(CheckInMethod method);
// Stable lower-case name used on the command line and in logs: "checked in" ...
std::string_view outcomeName(CheckInOutcome outcome);

// Decides the outcome for a bib found in the roster (or not), given the time of that
// runner's latest check-in record if there is one.
CheckInOutcome decideCheckIn(bool inRoster, const std::optional<Timestamp>& latestCheckIn,
                             const Timestamp& now);

}  // namespace chillnode
