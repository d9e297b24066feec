// Stop taps that race a session's end: a runner's Stop in the frame where the time runs out,
// and a staff Stop on a session that has just finished. Each must change nothing and leave
// exactly one stored transition per state change.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/bay_board.hpp"
#include "core/kiosk_flow.hpp"
#include "store/session_store.hpp"
#include "temp_dir.hpp"

using namespace chillnode;
using chillnode::test::TempDir;

namespace {

constexpr std::int64_t T0 = 4'000'000;  // monotonic ms at which each session starts
constexpr std::int64_t PlannedMs = 60'000;
constexpr std::int64_t MaxMs = 90'000;

// One unattended mat bay without intake questions.
std::vector<StationType> matOnly() {
  StationType mat;
  mat.id = "mat";
  mat.name = "Stretch mat";
  mat.bays = 1;
  mat.defaultDurationMs = PlannedMs;
  mat.maxDurationMs = MaxMs;
  return {mat};
}

SessionEvent stopBy(Actor actor) {
  SessionEvent event;
  event.kind = SessionEventKind::Stop;
  event.actor = actor;
  if (actor == Actor::Staff) event.staffId = "staff-7";
  return event;
}

// Joins bib to the mat, calls and starts it at T0, and returns the session id.
std::string startMat(BayBoard& board, const std::string& bib) {
  std::string id = board.join(bib, "mat", T0 - 2000).sessionId;
  REQUIRE_FALSE(id.empty());
  board.tick(T0 - 1000);
  SessionEvent start;
  start.kind = SessionEventKind::Start;
  start.actor = Actor::Runner;
  REQUIRE(board.apply(id, start, T0) == SessionError::None);
  return id;
}

std::vector<TransitionReason> reasonsOf(const std::vector<SessionChange>& changes) {
  std::vector<TransitionReason> reasons;
  for (const SessionChange& change : changes) {
    if (change.transition) reasons.push_back(change.transition->reason);
  }
  return reasons;
}

std::int64_t count(Database& db, const std::string& sql) {
  auto statement = db.prepare(sql);
  REQUIRE(statement.step());
  return statement.integer(0);
}

Timestamp at(std::int64_t monoMs) {
  return Timestamp{1'791'100'800'000 + monoMs, true, "boot-a", monoMs, 0};
}

}  // namespace

TEST_CASE("runner stop at time up is rejected", "[board][bad-input]") {
  BayBoard board(matOnly());
  std::string id = startMat(board, "1");
  board.takeChanges();
  std::int64_t end = T0 + PlannedMs;

  // The tap is applied before the frame's tick: the board first notices the end, so the stop
  // finds a completed session.
  CHECK(board.apply(id, stopBy(Actor::Runner), end) == SessionError::WrongState);
  std::vector<SessionChange> changes = board.takeChanges();
  CHECK(reasonsOf(changes) == std::vector<TransitionReason>{TransitionReason::TimeUp});
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].session.state == SessionState::Completed);
  CHECK(changes[0].session.endMonoMs == end);

  std::vector<BoardEvent> events = board.tick(end);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == BoardEventKind::Ended);
  CHECK(board.find(id) == nullptr);
  CHECK(board.apply(id, stopBy(Actor::Runner), end) == SessionError::UnknownSession);
  CHECK(board.takeChanges().empty());
}

TEST_CASE("runner stop after ending tick is rejected", "[board][flow][bad-input]") {
  BayBoard board(matOnly());
  KioskFlow flow(FlowSettings{}, &board);
  CheckInResult checkIn;
  checkIn.outcome = CheckInOutcome::CheckedIn;
  checkIn.bib = "1";
  std::string id = startMat(board, "1");
  flow.showResult(checkIn, T0);
  REQUIRE(flow.view().screen == Screen::Running);
  board.takeChanges();

  // The app ticks the board before it applies the frame's taps, so a Stop drawn on the
  // running screen arrives after the end in the same millisecond.
  std::int64_t end = T0 + PlannedMs;
  board.tick(end);
  Intent stop;
  stop.kind = IntentKind::StopSession;
  flow.apply(stop, end);

  CHECK(reasonsOf(board.takeChanges()) == std::vector<TransitionReason>{TransitionReason::TimeUp});
  CHECK(flow.view().screen == Screen::SessionOver);
  CHECK(flow.view().ending == SessionEnding::Completed);
}

TEST_CASE("staff stop on finished session is rejected", "[board][bad-input]") {
  SECTION("completed and gone from the board") {
    BayBoard board(matOnly());
    std::string id = startMat(board, "1");
    board.tick(T0 + PlannedMs);
    board.takeChanges();
    CHECK(board.apply(id, stopBy(Actor::Staff), T0 + PlannedMs + 1) == SessionError::UnknownSession);
    CHECK(board.takeChanges().empty());
    CHECK(board.tick(T0 + PlannedMs + 2).empty());
  }
  SECTION("stopped early by the runner") {
    BayBoard board(matOnly());
    std::string id = startMat(board, "1");
    REQUIRE(board.apply(id, stopBy(Actor::Runner), T0 + 10'000) == SessionError::None);
    board.takeChanges();
    CHECK(board.apply(id, stopBy(Actor::Staff), T0 + 10'000) == SessionError::UnknownSession);
    CHECK(board.takeChanges().empty());
  }
  SECTION("hard stopped, still holding the bay for the alarm") {
    BayBoard board(matOnly());
    std::string id = startMat(board, "1");
    board.takeChanges();
    // Noticed only at the maximum (the app was frozen): a hard stop with an alarm pending.
    board.tick(T0 + MaxMs);
    std::vector<SessionChange> ended = board.takeChanges();
    CHECK(reasonsOf(ended) == std::vector<TransitionReason>{TransitionReason::HardMaximum});
    REQUIRE(board.find(id) != nullptr);
    CHECK(board.apply(id, stopBy(Actor::Staff), T0 + MaxMs) == SessionError::WrongState);
    CHECK(board.find(id)->data().state == SessionState::Completed);
    CHECK(board.find(id)->data().alarmPending);
    CHECK(board.takeChanges().empty());
  }
}

TEST_CASE("stop races store each transition once", "[board][store][bad-input]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  SessionStore store(db, "unit-1");
  BayBoard board(matOnly());
  std::int64_t end = T0 + PlannedMs;

  // Every change is stored in the frame that produced it, as the app does.
  std::string id = startMat(board, "1");
  store.saveAll(board.takeChanges(), at(T0));
  board.apply(id, stopBy(Actor::Runner), end);
  store.saveAll(board.takeChanges(), at(end));
  board.tick(end);
  board.apply(id, stopBy(Actor::Runner), end);
  board.apply(id, stopBy(Actor::Staff), end + 1);
  store.saveAll(board.takeChanges(), at(end + 1));

  CHECK(count(db, "SELECT count(*) FROM session_transitions") == 4);
  for (const char* reason : {"joined", "bay_free", "runner_started", "time_up"}) {
    INFO(reason);
    CHECK(count(db, std::string("SELECT count(*) FROM session_transitions WHERE reason = '") + reason + "'") == 1);
  }
  CHECK(count(db, "SELECT count(*) FROM outbox WHERE kind = 'session_transition'") == 4);
  CHECK(count(db, "SELECT count(*) FROM sessions WHERE state = 'completed'") == 1);
}
