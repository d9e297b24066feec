#include "core/bay_board.hpp"

#include <algorithm>
#include <functional>
#include <queue>

#include "core/uuid.hpp"

namespace chillnode {

namespace {

std::optional<BoardEventKind> eventKindFor(SessionSignal signal) {
  switch (signal) {
    case SessionSignal::Called: return BoardEventKind::Called;
    case SessionSignal::Warning: return BoardEventKind::Warning;
    case SessionSignal::Ended: return BoardEventKind::Ended;
    case SessionSignal::HardStopped: return BoardEventKind::HardStopped;
    case SessionSignal::CallExpired: return BoardEventKind::CallExpired;
    case SessionSignal::Interrupted: return BoardEventKind::Interrupted;
  }
  return std::nullopt;
}

bool isActive(SessionState state) {
  return state == SessionState::Queued || state == SessionState::Called || state == SessionState::Running;
}

}  // namespace

std::string_view joinErrorName(JoinError error) {
  switch (error) {
    case JoinError::None: return "none";
    case JoinError::UnknownStation: return "unknown station type";
    case JoinError::InvalidBib: return "invalid bib";
    case JoinError::AlreadyInSession: return "already queued or in a session";
    case JoinError::IntakeNeeded: return "intake questions not answered";
    case JoinError::IntakeBlocked: return "blocked by an intake answer";
    case JoinError::AlreadyHadToday: return "already had this session today";
  }
  return "unknown";
}

BayBoard::BayBoard(std::vector<StationType> stations, BoardSettings settings)
    : m_stations(std::move(stations)), m_settings(settings) {}

SessionLimits BayBoard::limitsFor(const StationType& station) const {
  SessionLimits limits;
  limits.defaultMs = station.defaultDurationMs;
  limits.maxMs = station.maxDurationMs;
  limits.attended = station.attended;
  limits.callTimeoutMs = m_settings.callTimeoutMs;
  limits.warningBeforeMs = m_settings.warningBeforeMs;
  return limits;
}

IntakeEvaluation BayBoard::submitIntake(const std::string& bib, const std::string& stationId,
                                        const std::vector<IntakeAnswer>& answers) {
  const StationType* station = findStation(m_stations, stationId);
  if (!station) return IntakeEvaluation{};
  IntakeEvaluation evaluation = evaluateIntake(station->questions, answers);
  m_intake.record(bib, stationId, evaluation);
  if (evaluation.staffAlert()) m_events.push_back({BoardEventKind::IntakeBlocked, "", bib, stationId, -1});
  return evaluation;
}

bool BayBoard::overrideIntake(const std::string& bib, const std::string& stationId,
                              const std::string& staffId) {
  return m_intake.overrideBlock(bib, stationId, staffId);
}

IntakeStatus BayBoard::intakeStatus(const std::string& bib, const std::string& stationId) const {
  const StationType* station = findStation(m_stations, stationId);
  if (station && station->questions.empty()) return IntakeStatus::Cleared;
  return m_intake.status(bib, stationId);
}

bool BayBoard::isInSession(const std::string& bib) const {
  return activeSessionFor(bib) != nullptr;
}

JoinError BayBoard::checkJoin(const std::string& bib, const StationType* station) const {
  if (!station) return JoinError::UnknownStation;
  if (bib.empty()) return JoinError::InvalidBib;
  if (isInSession(bib)) return JoinError::AlreadyInSession;
  IntakeStatus intake = intakeStatus(bib, station->id);
  if (intake == IntakeStatus::NotAnswered) return JoinError::IntakeNeeded;
  if (intake == IntakeStatus::Blocked) return JoinError::IntakeBlocked;
  if (station->onePerDay && m_startedToday.count({bib, station->id})) return JoinError::AlreadyHadToday;
  return JoinError::None;
}

JoinResult BayBoard::join(const std::string& bib, const std::string& stationId, std::int64_t nowMonoMs) {
  const StationType* station = findStation(m_stations, stationId);
  JoinResult result;
  result.error = checkJoin(bib, station);
  if (result.error != JoinError::None) return result;

  SessionData data;
  data.id = makeUuid();
  data.bib = bib;
  data.stationId = stationId;
  data.queueRank = m_nextRank++;
  m_sessions.push_back(Session::join(std::move(data), limitsFor(*station), nowMonoMs));
  drain(m_sessions.back());
  result.sessionId = m_sessions.back().data().id;
  result.position = queuePosition(result.sessionId);
  result.estimatedWaitMs = estimatedWaitMs(stationId, result.position, nowMonoMs);
  return result;
}

bool BayBoard::discard(const std::string& sessionId) {
  auto held = std::find_if(m_sessions.begin(), m_sessions.end(),
                           [&](const Session& session) { return session.data().id == sessionId; });
  if (held == m_sessions.end()) return false;
  m_sessions.erase(held);
  std::erase_if(m_changes, [&](const SessionChange& change) { return change.session.id == sessionId; });
  std::erase_if(m_events, [&](const BoardEvent& event) { return event.sessionId == sessionId; });
  return true;
}

void BayBoard::forgetIntake(const std::string& bib, const std::string& stationId) {
  m_intake.forget(bib, stationId);
  std::erase_if(m_events, [&](const BoardEvent& event) {
    return event.kind == BoardEventKind::IntakeBlocked && event.bib == bib && event.stationId == stationId;
  });
}

SessionError BayBoard::apply(const std::string& sessionId, const SessionEvent& event,
                             std::int64_t nowMonoMs) {
  Session* session = findMutable(sessionId);
  if (!session) return SessionError::UnknownSession;
  if (event.kind == SessionEventKind::Call || event.kind == SessionEventKind::Interrupt) {
    return SessionError::WrongState;
  }
  SessionError error = session->apply(event, nowMonoMs);
  drain(*session);
  prune();
  return error;
}

bool BayBoard::moveUp(const std::string& sessionId) {
  const Session* target = find(sessionId);
  if (!target || target->data().state != SessionState::Queued) return false;
  std::vector<const Session*> waiting = queue(target->data().stationId);
  auto at = std::find(waiting.begin(), waiting.end(), target);
  if (at == waiting.begin()) return false;

  Session* ahead = findMutable((*(at - 1))->data().id);
  Session* moved = findMutable(sessionId);
  SessionData aheadData = ahead->data();
  SessionData movedData = moved->data();
  std::swap(aheadData.queueRank, movedData.queueRank);
  *ahead = Session::restore(aheadData, ahead->limits());
  *moved = Session::restore(movedData, moved->limits());
  m_changes.push_back({movedData, std::nullopt});
  m_changes.push_back({aheadData, std::nullopt});
  return true;
}

std::vector<BoardEvent> BayBoard::tick(std::int64_t nowMonoMs) {
  for (Session& session : m_sessions) {
    session.tick(nowMonoMs);
    drain(session);
  }
  for (const StationType& station : m_stations) callNext(station, nowMonoMs);
  prune();
  return std::exchange(m_events, {});
}

void BayBoard::callNext(const StationType& station, std::int64_t nowMonoMs) {
  for (int bay : freeBays(station)) {
    std::vector<const Session*> waiting = queue(station.id);
    if (waiting.empty()) return;
    Session* next = findMutable(waiting.front()->data().id);
    SessionEvent call;
    call.kind = SessionEventKind::Call;
    call.bay = bay;
    next->apply(call, nowMonoMs);
    drain(*next);
  }
}

std::vector<int> BayBoard::freeBays(const StationType& station) const {
  std::vector<const Session*> holders = bays(station.id);
  std::vector<int> free;
  for (std::size_t bay = 0; bay < holders.size(); ++bay) {
    if (!holders[bay]) free.push_back(static_cast<int>(bay));
  }
  return free;
}

void BayBoard::drain(Session& session) {
  const SessionData& data = session.data();
  std::vector<Transition> transitions = session.takeTransitions();
  std::vector<SessionSignal> signals = session.takeSignals();
  for (Transition& transition : transitions) {
    if (transition.to == SessionState::Running) m_startedToday.insert({data.bib, data.stationId});
    m_changes.push_back({data, std::move(transition)});
  }
  // A warning changes no state but is stored, so a restart does not play it again.
  if (transitions.empty() && !signals.empty()) m_changes.push_back({data, std::nullopt});
  for (SessionSignal signal : signals) {
    if (auto kind = eventKindFor(signal)) {
      m_events.push_back({*kind, data.id, data.bib, data.stationId, data.bay});
    }
  }
}

void BayBoard::prune() {
  std::erase_if(m_sessions, [](const Session& session) {
    return isFinished(session.data().state) && !session.data().alarmPending;
  });
}

std::vector<SessionChange> BayBoard::takeChanges() {
  return std::exchange(m_changes, {});
}

const Session* BayBoard::find(const std::string& sessionId) const {
  for (const Session& session : m_sessions) {
    if (session.data().id == sessionId) return &session;
  }
  return nullptr;
}

const Session* BayBoard::activeSessionFor(const std::string& bib) const {
  for (const Session& session : m_sessions) {
    if (session.data().bib == bib && isActive(session.data().state)) return &session;
  }
  return nullptr;
}

Session* BayBoard::findMutable(const std::string& sessionId) {
  return const_cast<Session*>(std::as_const(*this).find(sessionId));
}

std::vector<const Session*> BayBoard::queue(const std::string& stationId) const {
  std::vector<const Session*> waiting;
  for (const Session& session : m_sessions) {
    const SessionData& data = session.data();
    if (data.stationId == stationId && data.state == SessionState::Queued) waiting.push_back(&session);
  }
  std::stable_sort(waiting.begin(), waiting.end(), [](const Session* a, const Session* b) {
    return a->data().queueRank < b->data().queueRank;
  });
  return waiting;
}

std::vector<const Session*> BayBoard::bays(const std::string& stationId) const {
  const StationType* station = findStation(m_stations, stationId);
  if (!station) return {};
  std::vector<const Session*> holders(static_cast<std::size_t>(station->bays), nullptr);
  for (const Session& session : m_sessions) {
    const SessionData& data = session.data();
    bool onBay = data.stationId == stationId && session.holdsBay() && data.bay >= 0;
    if (onBay && data.bay < station->bays) holders[static_cast<std::size_t>(data.bay)] = &session;
  }
  return holders;
}

int BayBoard::queuePosition(const std::string& sessionId) const {
  const Session* session = find(sessionId);
  if (!session || session->data().state != SessionState::Queued) return 0;
  std::vector<const Session*> waiting = queue(session->data().stationId);
  auto at = std::find(waiting.begin(), waiting.end(), session);
  return static_cast<int>(at - waiting.begin()) + 1;
}

std::int64_t BayBoard::estimatedWaitMs(const std::string& stationId, int position,
                                       std::int64_t nowMonoMs) const {
  const StationType* station = findStation(m_stations, stationId);
  if (!station || position < 1) return 0;
  // Each bay frees when its session's remaining time runs out, a called runner is assumed
  // to start now, and every runner ahead then takes the default duration.
  std::priority_queue<std::int64_t, std::vector<std::int64_t>, std::greater<>> freeAt;
  for (const Session* holder : bays(stationId)) {
    std::int64_t at = 0;
    if (holder && holder->data().state == SessionState::Running) at = holder->remainingMs(nowMonoMs);
    if (holder && holder->data().state == SessionState::Called) at = station->defaultDurationMs;
    freeAt.push(at);
  }
  std::int64_t wait = 0;
  for (int place = 1; place <= position; ++place) {
    wait = freeAt.top();
    freeAt.pop();
    freeAt.push(wait + station->defaultDurationMs);
  }
  return wait;
}

int BayBoard::restore(std::vector<SessionData> sessions) {
  int skipped = 0;
  for (SessionData& data : sessions) {
    const StationType* station = findStation(m_stations, data.stationId);
    if (!station) {
      ++skipped;
      continue;
    }
    bool started = data.state != SessionState::Queued && data.state != SessionState::Called &&
                   data.state != SessionState::Expired;
    if (started) noteStartedToday(data.bib, data.stationId);
    m_nextRank = std::max(m_nextRank, data.queueRank + 1);
    m_sessions.push_back(Session::restore(std::move(data), limitsFor(*station)));
  }
  return skipped;
}

void BayBoard::recordIntakeResult(const std::string& bib, const std::string& stationId, bool blocked,
                                  const std::string& overrideStaffId) {
  IntakeEvaluation evaluation;
  evaluation.decision = blocked ? IntakeDecision::Blocked : IntakeDecision::Allowed;
  m_intake.record(bib, stationId, evaluation);
  if (blocked && !overrideStaffId.empty()) m_intake.overrideBlock(bib, stationId, overrideStaffId);
}

void BayBoard::startRaceDay() {
  m_intake = IntakeBook{};
  m_startedToday.clear();
}

void BayBoard::noteStartedToday(const std::string& bib, const std::string& stationId) {
  m_startedToday.insert({bib, stationId});
}

}  // namespace chillnode
