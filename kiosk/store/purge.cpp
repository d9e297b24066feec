#include "store/purge.hpp"

#include <sqlite3.h>

namespace chillnode {

namespace {

// Runs sql with ?1 bound to the cutoff and returns how many rows it changed.
std::int64_t runWithCutoff(Database& db, const char* sql, std::int64_t cutoffMs) {
  auto statement = db.prepare(sql);
  statement.bind(1, cutoffMs);
  statement.run();
  return sqlite3_changes64(db.handle());
}

// Unsent rows count as personal when their body names a bib or carries answers. A body that
// is not valid JSON cannot be checked, so it counts as personal too.
constexpr const char* CountUnsentPersonalSql =
    "SELECT count(*) FROM outbox WHERE sent_at_ms IS NULL AND wall_ms < ?1"
    " AND (NOT json_valid(body) OR json_extract(body, '$.bib') IS NOT NULL"
    "      OR json_extract(body, '$.answers') IS NOT NULL)";

void clearRecords(Database& db, std::int64_t cutoffMs, PurgeCounts& counts) {
  counts.checkIns = runWithCutoff(db, "UPDATE checkins SET bib = '' WHERE wall_ms < ?1 AND bib <> ''", cutoffMs);
  counts.sessions = runWithCutoff(
      db,
      "UPDATE sessions SET bib = '' WHERE created_wall_ms < ?1 AND bib <> ''"
      " AND state IN ('completed', 'stopped_early', 'expired', 'interrupted')",
      cutoffMs);
  counts.intakeAnswers = runWithCutoff(
      db, "UPDATE intake_answers SET bib = '', answers = '' WHERE wall_ms < ?1 AND (bib <> '' OR answers <> '')",
      cutoffMs);
  counts.surveys = runWithCutoff(
      db, "UPDATE surveys SET bib = '', answers = '' WHERE wall_ms < ?1 AND (bib <> '' OR answers <> '')",
      cutoffMs);
  counts.consents =
      runWithCutoff(db, "UPDATE runner_consent SET bib = '' WHERE wall_ms < ?1 AND bib <> ''", cutoffMs);
  counts.vouchers = runWithCutoff(
      db,
      "UPDATE vouchers SET bib = '', bib_hash = '', code = ''"
      " WHERE wall_ms < ?1 AND (bib <> '' OR bib_hash <> '' OR code <> '')",
      cutoffMs);
  counts.redemptions =
      runWithCutoff(db, "UPDATE redemptions SET bib_hash = '' WHERE wall_ms < ?1 AND bib_hash <> ''", cutoffMs);
}

// Runs after clearRecords, so a bib still found in a record belongs to a record that stays.
void deleteOldRunners(Database& db, std::int64_t cutoffMs, PurgeCounts& counts) {
  counts.runners = runWithCutoff(
      db,
      "DELETE FROM runners WHERE (imported_wall_ms IS NULL OR imported_wall_ms < ?1) AND bib NOT IN ("
      " SELECT bib FROM checkins UNION SELECT bib FROM sessions UNION SELECT bib FROM intake_answers"
      " UNION SELECT bib FROM surveys UNION SELECT bib FROM runner_consent UNION SELECT bib FROM vouchers)",
      cutoffMs);
}

}  // namespace

PurgeResult purgePersonalData(Database& db, std::int64_t cutoffMs, bool keepUnsent) {
  // Deleted and overwritten cells are zeroed in their pages, so the transaction's own WAL
  // frames hold no copy of them.
  db.execute("PRAGMA secure_delete = ON");
  PurgeResult result;
  Transaction tx(db);
  auto unsent = db.prepare(CountUnsentPersonalSql);
  unsent.bind(1, cutoffMs);
  unsent.step();
  result.counts.unsentOutbox = unsent.integer(0);
  if (result.counts.unsentOutbox > 0 && !keepUnsent) {
    result.refused = true;
    return result;
  }

  clearRecords(db, cutoffMs, result.counts);
  deleteOldRunners(db, cutoffMs, result.counts);
  result.counts.sentOutbox =
      runWithCutoff(db, "DELETE FROM outbox WHERE sent_at_ms IS NOT NULL AND wall_ms < ?1", cutoffMs);
  tx.commit();
  return result;
}

bool wipeRemovedBytes(Database& db) {
  // VACUUM copies every table into fresh pages, leaving no free page or slack space with old
  // bytes. The stores' "ORDER BY rowid" queries survive it: SQLite 3.40's VACUUM kept the
  // rowids of tables with a primary key index (all of ours), and renumbered others in order.
  db.execute("VACUUM");
  auto checkpoint = db.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
  checkpoint.step();
  return checkpoint.integer(0) == 0;
}

}  // namespace chillnode
