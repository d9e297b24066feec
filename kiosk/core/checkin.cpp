#include "core/checkin.hpp"

namespace chillnode {

std::string_view methodName(CheckInMethod method) {
  return method == CheckInMethod::Scan ? "scan" : "keypad";
}

std::string_view outcomeName(CheckInOutcome outcome) {
  switch (outcome) {
    case CheckInOutcome::CheckedIn: return "checked in";
    case CheckInOutcome::AlreadyCheckedIn: return "already checked in";
    case CheckInOutcome::UnknownBib: return "unknown bib";
    case CheckInOutcome::InvalidPayload: return "invalid payload";
    case CheckInOutcome::NotStored: return "not stored";
  }
  return "invalid payload";
}

CheckInOutcome decideCheckIn(bool inRoster, const std::optional<Timestamp>& latestCheckIn,
                             const Timestamp& now) {
  if (!inRoster) return CheckInOutcome::UnknownBib;
  if (latestCheckIn && isSameRaceDay(*latestCheckIn, now)) return CheckInOutcome::AlreadyCheckedIn;
  return CheckInOutcome::CheckedIn;
}

}  // namespace chillnode
