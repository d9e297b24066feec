#pragma once
// Removal of runners' personal data recorded before a cutoff. The rows that anonymous counts
// need (check-ins per day, sessions per type, intake decisions, vouchers and redemptions per
// offer) stay, with every personal value in them cleared.

#include <cstdint>

#include "store/database.hpp"

namespace chillnode {

// Rows changed or deleted by one purge, and the unsent outbox rows it found.
struct PurgeCounts {
  std::int64_t runners = 0;       // roster rows deleted
  std::int64_t checkIns = 0;      // bib cleared
  std::int64_t sessions = 0;      // bib cleared
  std::int64_t intakeAnswers = 0; // bib and answers cleared
  std::int64_t surveys = 0;       // bib and answers cleared
  std::int64_t consents = 0;      // bib cleared
  std::int64_t vouchers = 0;      // bib, bib hash and voucher code cleared
  std::int64_t redemptions = 0;   // bib hash cleared
  std::int64_t sentOutbox = 0;    // outbox rows deleted that HQ had acknowledged
  // Outbox rows from before the cutoff that HQ has not acknowledged (pending or quarantined)
  // and whose JSON body contains a bib or answers. They are never changed or deleted.
  std::int64_t unsentOutbox = 0;
};

struct PurgeResult {
  PurgeCounts counts;
  bool refused = false;  // unsent personal outbox rows were found and keepUnsent was false
};

// Clears personal data recorded before cutoffMs (Unix ms, compared with each record's wall
// time), in one IMMEDIATE transaction with SQLite's secure_delete on:
// - check-ins, consents, redemptions, vouchers, intake answers and surveys made before the
//   cutoff lose their bib, bib hash, voucher code and answers;
// - sessions queued before the cutoff lose their bib once they have ended; open ones stay;
// - roster rows last imported before the cutoff (or before import times were stored) are
//   deleted unless a record from the cutoff on, or an open session, still names the bib;
// - outbox rows from before the cutoff that HQ acknowledged are deleted, because HQ has them.
// When unsent outbox rows from before the cutoff contain personal data, the purge changes
// nothing and returns refused, unless keepUnsent is set: then it purges everything else
// and leaves those rows as they are. Throws StoreError when SQLite fails; the transaction
// is then rolled back.
PurgeResult purgePersonalData(Database& db, std::int64_t cutoffMs, bool keepUnsent);

// Rewrites the database file with VACUUM and truncates its WAL with a checkpoint, so the
// bytes of removed rows are gone from the -wal file and from free pages. Returns false when
// another connection kept the WAL from being truncated. Throws StoreError when SQLite fails.
// NOTE: this removes the bytes from the files only. A flash card may keep old copies of
// blocks until the card itself erases them.
bool wipeRemovedBytes(Database& db);

}  // namespace chillnode
