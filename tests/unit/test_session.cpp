#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "core/session.hpp"

using namespace chillnode;

namespace {

constexpr std::int64_t Start = 5'000'000;  // monotonic ms at which each test begins

SessionLimits limits(bool attended = false) {
  SessionLimits l;
  l.defaultMs = 150'000;
  l.maxMs = 180'000;
  l.attended = attended;
  l.callTimeoutMs = 120'000;
  l.warningBeforeMs = 30'000;
  return l;
}

SessionEvent event(SessionEventKind kind, Actor actor = Actor::Runner, std::string staffId = "") {
  SessionEvent e;
  e.kind = kind;
  e.actor = actor;
  e.staffId = std::move(staffId);
  return e;
}

SessionEvent staffEvent(SessionEventKind kind) { return event(kind, Actor::Staff, "staff-7"); }

SessionEvent callEvent(int bay = 0) {
  SessionEvent e = event(SessionEventKind::Call, Actor::System);
  e.bay = bay;
  return e;
}

SessionEvent extendEvent(std::int64_t ms) {
  SessionEvent e = staffEvent(SessionEventKind::Extend);
  e.extendMs = ms;
  return e;
}

// A fake clock: tests move it by hand and hand its value to the session.
struct FakeClock {
  std::int64_t now = Start;
  std::int64_t advance(std::int64_t ms) { return now += ms; }
};

Session queuedSession(FakeClock& clock, bool attended = false) {
  SessionData data;
  data.id = "session-1";
  data.bib = "0042";
  data.stationId = "cryo";
  return Session::join(data, limits(attended), clock.now);
}

// Builds a session in the given state through real events, advancing the clock.
Session sessionIn(SessionState state, FakeClock& clock) {
  Session session = queuedSession(clock);
  if (state == SessionState::Queued) return session;
  session.apply(callEvent(), clock.advance(1000));
  if (state == SessionState::Called) return session;
  if (state == SessionState::Expired) {
    session.tick(clock.advance(120'000));
    return session;
  }
  session.apply(event(SessionEventKind::Start), clock.advance(1000));
  if (state == SessionState::Completed) session.tick(clock.advance(150'000));
  if (state == SessionState::StoppedEarly) session.apply(event(SessionEventKind::Stop), clock.advance(1000));
  if (state == SessionState::Interrupted) session.apply(event(SessionEventKind::Interrupt), clock.advance(1000));
  return session;
}

struct Row {
  SessionState from;
  SessionEventKind kind;
  SessionError error;
  SessionState to;
  std::optional<TransitionReason> reason;  // the transition recorded, if any
};

SessionEvent validEventFor(SessionEventKind kind) {
  switch (kind) {
    case SessionEventKind::Call: return callEvent(1);
    case SessionEventKind::ConfirmWatching: return staffEvent(kind);
    case SessionEventKind::Extend: return extendEvent(10'000);
    case SessionEventKind::Acknowledge: return staffEvent(kind);
    case SessionEventKind::Interrupt: return event(kind, Actor::System);
    default: return event(kind);
  }
}

}  // namespace

TEST_CASE("session table covers every state and event", "[session]") {
  using S = SessionState;
  using E = SessionEventKind;
  using R = TransitionReason;
  constexpr SessionError Ok = SessionError::None;
  constexpr SessionError Wrong = SessionError::WrongState;
  constexpr SessionError NoAlarm = SessionError::NothingToAcknowledge;
  const std::optional<R> none;
  const Row rows[] = {
      {S::Queued, E::Call, Ok, S::Called, R::BayFree},
      {S::Queued, E::ConfirmWatching, Wrong, S::Queued, none},
      {S::Queued, E::Start, Wrong, S::Queued, none},
      {S::Queued, E::Extend, Wrong, S::Queued, none},
      {S::Queued, E::Stop, Wrong, S::Queued, none},
      {S::Queued, E::Remove, Ok, S::Expired, R::RunnerLeft},
      {S::Queued, E::Tick, Ok, S::Queued, none},
      {S::Queued, E::Interrupt, Wrong, S::Queued, none},
      {S::Queued, E::Acknowledge, NoAlarm, S::Queued, none},

      {S::Called, E::Call, Wrong, S::Called, none},
      {S::Called, E::ConfirmWatching, Ok, S::Called, R::StaffWatching},
      {S::Called, E::Start, Ok, S::Running, R::RunnerStarted},
      {S::Called, E::Extend, Wrong, S::Called, none},
      {S::Called, E::Stop, Wrong, S::Called, none},
      {S::Called, E::Remove, Ok, S::Expired, R::RunnerLeft},
      {S::Called, E::Tick, Ok, S::Called, none},
      {S::Called, E::Interrupt, Wrong, S::Called, none},
      {S::Called, E::Acknowledge, NoAlarm, S::Called, none},

      {S::Running, E::Call, Wrong, S::Running, none},
      {S::Running, E::ConfirmWatching, Wrong, S::Running, none},
      {S::Running, E::Start, Wrong, S::Running, none},
      {S::Running, E::Extend, Ok, S::Running, R::StaffExtended},
      {S::Running, E::Stop, Ok, S::StoppedEarly, R::RunnerStopped},
      {S::Running, E::Remove, Wrong, S::Running, none},
      {S::Running, E::Tick, Ok, S::Running, none},
      {S::Running, E::Interrupt, Ok, S::Interrupted, R::UnitRebooted},
      {S::Running, E::Acknowledge, NoAlarm, S::Running, none},
  };
  // Finished states accept only Tick (no change) and, with an alarm pending, Acknowledge.
  std::vector<Row> all(std::begin(rows), std::end(rows));
  for (S finished : {S::Completed, S::StoppedEarly, S::Expired, S::Interrupted}) {
    for (E kind : {E::Call, E::ConfirmWatching, E::Start, E::Extend, E::Stop, E::Remove, E::Interrupt}) {
      all.push_back({finished, kind, Wrong, finished, none});
    }
    all.push_back({finished, E::Tick, Ok, finished, none});
    bool alarm = finished == S::Interrupted;
    all.push_back({finished, E::Acknowledge, alarm ? Ok : NoAlarm, finished,
                   alarm ? std::optional<R>(R::AlarmAcknowledged) : none});
  }
  CHECK(all.size() == 7 * 9);

  for (const Row& row : all) {
    FakeClock clock;
    Session session = sessionIn(row.from, clock);
    REQUIRE(session.data().state == row.from);
    session.takeTransitions();
    INFO("from " << sessionStateName(row.from) << " event " << static_cast<int>(row.kind));
    CHECK(session.apply(validEventFor(row.kind), clock.advance(1000)) == row.error);
    CHECK(session.data().state == row.to);
    std::vector<Transition> transitions = session.takeTransitions();
    if (row.reason) {
      REQUIRE(transitions.size() == 1);
      CHECK(transitions[0].reason == *row.reason);
      CHECK(transitions[0].from == row.from);
      CHECK(transitions[0].to == row.to);
      CHECK(transitions[0].monoMs == clock.now);
    } else {
      CHECK(transitions.empty());
    }
  }
}

TEST_CASE("session timers fire on the fake clock", "[session]") {
  FakeClock clock;
  SECTION("call times out into Expired") {
    Session session = sessionIn(SessionState::Called, clock);
    session.tick(clock.advance(119'999));
    CHECK(session.data().state == SessionState::Called);
    CHECK(session.callRemainingMs(clock.now) == 1);
    session.tick(clock.advance(1));
    CHECK(session.data().state == SessionState::Expired);
    CHECK(session.takeTransitions().back().reason == TransitionReason::CallTimedOut);
    CHECK(session.takeSignals().back() == SessionSignal::CallExpired);
  }
  SECTION("default duration ends in Completed") {
    Session session = sessionIn(SessionState::Running, clock);
    session.takeSignals();
    session.tick(clock.advance(149'999));
    CHECK(session.data().state == SessionState::Running);
    CHECK(session.remainingMs(clock.now) == 1);
    session.tick(clock.advance(1));
    CHECK(session.data().state == SessionState::Completed);
    CHECK(session.takeTransitions().back().reason == TransitionReason::TimeUp);
    CHECK_FALSE(session.data().alarmPending);
  }
}

TEST_CASE("warning comes once 30 s before the end", "[session]") {
  FakeClock clock;
  Session session = sessionIn(SessionState::Running, clock);
  session.takeSignals();
  session.tick(clock.advance(119'999));
  CHECK(session.takeSignals().empty());
  session.tick(clock.advance(1));
  std::vector<SessionSignal> signals = session.takeSignals();
  REQUIRE(signals.size() == 1);
  CHECK(signals[0] == SessionSignal::Warning);
  session.tick(clock.advance(1000));
  CHECK(session.takeSignals().empty());

  // An extension past the warning time arms the warning again.
  CHECK(session.apply(extendEvent(20'000), clock.now) == SessionError::None);
  session.tick(clock.advance(18'999));
  CHECK(session.takeSignals().empty());
  session.tick(clock.advance(1));
  CHECK(session.takeSignals() == std::vector<SessionSignal>{SessionSignal::Warning});
}

TEST_CASE("extend never passes the hard maximum", "[session][safety]") {
  FakeClock clock;
  Session session = sessionIn(SessionState::Running, clock);
  std::int64_t startedAt = session.data().startMonoMs;
  for (int i = 0; i < 100; ++i) session.apply(extendEvent(7'000), clock.now);
  CHECK(session.data().plannedMs == 180'000);
  CHECK(session.apply(extendEvent(1), clock.now) == SessionError::AtMaximum);
  CHECK(session.apply(extendEvent(0), clock.now) == SessionError::InvalidExtension);

  session.tick(startedAt + 179'999);
  CHECK(session.data().state == SessionState::Running);
  session.takeSignals();
  session.tick(startedAt + 180'000);
  CHECK(session.data().state == SessionState::Completed);
  CHECK(session.data().alarmPending);
  CHECK(session.takeTransitions().back().reason == TransitionReason::HardMaximum);
  CHECK(session.takeSignals() == std::vector<SessionSignal>{SessionSignal::HardStopped});

  // Nothing restarts or prolongs it; only staff acknowledgement clears the alarm.
  CHECK(session.apply(extendEvent(60'000), startedAt + 180'001) == SessionError::WrongState);
  CHECK(session.apply(event(SessionEventKind::Start), startedAt + 180'001) == SessionError::WrongState);
  CHECK(session.apply(event(SessionEventKind::Acknowledge, Actor::Staff), startedAt + 180'002) ==
        SessionError::MissingStaffId);
  CHECK(session.data().alarmPending);
  CHECK(session.apply(staffEvent(SessionEventKind::Acknowledge), startedAt + 180'003) == SessionError::None);
  CHECK_FALSE(session.data().alarmPending);
  CHECK(session.data().state == SessionState::Completed);
}

TEST_CASE("late tick still stops at the maximum", "[session][safety]") {
  FakeClock clock;
  Session session = sessionIn(SessionState::Running, clock);
  session.takeTransitions();
  // The app froze for ten minutes: the first look at the clock ends the session, and
  // because nobody heard the end cue before the maximum, staff must acknowledge it.
  session.tick(clock.advance(600'000));
  CHECK(session.data().state == SessionState::Completed);
  CHECK(session.data().alarmPending);
  CHECK(session.takeTransitions().back().reason == TransitionReason::HardMaximum);
}

TEST_CASE("end noticed before the maximum is normal", "[session]") {
  FakeClock clock;
  Session session = sessionIn(SessionState::Running, clock);
  session.tick(session.data().startMonoMs + 179'999);  // late, but before the 180 s maximum
  CHECK(session.data().state == SessionState::Completed);
  CHECK_FALSE(session.data().alarmPending);
}

TEST_CASE("stop tapped at the end is harmless", "[session][bad-input]") {
  FakeClock clock;
  Session session = sessionIn(SessionState::Running, clock);
  std::int64_t end = session.data().startMonoMs + session.data().plannedMs;
  session.takeTransitions();
  CHECK(session.apply(event(SessionEventKind::Stop), end) == SessionError::WrongState);
  CHECK(session.data().state == SessionState::Completed);
  std::vector<Transition> transitions = session.takeTransitions();
  REQUIRE(transitions.size() == 1);
  CHECK(transitions[0].reason == TransitionReason::TimeUp);
  CHECK(session.apply(event(SessionEventKind::Stop), end + 5) == SessionError::WrongState);
  CHECK(session.takeTransitions().empty());
}

TEST_CASE("attended start needs staff watching", "[session][safety]") {
  FakeClock clock;
  Session session = queuedSession(clock, true);
  session.apply(callEvent(), clock.advance(1000));
  CHECK(session.apply(event(SessionEventKind::Start), clock.advance(1000)) == SessionError::StaffNotWatching);
  CHECK(session.apply(staffEvent(SessionEventKind::Start), clock.now) == SessionError::StaffNotWatching);
  CHECK(session.data().state == SessionState::Called);
  CHECK(session.apply(event(SessionEventKind::ConfirmWatching, Actor::Staff), clock.now) ==
        SessionError::MissingStaffId);
  CHECK(session.apply(staffEvent(SessionEventKind::ConfirmWatching), clock.now) == SessionError::None);
  CHECK(session.data().watchingStaffId == "staff-7");
  CHECK(session.apply(event(SessionEventKind::Start), clock.advance(1000)) == SessionError::None);
  CHECK(session.data().state == SessionState::Running);
}

TEST_CASE("staff actions need a staff id", "[session][bad-input]") {
  FakeClock clock;
  Session session = sessionIn(SessionState::Running, clock);
  SessionEvent extend = extendEvent(10'000);
  extend.staffId.clear();
  CHECK(session.apply(extend, clock.now) == SessionError::MissingStaffId);
  CHECK(session.apply(event(SessionEventKind::Stop, Actor::Staff), clock.now) == SessionError::MissingStaffId);
  CHECK(session.data().state == SessionState::Running);
  CHECK(session.apply(staffEvent(SessionEventKind::Stop), clock.now) == SessionError::None);
  CHECK(session.takeTransitions().back().reason == TransitionReason::StaffStopped);
}

TEST_CASE("call needs a bay", "[session][bad-input]") {
  FakeClock clock;
  Session session = queuedSession(clock);
  CHECK(session.apply(callEvent(-1), clock.now) == SessionError::InvalidBay);
  CHECK(session.data().state == SessionState::Queued);
}

TEST_CASE("clock going backwards keeps the timer", "[session]") {
  FakeClock clock;
  Session session = sessionIn(SessionState::Running, clock);
  session.tick(session.data().startMonoMs - 5000);
  CHECK(session.data().state == SessionState::Running);
  CHECK(session.remainingMs(session.data().startMonoMs - 5000) == 150'000);
}

TEST_CASE("state and reason names round trip", "[session]") {
  for (int i = 0; i <= static_cast<int>(SessionState::Interrupted); ++i) {
    auto state = static_cast<SessionState>(i);
    CHECK(parseSessionState(sessionStateName(state)) == state);
  }
  for (int i = 0; i <= static_cast<int>(TransitionReason::AlarmAcknowledged); ++i) {
    auto reason = static_cast<TransitionReason>(i);
    CHECK(parseReason(reasonName(reason)) == reason);
  }
  CHECK_FALSE(parseSessionState("paused").has_value());
}
