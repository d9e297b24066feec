#include "store/outbox.hpp"

#include <sqlite3.h>

namespace chillnode {

std::int64_t appendOutbox(Database& db, std::string_view eventId, std::string_view kind,
                          const Timestamp& at, std::string_view body) {
  auto insert = db.prepare(
      "INSERT INTO outbox (event_id, kind, schema_version, boot_id, mono_ms, wall_ms, wall_synced, body)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, eventId).bind(2, kind).bind(3, std::int64_t{OutboxSchemaVersion});
  insert.bind(4, at.bootId).bind(5, at.monoMs).bind(6, at.wallMs);
  insert.bind(7, std::int64_t{at.wallSynced ? 1 : 0}).bind(8, body);
  insert.run();
  return sqlite3_last_insert_rowid(db.handle());
}

std::int64_t countPendingOutbox(Database& db) {
  auto count = db.prepare("SELECT count(*) FROM outbox WHERE sent_at_ms IS NULL AND quarantined_at_ms IS NULL");
  count.step();
  return count.integer(0);
}

std::int64_t countQuarantinedOutbox(Database& db) {
  auto count = db.prepare("SELECT count(*) FROM outbox WHERE quarantined_at_ms IS NOT NULL");
  count.step();
  return count.integer(0);
}

std::vector<OutboxRow> readPendingOutbox(Database& db, std::int64_t afterSeq, int limit) {
  auto select = db.prepare(
      "SELECT seq, event_id, kind, schema_version, boot_id, mono_ms, wall_ms, wall_synced, body FROM outbox"
      " WHERE sent_at_ms IS NULL AND quarantined_at_ms IS NULL AND seq > ? ORDER BY seq LIMIT ?");
  select.bind(1, afterSeq).bind(2, std::int64_t{limit});
  std::vector<OutboxRow> rows;
  while (select.step()) {
    OutboxRow row;
    row.seq = select.integer(0);
    row.eventId = select.text(1);
    row.kind = select.text(2);
    row.schemaVersion = select.integer(3);
    row.bootId = select.text(4);
    row.monoMs = select.integer(5);
    row.wallMs = select.integer(6);
    row.wallSynced = select.integer(7) != 0;
    row.body = select.text(8);
    rows.push_back(std::move(row));
  }
  return rows;
}

void markOutboxSent(Database& db, std::int64_t firstSeq, std::int64_t lastSeq, std::int64_t sentAtMs) {
  Transaction tx(db);
  auto update = db.prepare(
      "UPDATE outbox SET sent_at_ms = ? WHERE seq BETWEEN ? AND ?"
      " AND sent_at_ms IS NULL AND quarantined_at_ms IS NULL");
  update.bind(1, sentAtMs).bind(2, firstSeq).bind(3, lastSeq);
  update.run();
  tx.commit();
}

void quarantineOutboxRow(Database& db, std::int64_t seq, std::int64_t atMs, std::string_view reason) {
  Transaction tx(db);
  auto update = db.prepare(
      "UPDATE outbox SET quarantined_at_ms = ?, quarantine_reason = ? WHERE seq = ? AND sent_at_ms IS NULL");
  update.bind(1, atMs).bind(2, reason).bind(3, seq);
  update.run();
  tx.commit();
}

std::string readUnitEpoch(Database& db) {
  auto select = db.prepare("SELECT epoch FROM unit_epoch WHERE singleton = 1");
  if (!select.step()) throw StoreError("database " + db.path() + " has no epoch row: the file is damaged");
  return select.text(0);
}

}  // namespace chillnode
