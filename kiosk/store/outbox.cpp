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
  auto count = db.prepare("SELECT count(*) FROM outbox WHERE sent_at_ms IS NULL");
  count.step();
  return count.integer(0);
}

}  // namespace chillnode
