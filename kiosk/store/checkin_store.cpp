#include "store/checkin_store.hpp"

#include "core/json_writer.hpp"
#include "core/uuid.hpp"
#include "store/outbox.hpp"
#include "store/roster_store.hpp"

namespace chillnode {

namespace {

struct LatestCheckIn {
  std::string id;
  Timestamp at;
  int visits = 0;
};

std::optional<LatestCheckIn> findLatestCheckIn(Database& db, const std::string& bib) {
  auto select = db.prepare(
      "SELECT id, wall_ms, wall_synced, boot_id, mono_ms, visits FROM checkins"
      " WHERE bib = ? ORDER BY rowid DESC LIMIT 1");
  select.bind(1, bib);
  if (!select.step()) return std::nullopt;
  LatestCheckIn latest;
  latest.id = select.text(0);
  latest.at.wallMs = select.integer(1);
  latest.at.wallSynced = select.integer(2) != 0;
  latest.at.bootId = select.text(3);
  latest.at.monoMs = select.integer(4);
  latest.visits = static_cast<int>(select.integer(5));
  return latest;
}

std::string checkInBody(std::string_view id, std::string_view bib, std::string_view unitId,
                        CheckInMethod method, const Timestamp& now) {
  return JsonObjectWriter()
      .field("checkin_id", id)
      .field("bib", bib)
      .field("unit_id", unitId)
      .field("method", methodName(method))
      .field("wall_ms", now.wallMs)
      .field("wall_synced", now.wallSynced)
      .finish();
}

}  // namespace

CheckInStore::CheckInStore(Database& db, std::string unitId, const BibPayloadParser& parser)
    : m_db(db), m_unitId(std::move(unitId)), m_parser(parser) {}

CheckInResult CheckInStore::checkIn(std::string_view payload, CheckInMethod method, const Timestamp& now) {
  BibPayload parsed = m_parser.parse(payload);
  if (!parsed.ok()) {
    CheckInResult result;
    result.outcome = CheckInOutcome::InvalidPayload;
    result.payloadError = parsed.error;
    return result;
  }
  try {
    return record(parsed.bib, method, now);
  } catch (const StoreError&) {
    return recordFailed(parsed.bib, now);
  }
}

CheckInResult CheckInStore::recordFailed(const std::string& bib, const Timestamp& now) {
  // Reading still works on a full disk, so a runner who checked in earlier today is welcomed
  // back without the visit being counted. Anyone else is told that nothing was saved.
  CheckInResult result;
  result.bib = bib;
  result.stored = false;
  result.outcome = CheckInOutcome::NotStored;
  std::optional<Runner> runner = findRunner(m_db, bib);
  std::optional<LatestCheckIn> latest = findLatestCheckIn(m_db, bib);
  if (runner) result.firstName = runner->firstName;
  if (runner && latest && isSameRaceDay(latest->at, now)) {
    result.outcome = CheckInOutcome::AlreadyCheckedIn;
    result.visits = latest->visits;
  }
  return result;
}

CheckInResult CheckInStore::record(const std::string& bib, CheckInMethod method, const Timestamp& now) {
  Transaction tx(m_db);
  CheckInResult result;
  result.bib = bib;
  std::optional<Runner> runner = findRunner(m_db, bib);
  std::optional<LatestCheckIn> latest = findLatestCheckIn(m_db, bib);
  std::optional<Timestamp> latestAt;
  if (latest) latestAt = latest->at;
  result.outcome = decideCheckIn(runner.has_value(), latestAt, now);
  if (runner) result.firstName = runner->firstName;

  if (result.outcome == CheckInOutcome::CheckedIn) {
    std::string id = makeUuid();
    auto insert = m_db.prepare(
        "INSERT INTO checkins (id, bib, unit_id, method, wall_ms, wall_synced, boot_id, mono_ms)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, id).bind(2, bib).bind(3, m_unitId).bind(4, methodName(method));
    insert.bind(5, now.wallMs).bind(6, std::int64_t{now.wallSynced ? 1 : 0});
    insert.bind(7, now.bootId).bind(8, now.monoMs);
    insert.run();
    appendOutbox(m_db, id, "checkin", now, checkInBody(id, bib, m_unitId, method, now));
    result.visits = 1;
  } else if (result.outcome == CheckInOutcome::AlreadyCheckedIn) {
    auto update = m_db.prepare("UPDATE checkins SET visits = visits + 1 WHERE id = ?");
    update.bind(1, latest->id);
    update.run();
    std::string visitId = makeUuid();
    std::string body = JsonObjectWriter()
                           .field("visit_id", visitId)
                           .field("checkin_id", latest->id)
                           .field("bib", bib)
                           .field("unit_id", m_unitId)
                           .field("method", methodName(method))
                           .finish();
    appendOutbox(m_db, visitId, "visit", now, body);
    result.visits = latest->visits + 1;
  }
  tx.commit();
  return result;
}

bool isCheckedInToday(Database& db, const std::string& bib, const Timestamp& now) {
  std::optional<LatestCheckIn> latest = findLatestCheckIn(db, bib);
  return latest && isSameRaceDay(latest->at, now);
}

int CheckInStore::countCheckIns() {
  auto count = m_db.prepare("SELECT count(*) FROM checkins");
  count.step();
  return static_cast<int>(count.integer(0));
}

}  // namespace chillnode
