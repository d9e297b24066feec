#include "sync/outbox_sender.hpp"

#include <spdlog/spdlog.h>

#include "store/time_anchor_store.hpp"

namespace chillnode {

namespace {

constexpr std::chrono::milliseconds ConnectTimeout{15'000};
constexpr std::chrono::milliseconds StatementTimeout{60'000};
constexpr std::int64_t HqAnchorIntervalMs = 15 * 60 * 1000;
constexpr int ParametersPerRow = 9;

}  // namespace

std::vector<std::string> buildInsertParameters(const std::vector<OutboxRow>& rows, std::size_t begin,
                                               std::size_t end, const std::string& unitId, const std::string& epoch) {
  std::vector<std::string> params;
  params.reserve(2 + (end - begin) * ParametersPerRow);
  params.push_back(unitId);
  params.push_back(epoch);
  for (std::size_t i = begin; i < end; ++i) {
    const OutboxRow& row = rows[i];
    params.push_back(row.eventId);
    params.push_back(std::to_string(row.seq));
    params.push_back(row.kind);
    params.push_back(std::to_string(row.schemaVersion));
    params.push_back(row.bootId);
    params.push_back(std::to_string(row.monoMs));
    params.push_back(std::to_string(row.wallMs));
    params.push_back(row.wallSynced ? "true" : "false");
    params.push_back(row.body);
  }
  return params;
}

bool isContentRejection(const std::string& sqlState) {
  return sqlState.starts_with("22") || sqlState.starts_with("23");
}

std::string buildInsertSql(std::size_t rows) {
  std::string sql =
      "INSERT INTO chillnode.events (event_id, unit_id, epoch, seq, kind, schema_version, boot_id, mono_ms,"
      " wall_ms, wall_synced, body) VALUES ";
  int next = 3;
  for (std::size_t i = 0; i < rows; ++i) {
    auto param = [&next] { return "$" + std::to_string(next++); };
    if (i > 0) sql += ", ";
    sql += "(" + param() + "::uuid, $1, $2::uuid, ";
    sql += param() + "::bigint, ";
    sql += param() + ", ";
    sql += param() + "::integer, ";
    sql += param() + ", ";
    sql += param() + "::bigint, ";
    sql += param() + "::bigint, ";
    sql += param() + "::boolean, ";
    sql += param() + "::jsonb)";
  }
  // No conflict target and no RETURNING: both would need SELECT, which unit roles lack.
  // NOTE: a row whose (unit, epoch, seq) HQ already has under another event id is dropped
  // silently as well, which happens when a unit's database is restored from a backup.
  return sql + " ON CONFLICT DO NOTHING";
}

OutboxSender::OutboxSender(Database& db, HqConnection& hq, HqSettings settings, std::string unitId,
                           ClockFunction clock)
    : m_db(db), m_hq(hq), m_settings(std::move(settings)), m_unitId(std::move(unitId)), m_clock(std::move(clock)) {
  m_epoch = readUnitEpoch(m_db);
}

std::optional<std::string> OutboxSender::ensureConnected() {
  if (m_hq.isOpen()) {
    std::int64_t now = m_clock().monoMs;
    if (m_lastHqAnchorMonoMs && now - *m_lastHqAnchorMonoMs < HqAnchorIntervalMs) return std::nullopt;
    return recordHqAnchor();
  }
  if (std::optional<std::string> error = m_hq.connect(m_settings, ConnectTimeout)) return error;
  spdlog::info("sync: connected to HQ as unit {}", m_unitId);
  return recordHqAnchor();
}

std::optional<std::string> OutboxSender::recordHqAnchor() {
  Timestamp before = m_clock();
  HqReply reply = m_hq.execute("SELECT (extract(epoch FROM now()) * 1000)::bigint", {}, StatementTimeout);
  Timestamp after = m_clock();
  if (reply.status != HqReply::Status::Ok || reply.firstRow.size() != 1) {
    return "reading the HQ clock failed (" + reply.message + ")";
  }
  std::int64_t roundTripMs = after.monoMs - before.monoMs;
  TimeAnchor anchor;
  anchor.source = AnchorSource::Hq;
  anchor.bootId = before.bootId;
  anchor.monoMs = before.monoMs + roundTripMs / 2;
  anchor.unitWallMs = before.wallMs + roundTripMs / 2;
  anchor.unitWallSynced = before.wallSynced;
  anchor.referenceWallMs = std::stoll(reply.firstRow[0]);
  anchor.uncertaintyMs = (roundTripMs + 1) / 2;
  recordTimeAnchor(m_db, anchor, m_unitId);
  m_lastHqAnchorMonoMs = after.monoMs;
  return std::nullopt;
}

std::string OutboxSender::describeRejection(const HqReply& reply) const {
  if (reply.sqlState == "42501") {
    return "HQ refused this unit's rows (" + reply.message + "): the HQ login must be the role named \"" +
           m_unitId + "\" (unit.id), made with `chillnode hq add-unit`";
  }
  if (reply.sqlState == "42P01" || reply.sqlState == "3F000") {
    return "HQ has no chillnode.events table (" + reply.message + "): apply `chillnode hq schema` at HQ";
  }
  return "HQ rejected the rows (SQLSTATE " + reply.sqlState + ": " + reply.message + ")";
}

std::optional<std::string> OutboxSender::sendRange(const std::vector<OutboxRow>& rows, std::size_t begin,
                                                   std::size_t end, SendReport& report) {
  HqReply reply = m_hq.execute(buildInsertSql(end - begin), buildInsertParameters(rows, begin, end, m_unitId, m_epoch),
                               StatementTimeout);
  if (reply.status == HqReply::Status::Ok) {
    markOutboxSent(m_db, rows[begin].seq, rows[end - 1].seq, m_clock().wallMs);
    report.acknowledged += static_cast<std::int64_t>(end - begin);
    report.newAtHq += reply.rowsAffected;
    return std::nullopt;
  }
  if (reply.status == HqReply::Status::Stopped) {
    report.stopped = true;
    return "stopped while sending";
  }
  if (reply.status == HqReply::Status::Lost) {
    return "the connection to HQ was lost while sending (" + reply.message + "); the rows will be sent again";
  }
  if (!isContentRejection(reply.sqlState)) return describeRejection(reply);

  if (end - begin == 1) {
    const OutboxRow& row = rows[begin];
    std::string reason = reply.sqlState + ": " + reply.message;
    quarantineOutboxRow(m_db, row.seq, m_clock().wallMs, reason);
    ++report.quarantined;
    spdlog::warn("sync: HQ rejected outbox row {} (event {}, kind {}) for its content ({}); it is quarantined",
                 row.seq, row.eventId, row.kind, reason);
    return std::nullopt;
  }
  std::size_t middle = begin + (end - begin) / 2;
  if (std::optional<std::string> error = sendRange(rows, begin, middle, report)) return error;
  return sendRange(rows, middle, end, report);
}

SendReport OutboxSender::sendPending(const std::function<bool()>& stopRequested) {
  SendReport report;
  if (countPendingOutbox(m_db) == 0) return report;
  if (std::optional<std::string> error = ensureConnected()) {
    report.error = error;
    return report;
  }
  int batchSize = std::max(1, m_settings.batchSize);
  while (!stopRequested()) {
    std::vector<OutboxRow> rows = readPendingOutbox(m_db, 0, batchSize);
    if (rows.empty()) return report;
    if (std::optional<std::string> error = sendRange(rows, 0, rows.size(), report)) {
      report.error = error;
      return report;
    }
  }
  report.stopped = true;
  return report;
}

}  // namespace chillnode
