#pragma once
// The bays of every station type, their queues and the sessions on them, with no I/O.
//
// The app drives it once per frame on the UI thread:
//   1. apply user intents: submitIntake, overrideIntake, join, apply, moveUp;
//   2. events = tick(nowMonoMs): calls the next runner when a bay is free, passes a call
//      on after the call timeout, and raises warnings, ends and hard stops;
//   3. play a chime or cue and update the screens for each event;
//   4. hand takeChanges() to the session store, which writes each one in a transaction.
// Every time passed in is monotonic ms within the current boot.

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/intake.hpp"
#include "core/session.hpp"
#include "core/stations.hpp"

namespace chillnode {

struct BoardSettings {
  std::int64_t callTimeoutMs = 120'000;  // a called runner who does not start is passed over
  std::int64_t warningBeforeMs = 30'000;
};

enum class JoinError {
  None,
  UnknownStation,
  InvalidBib,        // empty bib
  AlreadyInSession,  // the runner is queued, called or running at any station type
  IntakeNeeded,      // no complete intake answers for this type
  IntakeBlocked,     // a "yes" answer and no staff override
  AlreadyHadToday,   // a one-per-day type the runner already started today
};

std::string_view joinErrorName(JoinError error);

struct JoinResult {
  JoinError error = JoinError::None;
  std::string sessionId;              // empty unless error is None
  int position = 0;                   // 1-based place in the queue
  std::int64_t estimatedWaitMs = 0;
};

enum class BoardEventKind {
  Called,         // a runner was called to a bay: chime and show bib and bay
  Warning,        // 30 s before the planned end
  Ended,          // time up: the end cue
  HardStopped,    // stopped at the type's maximum: alarm until staff acknowledge
  CallExpired,    // a called runner did not come; the call passes to the next
  Interrupted,    // a session found running under an earlier boot: alarm for staff
  IntakeBlocked,  // a "yes" answer: alert staff
};

struct BoardEvent {
  BoardEventKind kind = BoardEventKind::Called;
  std::string sessionId;  // empty for IntakeBlocked
  std::string bib;
  std::string stationId;
  int bay = -1;
};

// One change for the store: the session as it is now and, unless only the queue order
// changed, the transition that produced it.
struct SessionChange {
  SessionData session;
  std::optional<Transition> transition;
};

class BayBoard {
public:
  // stations must have passed validateStations.
  explicit BayBoard(std::vector<StationType> stations, BoardSettings settings = {});

  // Evaluates a runner's answers for a type and records a complete result. A blocking
  // answer queues an IntakeBlocked event. Returns an Incomplete evaluation for an unknown type.
  IntakeEvaluation submitIntake(const std::string& bib, const std::string& stationId,
                                const std::vector<IntakeAnswer>& answers);
  // Unblocks a blocked type for one runner; false when there is nothing to override.
  bool overrideIntake(const std::string& bib, const std::string& stationId, const std::string& staffId);
  // Cleared for a type without questions.
  IntakeStatus intakeStatus(const std::string& bib, const std::string& stationId) const;

  // Adds the runner to the end of the type's queue; the reasons to reject are in JoinError.
  JoinResult join(const std::string& bib, const std::string& stationId, std::int64_t nowMonoMs);

  // Applies a runner or staff event to a session: Start, Stop, Extend, ConfirmWatching,
  // Remove or Acknowledge. Call and Interrupt return WrongState because only the board calls
  // runners and only the store interrupts sessions. Returns UnknownSession for an id the
  // board does not hold.
  SessionError apply(const std::string& sessionId, const SessionEvent& event, std::int64_t nowMonoMs);

  // Swaps a queued session with the one ahead of it; false when it is first or not queued.
  bool moveUp(const std::string& sessionId);

  // Advances every session and calls runners to free bays. Returns the events raised since
  // the last tick, including those of intake and apply calls, oldest first.
  std::vector<BoardEvent> tick(std::int64_t nowMonoMs);

  std::vector<SessionChange> takeChanges();

  // Takes back a join that the store could not write: removes the session with its pending
  // changes and events as if the runner had never joined, so no bay is held and no call
  // sounds for it. Returns false for an id the board does not hold.
  bool discard(const std::string& sessionId);
  // Forgets a runner's intake result for a type whose answers the store could not write, so
  // the runner is asked again. Only for a result that replaced NotAnswered, which is the
  // only status the flow asks the questions in.
  void forgetIntake(const std::string& bib, const std::string& stationId);

  // Views for the screens.
  const std::vector<StationType>& stations() const { return m_stations; }
  const Session* find(const std::string& sessionId) const;
  // The runner's queued, called or running session, or nullptr.
  const Session* activeSessionFor(const std::string& bib) const;
  std::vector<const Session*> queue(const std::string& stationId) const;  // Queued, in order
  // The session holding each bay of a type (Called, Running, or alarm pending), else nullptr.
  std::vector<const Session*> bays(const std::string& stationId) const;
  int queuePosition(const std::string& sessionId) const;  // 1-based, 0 when not queued
  // Estimate of the wait for the given 1-based queue place, from the bays' remaining
  // times and the type's default duration, assuming every called runner starts now.
  std::int64_t estimatedWaitMs(const std::string& stationId, int position, std::int64_t nowMonoMs) const;

  // Restoring on start. restore takes the store's loaded sessions, already in this boot's
  // terms, and queues them by queueRank. It skips sessions of a type that is no longer
  // configured and returns how many it skipped.
  int restore(std::vector<SessionData> sessions);
  void recordIntakeResult(const std::string& bib, const std::string& stationId, bool blocked,
                          const std::string& overrideStaffId);
  void noteStartedToday(const std::string& bib, const std::string& stationId);

  // Forgets intake results and one-per-day starts when a new race day begins while the
  // unit runs, so each runner answers again. The board has no wall clock, so the app decides
  // with isSameRaceDay. Sessions and queues stay as they are.
  void startRaceDay();

private:
  SessionLimits limitsFor(const StationType& station) const;
  Session* findMutable(const std::string& sessionId);
  bool isInSession(const std::string& bib) const;
  JoinError checkJoin(const std::string& bib, const StationType* station) const;
  void drain(Session& session);
  void callNext(const StationType& station, std::int64_t nowMonoMs);
  std::vector<int> freeBays(const StationType& station) const;
  void prune();

  std::vector<StationType> m_stations;
  BoardSettings m_settings;
  std::vector<Session> m_sessions;  // queued, called, running, and finished with an alarm pending
  IntakeBook m_intake;
  std::set<std::pair<std::string, std::string>> m_startedToday;  // (bib, station id)
  std::vector<BoardEvent> m_events;
  std::vector<SessionChange> m_changes;
  std::int64_t m_nextRank = 1;
};

}  // namespace chillnode
