#include "store/session_store.hpp"

#include <map>

#include "core/json_writer.hpp"
#include "core/uuid.hpp"
#include "store/outbox.hpp"

namespace chillnode {

namespace {

std::int64_t flag(bool value) { return value ? 1 : 0; }

// The moment monoMs of the current boot, with the wall time derived from now.
Timestamp atMono(const Timestamp& now, std::int64_t monoMs) {
  Timestamp at = now;
  at.wallMs = now.wallMs - (now.monoMs - monoMs);
  at.monoMs = monoMs;
  return at;
}

std::string sessionBody(const SessionData& session, std::string_view unitId, const Timestamp& at) {
  return JsonObjectWriter()
      .field("session_id", session.id)
      .field("bib", session.bib)
      .field("unit_id", unitId)
      .field("station", session.stationId)
      .field("wall_ms", at.wallMs)
      .field("wall_synced", at.wallSynced)
      .finish();
}

std::string transitionBody(std::string_view id, const SessionData& session, const Transition& transition,
                           const Timestamp& at) {
  std::int64_t sessionMs = 0;
  if (session.startMonoMs > 0 && session.endMonoMs >= session.startMonoMs) {
    sessionMs = session.endMonoMs - session.startMonoMs;
  }
  return JsonObjectWriter()
      .field("transition_id", id)
      .field("session_id", session.id)
      .field("from", transition.from ? sessionStateName(*transition.from) : std::string_view())
      .field("to", sessionStateName(transition.to))
      .field("reason", reasonName(transition.reason))
      .field("staff_id", transition.staffId)
      .field("bay", std::int64_t{session.bay})
      .field("planned_ms", session.plannedMs)
      .field("session_ms", sessionMs)
      .field("wall_ms", at.wallMs)
      .field("wall_synced", at.wallSynced)
      .finish();
}

// Returns the answers as a JSON object that maps each question id to true for "yes". When an
// id is answered twice, the last answer counts.
std::string answersObject(const std::vector<IntakeAnswer>& answers) {
  std::map<std::string, bool> lastAnswers;
  for (const IntakeAnswer& answer : answers) lastAnswers[answer.questionId] = answer.yes;
  JsonObjectWriter object;
  for (const auto& [questionId, yes] : lastAnswers) object.field(questionId, yes);
  return object.finish();
}

std::string overrideBody(std::string_view eventId, std::string_view intakeId, std::string_view bib,
                         std::string_view stationId, std::string_view staffId, std::string_view unitId,
                         const Timestamp& now) {
  return JsonObjectWriter()
      .field("override_id", eventId)
      .field("intake_id", intakeId)
      .field("bib", bib)
      .field("unit_id", unitId)
      .field("station", stationId)
      .field("staff_id", staffId)
      .field("wall_ms", now.wallMs)
      .field("wall_synced", now.wallSynced)
      .finish();
}

struct OpenRow {
  SessionData data;
  std::string bootId;
  std::string startBootId;
};

OpenRow readOpenRow(const Statement& row) {
  OpenRow open;
  SessionData& data = open.data;
  data.id = row.text(0);
  data.bib = row.text(1);
  data.stationId = row.text(2);
  data.bay = static_cast<int>(row.integer(3));
  data.state = parseSessionState(row.text(4)).value_or(SessionState::Interrupted);
  data.queueRank = row.integer(5);
  open.bootId = row.text(6);
  data.queuedMonoMs = row.integer(7);
  data.calledMonoMs = row.integer(8);
  open.startBootId = row.text(9);
  data.startMonoMs = row.integer(10);
  data.endMonoMs = row.integer(11);
  data.plannedMs = row.integer(12);
  data.watchingStaffId = row.text(13);
  data.warningGiven = row.integer(14) != 0;
  data.alarmPending = row.integer(15) != 0;
  return open;
}

Timestamp rowTimestamp(const Statement& row, int firstColumn) {
  Timestamp at;
  at.wallMs = row.integer(firstColumn);
  at.wallSynced = row.integer(firstColumn + 1) != 0;
  at.bootId = row.text(firstColumn + 2);
  at.monoMs = row.integer(firstColumn + 3);
  at.utcOffsetMinutes = static_cast<int>(row.integer(firstColumn + 4));
  return at;
}

}  // namespace

SessionStore::SessionStore(Database& db, std::string unitId) : m_db(db), m_unitId(std::move(unitId)) {}

void SessionStore::save(const SessionChange& change, const Timestamp& now) {
  Transaction tx(m_db);
  writeChange(change, now);
  tx.commit();
}

void SessionStore::saveAll(const std::vector<SessionChange>& changes, const Timestamp& now) {
  if (changes.empty()) return;
  Transaction tx(m_db);
  for (const SessionChange& change : changes) writeChange(change, now);
  tx.commit();
}

void SessionStore::writeChange(const SessionChange& change, const Timestamp& now) {
  upsertSession(change.session, now);
  if (change.transition) {
    insertTransition(change.session, *change.transition, atMono(now, change.transition->monoMs));
  }
}

void SessionStore::upsertSession(const SessionData& session, const Timestamp& now) {
  auto upsert = m_db.prepare(
      "INSERT INTO sessions (id, bib, unit_id, station, bay, state, queue_rank, boot_id, queued_mono_ms,"
      " called_mono_ms, start_mono_ms, end_mono_ms, planned_ms, watching_staff_id, warning_given,"
      " alarm_pending, created_wall_ms, created_wall_synced, utc_offset_minutes)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (id) DO UPDATE SET bay = excluded.bay, state = excluded.state,"
      " queue_rank = excluded.queue_rank,"
      // A finished session keeps the boot its times were taken in.
      " boot_id = CASE WHEN excluded.state IN ('queued', 'called', 'running')"
      "   THEN excluded.boot_id ELSE sessions.boot_id END,"
      " queued_mono_ms = excluded.queued_mono_ms, called_mono_ms = excluded.called_mono_ms,"
      " start_mono_ms = excluded.start_mono_ms, end_mono_ms = excluded.end_mono_ms,"
      " planned_ms = excluded.planned_ms, watching_staff_id = excluded.watching_staff_id,"
      " warning_given = excluded.warning_given, alarm_pending = excluded.alarm_pending");
  upsert.bind(1, session.id).bind(2, session.bib).bind(3, m_unitId).bind(4, session.stationId);
  upsert.bind(5, std::int64_t{session.bay}).bind(6, sessionStateName(session.state));
  upsert.bind(7, session.queueRank).bind(8, now.bootId).bind(9, session.queuedMonoMs);
  upsert.bind(10, session.calledMonoMs).bind(11, session.startMonoMs).bind(12, session.endMonoMs);
  upsert.bind(13, session.plannedMs).bind(14, session.watchingStaffId);
  upsert.bind(15, flag(session.warningGiven)).bind(16, flag(session.alarmPending));
  upsert.bind(17, now.wallMs).bind(18, flag(now.wallSynced));
  upsert.bind(19, std::int64_t{now.utcOffsetMinutes});
  upsert.run();
}

void SessionStore::insertTransition(const SessionData& session, const Transition& transition,
                                    const Timestamp& at) {
  std::string id = makeUuid();
  auto insert = m_db.prepare(
      "INSERT INTO session_transitions (id, session_id, from_state, to_state, reason, staff_id,"
      " boot_id, mono_ms, wall_ms, wall_synced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, id).bind(2, session.id);
  if (transition.from) {
    insert.bind(3, sessionStateName(*transition.from));
  } else {
    insert.bindNull(3);
  }
  insert.bind(4, sessionStateName(transition.to)).bind(5, reasonName(transition.reason));
  insert.bind(6, transition.staffId).bind(7, at.bootId).bind(8, at.monoMs);
  insert.bind(9, at.wallMs).bind(10, flag(at.wallSynced));
  insert.run();

  stampStartOrEnd(session.id, transition, at);
  if (!transition.from) appendOutbox(m_db, session.id, "session", at, sessionBody(session, m_unitId, at));
  appendOutbox(m_db, id, "session_transition", at, transitionBody(id, session, transition, at));
}

void SessionStore::stampStartOrEnd(const std::string& sessionId, const Transition& transition,
                                   const Timestamp& at) {
  if (transition.to == SessionState::Running && transition.from == SessionState::Called) {
    auto stamp = m_db.prepare(
        "UPDATE sessions SET start_boot_id = ?, start_wall_ms = ?, start_wall_synced = ? WHERE id = ?");
    stamp.bind(1, at.bootId).bind(2, at.wallMs).bind(3, flag(at.wallSynced)).bind(4, sessionId);
    stamp.run();
  } else if (isFinished(transition.to) && transition.from != transition.to) {
    auto stamp = m_db.prepare("UPDATE sessions SET end_wall_ms = ?, end_wall_synced = ? WHERE id = ?");
    stamp.bind(1, at.wallMs).bind(2, flag(at.wallSynced)).bind(3, sessionId);
    stamp.run();
  }
}

std::string SessionStore::saveIntake(const std::string& bib, const std::string& stationId,
                                     const std::vector<IntakeAnswer>& answers,
                                     const IntakeEvaluation& evaluation, const Timestamp& now) {
  if (evaluation.decision == IntakeDecision::Incomplete) return {};
  std::string answersText = answersObject(answers);
  std::string decision = evaluation.decision == IntakeDecision::Blocked ? "blocked" : "allowed";

  Transaction tx(m_db);
  std::string id = makeUuid();
  auto insert = m_db.prepare(
      "INSERT INTO intake_answers (id, bib, unit_id, station, answers, decision, consent_version,"
      " boot_id, mono_ms, wall_ms, wall_synced, utc_offset_minutes)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, id).bind(2, bib).bind(3, m_unitId).bind(4, stationId).bind(5, answersText);
  insert.bind(6, decision).bind(7, ConsentTextVersion).bind(8, now.bootId).bind(9, now.monoMs);
  insert.bind(10, now.wallMs).bind(11, flag(now.wallSynced)).bind(12, std::int64_t{now.utcOffsetMinutes});
  insert.run();
  // TODO: send the answers to HQ only when the runner consented to sharing them. The
  // consent screen and its flag do not exist yet, so every intake body carries them.
  std::string body = JsonObjectWriter()
                         .field("intake_id", id)
                         .field("bib", bib)
                         .field("unit_id", m_unitId)
                         .field("station", stationId)
                         .field("decision", decision)
                         .jsonField("answers", answersText)
                         .field("consent_version", ConsentTextVersion)
                         .field("wall_ms", now.wallMs)
                         .field("wall_synced", now.wallSynced)
                         .finish();
  appendOutbox(m_db, id, "intake", now, body);
  tx.commit();
  return id;
}

bool SessionStore::saveIntakeOverride(const std::string& bib, const std::string& stationId,
                                      const std::string& staffId, const Timestamp& now) {
  Transaction tx(m_db);
  auto find = m_db.prepare(
      "SELECT id FROM intake_answers WHERE bib = ? AND station = ? AND decision = 'blocked'"
      " AND override_staff_id IS NULL ORDER BY rowid DESC LIMIT 1");
  find.bind(1, bib).bind(2, stationId);
  if (staffId.empty() || !find.step()) return false;
  std::string intakeId = find.text(0);
  auto update = m_db.prepare(
      "UPDATE intake_answers SET override_staff_id = ?, override_wall_ms = ?, override_wall_synced = ?"
      " WHERE id = ?");
  update.bind(1, staffId).bind(2, now.wallMs).bind(3, flag(now.wallSynced)).bind(4, intakeId);
  update.run();

  std::string eventId = makeUuid();
  appendOutbox(m_db, eventId, "intake_override", now,
               overrideBody(eventId, intakeId, bib, stationId, staffId, m_unitId, now));
  tx.commit();
  return true;
}

LoadedSessions SessionStore::load(const Timestamp& now) {
  LoadedSessions loaded;
  auto select = m_db.prepare(
      "SELECT id, bib, station, bay, state, queue_rank, boot_id, queued_mono_ms, called_mono_ms,"
      " start_boot_id, start_mono_ms, end_mono_ms, planned_ms, watching_staff_id, warning_given,"
      " alarm_pending FROM sessions"
      " WHERE state IN ('queued', 'called', 'running') OR alarm_pending = 1 ORDER BY queue_rank");
  std::vector<OpenRow> rows;
  while (select.step()) rows.push_back(readOpenRow(select));

  for (OpenRow& row : rows) {
    SessionState state = row.data.state;
    if (state == SessionState::Running && row.startBootId != now.bootId) {
      interruptStale(row.data, now);
      ++loaded.interrupted;
    } else if ((state == SessionState::Queued || state == SessionState::Called) && row.bootId != now.bootId) {
      rebase(row.data, now);
    }
    loaded.sessions.push_back(std::move(row.data));
  }
  loaded.intakes = readIntakes(now);
  loaded.startedToday = readStartedToday(now);
  return loaded;
}

void SessionStore::interruptStale(SessionData& session, const Timestamp& now) {
  // The start's monotonic time belongs to another boot, so the time left is unknown and
  // staff must look at the bay.
  session.state = SessionState::Interrupted;
  session.alarmPending = true;
  session.endMonoMs = 0;
  Transition transition{SessionState::Running, SessionState::Interrupted, TransitionReason::UnitRebooted, "",
                        now.monoMs};
  save({session, transition}, now);
}

void SessionStore::rebase(SessionData& session, const Timestamp& now) {
  session.queuedMonoMs = now.monoMs;
  if (session.state == SessionState::Called) session.calledMonoMs = now.monoMs;
  auto update = m_db.prepare(
      "UPDATE sessions SET boot_id = ?, queued_mono_ms = ?, called_mono_ms = ? WHERE id = ?");
  update.bind(1, now.bootId).bind(2, session.queuedMonoMs).bind(3, session.calledMonoMs).bind(4, session.id);
  update.run();
}

std::vector<StoredIntake> SessionStore::readIntakes(const Timestamp& now) {
  auto select = m_db.prepare(
      "SELECT bib, station, decision, override_staff_id, wall_ms, wall_synced, boot_id, mono_ms,"
      " utc_offset_minutes FROM intake_answers ORDER BY rowid");
  std::vector<StoredIntake> intakes;
  while (select.step()) {
    if (!isSameRaceDay(rowTimestamp(select, 4), now)) continue;
    intakes.push_back({select.text(0), select.text(1), select.text(2) == "blocked", select.text(3)});
  }
  return intakes;
}

std::vector<std::pair<std::string, std::string>> SessionStore::readStartedToday(const Timestamp& now) {
  auto select = m_db.prepare(
      "SELECT bib, station, start_wall_ms, start_wall_synced, start_boot_id, start_mono_ms,"
      " utc_offset_minutes FROM sessions WHERE start_wall_ms IS NOT NULL");
  std::vector<std::pair<std::string, std::string>> started;
  while (select.step()) {
    if (isSameRaceDay(rowTimestamp(select, 2), now)) started.emplace_back(select.text(0), select.text(1));
  }
  return started;
}

}  // namespace chillnode
