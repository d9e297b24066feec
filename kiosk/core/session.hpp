#pragma once
// One recovery session as a state machine with no I/O:
//
//   Queued -> Called -> Running -> Completed | StoppedEarly
//   Queued | Called -> Expired (call timed out, removed by staff, or the runner left)
//   Running -> Interrupted (the unit rebooted while it ran)
//
// Timing uses the monotonic clock only: every call takes nowMonoMs, ms on CLOCK_BOOTTIME,
// and the session never reads a clock. The app must not mix times from different boots;
// the store rebases or interrupts sessions from an earlier boot when it loads them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chillnode {

enum class SessionState { Queued, Called, Running, Completed, StoppedEarly, Expired, Interrupted };

// Stable snake_case names used in the database and in outbox bodies: "queued", "stopped_early".
std::string_view sessionStateName(SessionState state);
std::optional<SessionState> parseSessionState(std::string_view name);
bool isFinished(SessionState state);  // Completed, StoppedEarly, Expired or Interrupted

enum class TransitionReason {
  Joined,             // none -> Queued
  BayFree,            // Queued -> Called
  StaffWatching,      // Called -> Called: a staff member confirmed watching
  RunnerStarted,      // Called -> Running
  StaffStarted,       // Called -> Running
  StaffExtended,      // Running -> Running: the planned duration grew
  TimeUp,             // Running -> Completed at the planned duration
  HardMaximum,        // Running -> Completed at or after the type's maximum; raises an alarm
  RunnerStopped,      // Running -> StoppedEarly
  StaffStopped,       // Running -> StoppedEarly
  CallTimedOut,       // Called -> Expired: the runner did not come (no-show)
  StaffRemoved,       // Queued | Called -> Expired
  RunnerLeft,         // Queued | Called -> Expired
  UnitRebooted,       // Running -> Interrupted; raises an alarm
  AlarmAcknowledged,  // finished -> the same state: staff saw the alarm
};

std::string_view reasonName(TransitionReason reason);
std::optional<TransitionReason> parseReason(std::string_view name);

enum class Actor { Runner, Staff, System };

enum class SessionEventKind {
  Call,             // the board assigned a bay; needs bay >= 0
  ConfirmWatching,  // staff: needs staffId
  Start,
  Extend,           // staff: needs staffId and extendMs > 0
  Stop,
  Remove,           // leave the queue before starting
  Tick,             // only advances the timers
  Interrupt,        // the store found the session running under an earlier boot
  Acknowledge,      // staff: clears a pending alarm; needs staffId
};

struct SessionEvent {
  SessionEventKind kind = SessionEventKind::Tick;
  Actor actor = Actor::System;
  std::string staffId;        // required when actor is Staff
  int bay = -1;               // Call
  std::int64_t extendMs = 0;  // Extend
};

enum class SessionError {
  None,
  WrongState,          // the event does not apply in the current state; nothing changed
  StaffNotWatching,    // Start on an attended type before ConfirmWatching
  MissingStaffId,      // a staff action with an empty staffId
  AtMaximum,           // Extend when the planned duration is already the type's maximum
  InvalidExtension,    // Extend by zero or a negative time
  InvalidBay,          // Call without a bay
  NothingToAcknowledge,
  UnknownSession,      // returned by the bay board for an id it does not hold
};

std::string_view sessionErrorName(SessionError error);

struct SessionLimits {
  std::int64_t defaultMs = 0;
  std::int64_t maxMs = 0;
  bool attended = false;
  std::int64_t callTimeoutMs = 120'000;
  std::int64_t warningBeforeMs = 30'000;  // warning this long before the planned end
};

struct Transition {
  std::optional<SessionState> from;  // nullopt for Joined
  SessionState to = SessionState::Queued;
  TransitionReason reason = TransitionReason::Joined;
  std::string staffId;
  std::int64_t monoMs = 0;
};

// Events the app turns into chimes, cues, alarms and screen changes.
enum class SessionSignal { Called, Warning, Ended, HardStopped, CallExpired, Interrupted };

// The stored form of a session. Times are monotonic ms within one boot, and 0 means not yet.
struct SessionData {
  std::string id;  // UUID made on the unit
  std::string bib;
  std::string stationId;
  int bay = -1;  // 0-based bay of the station type, -1 while queued
  SessionState state = SessionState::Queued;
  std::int64_t queuedMonoMs = 0;
  std::int64_t calledMonoMs = 0;
  std::int64_t startMonoMs = 0;
  std::int64_t endMonoMs = 0;
  std::int64_t plannedMs = 0;  // set at start to the default, grown by Extend up to the max
  std::string watchingStaffId;
  bool warningGiven = false;
  bool alarmPending = false;  // hard stop or interruption not yet acknowledged by staff
  std::int64_t queueRank = 0;  // the bay board's queue order: lower is called first
};

class Session {
public:
  // Creates a Queued session and records its Joined transition.
  static Session join(SessionData data, const SessionLimits& limits, std::int64_t nowMonoMs);
  // Rebuilds a stored session as it was, without recording a transition.
  static Session restore(SessionData data, const SessionLimits& limits);

  // Advances the timers to nowMonoMs, then applies the event. Returns SessionError::None
  // when the event applied. Any other value means the event changed nothing, so a tap that
  // lands during a state change is harmless. Never throws.
  SessionError apply(const SessionEvent& event, std::int64_t nowMonoMs);
  void tick(std::int64_t nowMonoMs) { apply(SessionEvent{}, nowMonoMs); }

  // Running only: time since the start, and time left to the planned end (0 when over).
  std::int64_t elapsedMs(std::int64_t nowMonoMs) const;
  std::int64_t remainingMs(std::int64_t nowMonoMs) const;
  // Called only: time left before the call passes to the next runner.
  std::int64_t callRemainingMs(std::int64_t nowMonoMs) const;

  const SessionData& data() const { return m_data; }
  const SessionLimits& limits() const { return m_limits; }
  bool holdsBay() const;  // Called, Running, or finished with an alarm pending

  // Transitions and signals since the last call, oldest first.
  std::vector<Transition> takeTransitions();
  std::vector<SessionSignal> takeSignals();

private:
  Session(SessionData data, const SessionLimits& limits) : m_data(std::move(data)), m_limits(limits) {}

  void advance(std::int64_t nowMonoMs);
  void advanceRunning(std::int64_t nowMonoMs);
  void move(SessionState to, TransitionReason reason, const std::string& staffId, std::int64_t nowMonoMs);
  SessionError call(const SessionEvent& event, std::int64_t nowMonoMs);
  SessionError confirmWatching(const SessionEvent& event, std::int64_t nowMonoMs);
  SessionError start(const SessionEvent& event, std::int64_t nowMonoMs);
  SessionError extend(const SessionEvent& event, std::int64_t nowMonoMs);
  SessionError stop(const SessionEvent& event, std::int64_t nowMonoMs);
  SessionError remove(const SessionEvent& event, std::int64_t nowMonoMs);
  SessionError interrupt(std::int64_t nowMonoMs);
  SessionError acknowledge(const SessionEvent& event, std::int64_t nowMonoMs);

  SessionData m_data;
  SessionLimits m_limits;
  std::vector<Transition> m_transitions;
  std::vector<SessionSignal> m_signals;
};

}  // namespace chillnode
