#pragma once
// The outbox: every record HQ needs gets a row here in the same transaction as the record.
// Rows are immutable. Sync marks a row sent once HQ committed it, or quarantined when HQ
// rejected its content. An unsent row, quarantined or not, cannot be deleted.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "store/database.hpp"

namespace chillnode {

// Schema version of the JSON bodies written by this program, per kind.
constexpr int OutboxSchemaVersion = 1;

// Appends one outbox row inside the caller's open transaction and returns its sequence
// number. eventId must be unique (a UUID made on the unit); body is a JSON object.
std::int64_t appendOutbox(Database& db, std::string_view eventId, std::string_view kind,
                          const Timestamp& at, std::string_view body);

// Rows neither sent nor quarantined.
std::int64_t countPendingOutbox(Database& db);
std::int64_t countQuarantinedOutbox(Database& db);

struct OutboxRow {
  std::int64_t seq = 0;
  std::string eventId;
  std::string kind;
  std::int64_t schemaVersion = 0;
  std::string bootId;
  std::int64_t monoMs = 0;
  std::int64_t wallMs = 0;
  bool wallSynced = false;
  std::string body;
};

// Returns up to limit pending rows with seq > afterSeq, in seq order.
std::vector<OutboxRow> readPendingOutbox(Database& db, std::int64_t afterSeq, int limit);

// Marks every pending row with seq in [firstSeq, lastSeq] as sent at sentAtMs (Unix ms)
// in one transaction. Rows already sent or quarantined are left as they are.
void markOutboxSent(Database& db, std::int64_t firstSeq, std::int64_t lastSeq, std::int64_t sentAtMs);

// Marks one pending row quarantined, with HQ's reason. Throws StoreError when the row is
// already quarantined.
void quarantineOutboxRow(Database& db, std::int64_t seq, std::int64_t atMs, std::string_view reason);

// The database's epoch: a UUID made when the database was created, sent with every row so
// HQ can tell this database's sequence numbers from those of an earlier one on the same unit.
std::string readUnitEpoch(Database& db);

}  // namespace chillnode
