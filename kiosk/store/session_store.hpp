#pragma once
// Recovery sessions, their transitions and intake answers as stored records. Each write is
// one transaction holding the record and its outbox row, so HQ gets every record once and
// a pulled plug loses none. Logs must never carry what this stores beyond ids.

#include <string>
#include <utility>
#include <vector>

#include "core/bay_board.hpp"
#include "core/intake.hpp"
#include "core/time.hpp"
#include "store/database.hpp"

namespace chillnode {

struct StoredIntake {
  std::string bib;
  std::string stationId;
  bool blocked = false;
  std::string overrideStaffId;  // empty unless staff overrode the block
};

// Sessions, intake results and one-per-day starts for the board, in the current boot's terms.
struct LoadedSessions {
  // Queued, called and running sessions and finished ones with an alarm pending, in queue
  // order. Queued and called ones from an earlier boot are rebased to now, so a called
  // runner gets a fresh call timeout. Running ones from an earlier boot are Interrupted.
  std::vector<SessionData> sessions;
  // Today's intake results in the order they were stored. Replaying them in order through
  // BayBoard::recordIntakeResult rebuilds the board's blocks and overrides.
  std::vector<StoredIntake> intakes;
  std::vector<std::pair<std::string, std::string>> startedToday;  // (bib, station id)
  int interrupted = 0;  // sessions this load turned into Interrupted
};

class SessionStore {
public:
  SessionStore(Database& db, std::string unitId);

  // Writes one change from BayBoard::takeChanges: upserts the session row and, when the
  // change has a transition, adds the transition row, a "session_transition" outbox row
  // and, for a new session, a "session" outbox row, all in one transaction. now is the
  // time of the write; a transition's wall time is derived from now and its monotonic
  // time. Throws StoreError and writes nothing when any part fails.
  void save(const SessionChange& change, const Timestamp& now);
  // Writes a frame's changes in order in one transaction. Throws StoreError and writes none
  // of them when any fails, so the caller can keep the changes and retry.
  void saveAll(const std::vector<SessionChange>& changes, const Timestamp& now);

  // Stores a complete evaluation's answers with the consent version and an "intake"
  // outbox row in one transaction; returns the record id. Throws StoreError.
  std::string saveIntake(const std::string& bib, const std::string& stationId,
                         const std::vector<IntakeAnswer>& answers, const IntakeEvaluation& evaluation,
                         const Timestamp& now);
  // Marks the runner's latest blocked answers for the type that have no override as
  // overridden by staffId, with an "intake_override" outbox row. Returns false, writing
  // nothing, when staffId is empty or there is no such record.
  bool saveIntakeOverride(const std::string& bib, const std::string& stationId,
                          const std::string& staffId, const Timestamp& now);

  // Reads the open sessions and today's intake results and starts. Each running session
  // from an earlier boot is written as Interrupted, with its transition and outbox row.
  // Throws StoreError.
  LoadedSessions load(const Timestamp& now);

private:
  void writeChange(const SessionChange& change, const Timestamp& now);
  void upsertSession(const SessionData& session, const Timestamp& now);
  void insertTransition(const SessionData& session, const Transition& transition, const Timestamp& at);
  void stampStartOrEnd(const std::string& sessionId, const Transition& transition, const Timestamp& at);
  void interruptStale(SessionData& session, const Timestamp& now);
  void rebase(SessionData& session, const Timestamp& now);
  std::vector<SessionData> readOpenSessions();
  std::vector<StoredIntake> readIntakes(const Timestamp& now);
  std::vector<std::pair<std::string, std::string>> readStartedToday(const Timestamp& now);

  Database& m_db;
  std::string m_unitId;
};

}  // namespace chillnode
