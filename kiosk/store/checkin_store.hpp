#pragma once
// Check-in as a stored operation: parse the payload, look the bib up, apply the rules and
// write the record with its outbox row in one transaction.

#include <string>
#include <string_view>

#include "core/checkin.hpp"
#include "core/payload.hpp"
#include "core/time.hpp"
#include "store/database.hpp"

namespace chillnode {

class CheckInStore {
public:
  CheckInStore(Database& db, std::string unitId, const BibPayloadParser& parser);

  // Runs one check-in for a scanned or typed payload. The record (or the visit count) and
  // its outbox row are committed before this returns, so a crash after the welcome screen
  // loses nothing. When the database cannot be written the result has stored = false and
  // the outcome NotStored (or AlreadyCheckedIn for a runner checked in earlier today).
  CheckInResult checkIn(std::string_view payload, CheckInMethod method, const Timestamp& now);

  int countCheckIns();

private:
  CheckInResult record(const std::string& bib, CheckInMethod method, const Timestamp& now);
  CheckInResult recordFailed(const std::string& bib, const Timestamp& now);

  Database& m_db;
  std::string m_unitId;
  const BibPayloadParser& m_parser;
};

// Whether the runner has a check-in record on now's race day. Throws StoreError.
bool isCheckedInToday(Database& db, const std::string& bib, const Timestamp& now);

}  // namespace chillnode
