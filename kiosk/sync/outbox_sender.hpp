#pragma once
// Sends the outbox to HQ: pending rows in sequence order, in batches, each batch one
// multi-row INSERT ... ON CONFLICT DO NOTHING that an insert-only role can run. A row is
// marked sent only after HQ committed it. A row HQ rejects for its content is quarantined.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "store/database.hpp"
#include "store/outbox.hpp"
#include "sync/hq_connection.hpp"

namespace chillnode {

using ClockFunction = std::function<Timestamp()>;

struct SendReport {
  std::int64_t acknowledged = 0;  // rows marked sent: new at HQ or already there
  std::int64_t newAtHq = 0;       // rows HQ reported as inserted
  std::int64_t quarantined = 0;
  std::optional<std::string> error;  // plain words, when the pass stopped before the outbox was empty
  bool stopped = false;              // a stop request ended the pass
};

// True for SQLSTATEs that reject a row's content (classes 22 data exception and 23
// integrity constraint violation), as opposed to the connection, the login or the schema.
bool isContentRejection(const std::string& sqlState);

// Returns the INSERT statement for rows rows: $1 is the unit id, $2 the epoch, then nine
// parameters per row.
std::string buildInsertSql(std::size_t rows);

// Returns the parameters of buildInsertSql(end - begin) for rows[begin, end).
std::vector<std::string> buildInsertParameters(const std::vector<OutboxRow>& rows, std::size_t begin,
                                               std::size_t end, const std::string& unitId, const std::string& epoch);

class OutboxSender {
public:
  OutboxSender(Database& db, HqConnection& hq, HqSettings settings, std::string unitId, ClockFunction clock);

  // Connects when needed, recording an HQ time anchor on every new connection and every
  // 15 minutes, then sends pending rows until none are left, an error stops it, or
  // stopRequested returns true between batches. Throws StoreError when SQLite fails.
  SendReport sendPending(const std::function<bool()>& stopRequested);

private:
  std::optional<std::string> ensureConnected();
  std::optional<std::string> recordHqAnchor();
  // Sends rows[begin, end). After a content rejection it halves the range until the rejected
  // row is alone and quarantines it. Returns an error that stops the pass, or nullopt.
  std::optional<std::string> sendRange(const std::vector<OutboxRow>& rows, std::size_t begin, std::size_t end,
                                       SendReport& report);
  std::string describeRejection(const HqReply& reply) const;

  Database& m_db;
  HqConnection& m_hq;
  HqSettings m_settings;
  std::string m_unitId;
  std::string m_epoch;
  ClockFunction m_clock;
  std::optional<std::int64_t> m_lastHqAnchorMonoMs;
};

}  // namespace chillnode
