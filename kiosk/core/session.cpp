#include "core/session.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace chillnode {

namespace {

constexpr std::array<std::pair<SessionState, std::string_view>, 7> StateNames = {{
    {SessionState::Queued, "queued"},
    {SessionState::Called, "called"},
    {SessionState::Running, "running"},
    {SessionState::Completed, "completed"},
    {SessionState::StoppedEarly, "stopped_early"},
    {SessionState::Expired, "expired"},
    {SessionState::Interrupted, "interrupted"},
}};

constexpr std::array<std::pair<TransitionReason, std::string_view>, 15> ReasonNames = {{
    {TransitionReason::Joined, "joined"},
    {TransitionReason::BayFree, "bay_free"},
    {TransitionReason::StaffWatching, "staff_watching"},
    {TransitionReason::RunnerStarted, "runner_started"},
    {TransitionReason::StaffStarted, "staff_started"},
    {TransitionReason::StaffExtended, "staff_extended"},
    {TransitionReason::TimeUp, "time_up"},
    {TransitionReason::HardMaximum, "hard_maximum"},
    {TransitionReason::RunnerStopped, "runner_stopped"},
    {TransitionReason::StaffStopped, "staff_stopped"},
    {TransitionReason::CallTimedOut, "call_timed_out"},
    {TransitionReason::StaffRemoved, "staff_removed"},
    {TransitionReason::RunnerLeft, "runner_left"},
    {TransitionReason::UnitRebooted, "unit_rebooted"},
    {TransitionReason::AlarmAcknowledged, "alarm_acknowledged"},
}};

template <typename Enum, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> parseName(const std::array<std::pair<Enum, std::string_view>, N>& names,
                              std::string_view text) {
  for (const auto& [value, name] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

bool isStaffWithoutId(const SessionEvent& event) {
  return event.actor == Actor::Staff && event.staffId.empty();
}

}  // namespace

std::string_view sessionStateName(SessionState state) { return nameOf(StateNames, state); }
std::optional<SessionState> parseSessionState(std::string_view name) { return parseName(StateNames, name); }
std::string_view reasonName(TransitionReason reason) { return nameOf(ReasonNames, reason); }
std::optional<TransitionReason> parseReason(std::string_view name) { return parseName(ReasonNames, name); }

bool isFinished(SessionState state) {
  return state == SessionState::Completed || state == SessionState::StoppedEarly ||
         state == SessionState::Expired || state == SessionState::Interrupted;
}

std::string_view sessionErrorName(SessionError error) {
  switch (error) {
    case SessionError::None: return "none";
    case SessionError::WrongState: return "not allowed in the current state";
    case SessionError::StaffNotWatching: return "staff must confirm watching first";
    case SessionError::MissingStaffId: return "missing staff id";
    case SessionError::AtMaximum: return "already at the maximum duration";
    case SessionError::InvalidExtension: return "extension must be positive";
    case SessionError::InvalidBay: return "missing bay";
    case SessionError::NothingToAcknowledge: return "no alarm to acknowledge";
    case SessionError::UnknownSession: return "session not found";
  }
  return "unknown";
}

Session Session::join(SessionData data, const SessionLimits& limits, std::int64_t nowMonoMs) {
  data.state = SessionState::Queued;
  data.queuedMonoMs = nowMonoMs;
  Session session(std::move(data), limits);
  session.m_transitions.push_back({std::nullopt, SessionState::Queued, TransitionReason::Joined, "", nowMonoMs});
  return session;
}

Session Session::restore(SessionData data, const SessionLimits& limits) {
  return Session(std::move(data), limits);
}

SessionError Session::apply(const SessionEvent& event, std::int64_t nowMonoMs) {
  advance(nowMonoMs);
  switch (event.kind) {
    case SessionEventKind::Tick: return SessionError::None;
    case SessionEventKind::Call: return call(event, nowMonoMs);
    case SessionEventKind::ConfirmWatching: return confirmWatching(event, nowMonoMs);
    case SessionEventKind::Start: return start(event, nowMonoMs);
    case SessionEventKind::Extend: return extend(event, nowMonoMs);
    case SessionEventKind::Stop: return stop(event, nowMonoMs);
    case SessionEventKind::Remove: return remove(event, nowMonoMs);
    case SessionEventKind::Interrupt: return interrupt(nowMonoMs);
    case SessionEventKind::Acknowledge: return acknowledge(event, nowMonoMs);
  }
  return SessionError::WrongState;
}

void Session::move(SessionState to, TransitionReason reason, const std::string& staffId,
                   std::int64_t nowMonoMs) {
  m_transitions.push_back({m_data.state, to, reason, staffId, nowMonoMs});
  m_data.state = to;
}

void Session::advance(std::int64_t nowMonoMs) {
  if (m_data.state == SessionState::Called && callRemainingMs(nowMonoMs) == 0) {
    m_data.endMonoMs = nowMonoMs;
    move(SessionState::Expired, TransitionReason::CallTimedOut, "", nowMonoMs);
    m_signals.push_back(SessionSignal::CallExpired);
  } else if (m_data.state == SessionState::Running) {
    advanceRunning(nowMonoMs);
  }
}

void Session::advanceRunning(std::int64_t nowMonoMs) {
  // A stored plan longer than the maximum (a changed config) still stops at the maximum.
  m_data.plannedMs = std::min(m_data.plannedMs, m_limits.maxMs);
  std::int64_t left = remainingMs(nowMonoMs);
  bool warnable = m_data.plannedMs > m_limits.warningBeforeMs;
  if (left > 0 && left <= m_limits.warningBeforeMs && warnable && !m_data.warningGiven) {
    m_data.warningGiven = true;
    m_signals.push_back(SessionSignal::Warning);
  }
  if (left > 0) return;

  // Noticing the end only after the maximum (the app was stopped or frozen) also counts as
  // a hard stop, because nobody heard the end cue in time.
  bool hard = m_data.plannedMs >= m_limits.maxMs || elapsedMs(nowMonoMs) >= m_limits.maxMs;
  m_data.endMonoMs = nowMonoMs;
  m_data.alarmPending = hard;
  move(SessionState::Completed, hard ? TransitionReason::HardMaximum : TransitionReason::TimeUp, "", nowMonoMs);
  m_signals.push_back(hard ? SessionSignal::HardStopped : SessionSignal::Ended);
}

SessionError Session::call(const SessionEvent& event, std::int64_t nowMonoMs) {
  if (m_data.state != SessionState::Queued) return SessionError::WrongState;
  if (event.bay < 0) return SessionError::InvalidBay;
  m_data.bay = event.bay;
  m_data.calledMonoMs = nowMonoMs;
  move(SessionState::Called, TransitionReason::BayFree, "", nowMonoMs);
  m_signals.push_back(SessionSignal::Called);
  return SessionError::None;
}

SessionError Session::confirmWatching(const SessionEvent& event, std::int64_t nowMonoMs) {
  if (m_data.state != SessionState::Called) return SessionError::WrongState;
  if (event.staffId.empty()) return SessionError::MissingStaffId;
  m_data.watchingStaffId = event.staffId;
  move(SessionState::Called, TransitionReason::StaffWatching, event.staffId, nowMonoMs);
  return SessionError::None;
}

SessionError Session::start(const SessionEvent& event, std::int64_t nowMonoMs) {
  if (m_data.state != SessionState::Called) return SessionError::WrongState;
  if (isStaffWithoutId(event)) return SessionError::MissingStaffId;
  if (m_limits.attended && m_data.watchingStaffId.empty()) return SessionError::StaffNotWatching;
  m_data.startMonoMs = nowMonoMs;
  m_data.plannedMs = std::min(m_limits.defaultMs, m_limits.maxMs);
  m_data.warningGiven = false;
  bool byStaff = event.actor == Actor::Staff;
  move(SessionState::Running, byStaff ? TransitionReason::StaffStarted : TransitionReason::RunnerStarted,
       event.staffId, nowMonoMs);
  return SessionError::None;
}

SessionError Session::extend(const SessionEvent& event, std::int64_t nowMonoMs) {
  if (m_data.state != SessionState::Running) return SessionError::WrongState;
  if (event.staffId.empty()) return SessionError::MissingStaffId;
  if (event.extendMs <= 0) return SessionError::InvalidExtension;
  if (m_data.plannedMs >= m_limits.maxMs) return SessionError::AtMaximum;
  m_data.plannedMs = std::min(m_data.plannedMs + event.extendMs, m_limits.maxMs);
  if (remainingMs(nowMonoMs) > m_limits.warningBeforeMs) m_data.warningGiven = false;
  move(SessionState::Running, TransitionReason::StaffExtended, event.staffId, nowMonoMs);
  return SessionError::None;
}

SessionError Session::stop(const SessionEvent& event, std::int64_t nowMonoMs) {
  if (m_data.state != SessionState::Running) return SessionError::WrongState;
  if (isStaffWithoutId(event)) return SessionError::MissingStaffId;
  bool byStaff = event.actor == Actor::Staff;
  m_data.endMonoMs = nowMonoMs;
  move(SessionState::StoppedEarly, byStaff ? TransitionReason::StaffStopped : TransitionReason::RunnerStopped,
       event.staffId, nowMonoMs);
  return SessionError::None;
}

SessionError Session::remove(const SessionEvent& event, std::int64_t nowMonoMs) {
  if (m_data.state != SessionState::Queued && m_data.state != SessionState::Called) {
    return SessionError::WrongState;
  }
  if (isStaffWithoutId(event)) return SessionError::MissingStaffId;
  bool byStaff = event.actor == Actor::Staff;
  m_data.endMonoMs = nowMonoMs;
  move(SessionState::Expired, byStaff ? TransitionReason::StaffRemoved : TransitionReason::RunnerLeft,
       event.staffId, nowMonoMs);
  return SessionError::None;
}

SessionError Session::interrupt(std::int64_t nowMonoMs) {
  if (m_data.state != SessionState::Running) return SessionError::WrongState;
  m_data.endMonoMs = nowMonoMs;
  m_data.alarmPending = true;
  move(SessionState::Interrupted, TransitionReason::UnitRebooted, "", nowMonoMs);
  m_signals.push_back(SessionSignal::Interrupted);
  return SessionError::None;
}

SessionError Session::acknowledge(const SessionEvent& event, std::int64_t nowMonoMs) {
  if (!m_data.alarmPending) return SessionError::NothingToAcknowledge;
  if (event.staffId.empty()) return SessionError::MissingStaffId;
  m_data.alarmPending = false;
  move(m_data.state, TransitionReason::AlarmAcknowledged, event.staffId, nowMonoMs);
  return SessionError::None;
}

std::int64_t Session::elapsedMs(std::int64_t nowMonoMs) const {
  if (m_data.state != SessionState::Running) return 0;
  return std::max<std::int64_t>(0, nowMonoMs - m_data.startMonoMs);
}

std::int64_t Session::remainingMs(std::int64_t nowMonoMs) const {
  if (m_data.state != SessionState::Running) return 0;
  return std::max<std::int64_t>(0, m_data.plannedMs - elapsedMs(nowMonoMs));
}

std::int64_t Session::callRemainingMs(std::int64_t nowMonoMs) const {
  if (m_data.state != SessionState::Called) return 0;
  std::int64_t waited = std::max<std::int64_t>(0, nowMonoMs - m_data.calledMonoMs);
  return std::max<std::int64_t>(0, m_limits.callTimeoutMs - waited);
}

bool Session::holdsBay() const {
  if (m_data.state == SessionState::Called || m_data.state == SessionState::Running) return true;
  return isFinished(m_data.state) && m_data.alarmPending && m_data.bay >= 0;
}

std::vector<Transition> Session::takeTransitions() {
  return std::exchange(m_transitions, {});
}

std::vector<SessionSignal> Session::takeSignals() {
  return std::exchange(m_signals, {});
}

}  // namespace chillnode
