#include "store/staff_queries.hpp"

#include <map>
#include <optional>
#include <utility>

namespace chillnode {

namespace {

// Rows older than this by the wall clock cannot be on today's race day. The filter only
// saves work. Rows of the current boot are always read, because its wall clock may have
// been set after they were written.
constexpr std::int64_t OldRowMs = 2LL * 24 * 60 * 60 * 1000;

struct TransitionRow {
  std::string sessionId;
  std::string station;
  std::string bib;
  std::string sessionState;
  std::string reason;
  Timestamp at;  // with the session's UTC offset
};

std::vector<TransitionRow> readTransitionRows(Database& db, const Timestamp& now) {
  auto select = db.prepare(
      "SELECT s.id, s.station, s.bib, s.state, s.utc_offset_minutes, t.reason, t.boot_id, t.mono_ms,"
      " t.wall_ms, t.wall_synced FROM session_transitions t JOIN sessions s ON s.id = t.session_id"
      // Every transition of a session with a recent one, so a session that began before the
      // wall clock was set still has all its rows.
      " WHERE t.session_id IN (SELECT session_id FROM session_transitions"
      "   WHERE boot_id = ?1 OR wall_ms >= ?2) ORDER BY t.rowid");
  select.bind(1, now.bootId).bind(2, now.wallMs - OldRowMs);
  std::vector<TransitionRow> rows;
  while (select.step()) {
    TransitionRow row;
    row.sessionId = select.text(0);
    row.station = select.text(1);
    row.bib = select.text(2);
    row.sessionState = select.text(3);
    row.at.utcOffsetMinutes = static_cast<int>(select.integer(4));
    row.reason = select.text(5);
    row.at.bootId = select.text(6);
    row.at.monoMs = select.integer(7);
    row.at.wallMs = select.integer(8);
    row.at.wallSynced = select.integer(9) != 0;
    rows.push_back(std::move(row));
  }
  return rows;
}

// Converts monotonic times of any boot into now's boot.
class BootClock {
public:
  BootClock(const std::vector<TransitionRow>& rows, const Timestamp& now) : m_now(now) {
    // The rows are in write order, so the last one of each boot wins. It is the most recent
    // reading of that boot's wall clock and the likeliest to be synchronized.
    for (const TransitionRow& row : rows) m_wallMinusMono[row.at.bootId] = row.at.wallMs - row.at.monoMs;
  }

  // Returns the moment with its wall time taken from its boot's latest offset.
  Timestamp corrected(const Timestamp& at) const {
    Timestamp fixed = at;
    if (at.bootId != m_now.bootId) fixed.wallMs = at.monoMs + m_wallMinusMono.at(at.bootId);
    return fixed;
  }

  std::int64_t toNowBoot(const Timestamp& at) const {
    if (at.bootId == m_now.bootId) return at.monoMs;
    return m_now.monoMs - (m_now.wallMs - corrected(at).wallMs);
  }

private:
  Timestamp m_now;
  std::map<std::string, std::int64_t> m_wallMinusMono;
};

std::optional<SessionEnd> endFor(const std::string& state) {
  if (state == "completed") return SessionEnd::Completed;
  if (state == "stopped_early") return SessionEnd::StoppedEarly;
  if (state == "expired") return SessionEnd::Expired;
  if (state == "interrupted") return SessionEnd::Interrupted;
  return std::nullopt;
}

bool isStart(const std::string& reason) {
  return reason == "runner_started" || reason == "staff_started";
}

// The transitions that finish a session. An alarm_acknowledged row may follow, which keeps
// the state.
bool isEnd(const std::string& reason) {
  return reason == "time_up" || reason == "hard_maximum" || reason == "runner_stopped" ||
         reason == "staff_stopped" || reason == "call_timed_out" || reason == "staff_removed" ||
         reason == "runner_left" || reason == "unit_rebooted";
}

struct SessionRows {
  SessionSummary summary;
  bool joined = false;  // without its Joined row a session has no queue time to count
  bool today = false;   // it joined or started on now's race day
};

void addRow(SessionRows& session, const TransitionRow& row, const BootClock& clock, const Timestamp& now) {
  SessionSummary& summary = session.summary;
  summary.type = row.station;
  summary.bib = row.bib;
  summary.end = endFor(row.sessionState);
  std::int64_t monoMs = clock.toNowBoot(row.at);
  bool onToday = isSameRaceDay(clock.corrected(row.at), now);
  if (row.reason == "joined") {
    summary.queuedMs = monoMs;
    session.joined = true;
    session.today = session.today || onToday;
  } else if (row.reason == "bay_free") {
    summary.calledMs = monoMs;
  } else if (isStart(row.reason)) {
    summary.startedMs = monoMs;
    session.today = session.today || onToday;
  } else if (isEnd(row.reason)) {
    summary.endedMs = monoMs;
  }
}

}  // namespace

std::vector<SessionSummary> readTodaySessions(Database& db, const Timestamp& now) {
  std::vector<TransitionRow> rows = readTransitionRows(db, now);
  BootClock clock(rows, now);
  std::map<std::string, SessionRows> sessions;
  std::vector<std::string> order;  // session ids in the order they joined
  for (const TransitionRow& row : rows) {
    auto [entry, added] = sessions.try_emplace(row.sessionId);
    if (added) order.push_back(row.sessionId);
    addRow(entry->second, row, clock, now);
  }

  std::vector<SessionSummary> summaries;
  for (const std::string& id : order) {
    SessionRows& session = sessions.at(id);
    if (session.joined && session.today) summaries.push_back(std::move(session.summary));
  }
  return summaries;
}

std::vector<IntakeBlock> readOpenIntakeBlocks(Database& db, const Timestamp& now) {
  auto select = db.prepare(
      "SELECT i.bib, i.station, i.override_staff_id IS NULL, coalesce(r.first_name, ''), i.wall_ms,"
      " i.wall_synced, i.boot_id, i.mono_ms, i.utc_offset_minutes"
      " FROM intake_answers i LEFT JOIN runners r ON r.bib = i.bib"
      " WHERE i.decision = 'blocked' AND i.bib <> '' AND (i.boot_id = ?1 OR i.wall_ms >= ?2) ORDER BY i.rowid");
  select.bind(1, now.bootId).bind(2, now.wallMs - OldRowMs);
  // As on the bay board, the latest block of the day decides. Later answers of "no" do not
  // lift it, and a new "yes" after an override blocks again.
  std::map<std::pair<std::string, std::string>, std::size_t> latest;
  std::vector<std::optional<IntakeBlock>> records;
  while (select.step()) {
    Timestamp at;
    at.wallMs = select.integer(4);
    at.wallSynced = select.integer(5) != 0;
    at.bootId = select.text(6);
    at.monoMs = select.integer(7);
    at.utcOffsetMinutes = static_cast<int>(select.integer(8));
    if (!isSameRaceDay(at, now)) continue;

    std::pair<std::string, std::string> key(select.text(0), select.text(1));
    auto [entry, added] = latest.try_emplace(key, records.size());
    if (!added) records[entry->second].reset();
    entry->second = records.size();
    bool open = select.integer(2) != 0;
    records.push_back(open ? std::optional(IntakeBlock{key.first, key.second, select.text(3)}) : std::nullopt);
  }

  std::vector<IntakeBlock> blocks;
  for (std::optional<IntakeBlock>& record : records) {
    if (record) blocks.push_back(std::move(*record));
  }
  return blocks;
}

}  // namespace chillnode
