#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/bay_board.hpp"
#include "store/checkin_store.hpp"
#include "store/roster_store.hpp"
#include "store/session_store.hpp"
#include "store/staff_queries.hpp"
#include "temp_dir.hpp"

using namespace chillnode;
using chillnode::test::TempDir;

namespace {

constexpr std::int64_t T0 = 7'200'000;             // monotonic ms of boot A when the day starts
constexpr std::int64_t Wall0 = 1'791'100'800'000;  // 08:00 UTC on a race day
constexpr std::int64_t HourMs = 3'600'000;
constexpr std::int64_t TenYearsMs = 10LL * 365 * 24 * HourMs;
// Boot B starts 2 h after T0 by the wall clock, and its monotonic clock at 10 s.
constexpr std::int64_t BootBWall = Wall0 + 2 * HourMs;
constexpr std::int64_t BootBMono = 10'000;

Timestamp bootA(std::int64_t monoMs, std::int64_t wallShift = 0) {
  Timestamp t;
  t.wallMs = Wall0 + (monoMs - T0) + wallShift;
  t.wallSynced = wallShift == 0;
  t.bootId = "boot-a";
  t.monoMs = monoMs;
  return t;
}

Timestamp bootB(std::int64_t monoMs) {
  Timestamp t;
  t.wallMs = BootBWall + (monoMs - BootBMono);
  t.wallSynced = true;
  t.bootId = "boot-b";
  t.monoMs = monoMs;
  return t;
}

// A monotonic time of boot A as boot B's clock has it.
std::int64_t inBootB(std::int64_t bootAMono) {
  return BootBMono - (BootBWall - (Wall0 + bootAMono - T0));
}

std::vector<IntakeAnswer> answersFor(const std::string& stationId, bool firstYes = false) {
  std::vector<IntakeAnswer> answers;
  for (const IntakeQuestion& question : builtInQuestionsFor(stationId)) answers.push_back({question.id, false});
  if (firstYes && !answers.empty()) answers[0].yes = true;
  return answers;
}

SessionEvent runnerEvent(SessionEventKind kind) {
  SessionEvent event;
  event.kind = kind;
  event.actor = Actor::Runner;
  return event;
}

// Answers the type's questions with "no" and joins its queue at monoMs; returns the session id.
std::string joinClear(BayBoard& board, const std::string& bib, const std::string& stationId, std::int64_t monoMs) {
  board.submitIntake(bib, stationId, answersFor(stationId));
  JoinResult joined = board.join(bib, stationId, monoMs);
  REQUIRE(joined.error == JoinError::None);
  board.tick(monoMs);
  return joined.sessionId;
}

const SessionSummary* findBib(const std::vector<SessionSummary>& sessions, const std::string& bib) {
  for (const SessionSummary& session : sessions) {
    if (session.bib == bib) return &session;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("today's sessions convert an earlier boot", "[store][staff]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  SessionStore store(db, "booth-1");
  {
    // Boot A: "100" stops a mat session early and "200" is on the boots when power fails.
    BayBoard board(defaultStations());
    std::string mat = joinClear(board, "100", "mat", T0);
    REQUIRE(board.apply(mat, runnerEvent(SessionEventKind::Start), T0 + 30'000) == SessionError::None);
    REQUIRE(board.apply(mat, runnerEvent(SessionEventKind::Stop), T0 + 90'000) == SessionError::None);
    std::string boots = joinClear(board, "200", "boots", T0 + 100'000);
    REQUIRE(board.apply(boots, runnerEvent(SessionEventKind::Start), T0 + 160'000) == SessionError::None);
    store.saveAll(board.takeChanges(), bootA(T0 + 170'000));
  }

  // Boot B: loading interrupts "200"; then "300" queues for the mat.
  store.load(bootB(BootBMono));
  BayBoard board(defaultStations());
  joinClear(board, "300", "mat", BootBMono + 5'000);
  store.saveAll(board.takeChanges(), bootB(BootBMono + 5'000));

  std::vector<SessionSummary> sessions = readTodaySessions(db, bootB(BootBMono + 20'000));
  REQUIRE(sessions.size() == 3);
  CHECK(sessions[0].bib == "100");
  CHECK(sessions[1].bib == "200");
  CHECK(sessions[2].bib == "300");

  const SessionSummary& stopped = sessions[0];
  CHECK(stopped.type == "mat");
  CHECK(stopped.queuedMs == inBootB(T0));
  CHECK(stopped.calledMs == inBootB(T0));
  CHECK(stopped.startedMs == inBootB(T0 + 30'000));
  CHECK(stopped.endedMs == inBootB(T0 + 90'000));
  CHECK(stopped.end == SessionEnd::StoppedEarly);

  const SessionSummary& interrupted = sessions[1];
  CHECK(interrupted.type == "boots");
  CHECK(interrupted.queuedMs == inBootB(T0 + 100'000));
  CHECK(interrupted.startedMs == inBootB(T0 + 160'000));
  CHECK(interrupted.endedMs == BootBMono);  // noticed at the start-up after the reboot
  CHECK(interrupted.end == SessionEnd::Interrupted);

  const SessionSummary& called = sessions[2];
  CHECK(called.queuedMs == BootBMono + 5'000);
  CHECK(called.calledMs == BootBMono + 5'000);
  CHECK_FALSE(called.startedMs);
  CHECK_FALSE(called.endedMs);
  CHECK_FALSE(called.end);
}

TEST_CASE("today's sessions keep distances of a boot", "[store][staff]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  SessionStore store(db, "booth-1");
  // Boot A's wall clock was ten years behind until NTP set it between the start and the end.
  BayBoard board(defaultStations());
  std::string mat = joinClear(board, "100", "mat", T0);
  REQUIRE(board.apply(mat, runnerEvent(SessionEventKind::Start), T0 + 30'000) == SessionError::None);
  store.saveAll(board.takeChanges(), bootA(T0 + 30'000, -TenYearsMs));
  REQUIRE(board.apply(mat, runnerEvent(SessionEventKind::Stop), T0 + 90'000) == SessionError::None);
  store.saveAll(board.takeChanges(), bootA(T0 + 90'000));

  std::vector<SessionSummary> sessions = readTodaySessions(db, bootB(BootBMono));
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0].queuedMs == inBootB(T0));
  CHECK(sessions[0].startedMs == inBootB(T0 + 30'000));
  CHECK(sessions[0].endedMs == inBootB(T0 + 90'000));
}

TEST_CASE("today's sessions leave out other days", "[store][staff]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  SessionStore store(db, "booth-1");
  BayBoard board(defaultStations());
  std::string id = joinClear(board, "100", "mat", T0);
  REQUIRE(board.apply(id, runnerEvent(SessionEventKind::Start), T0 + 1'000) == SessionError::None);
  REQUIRE(board.apply(id, runnerEvent(SessionEventKind::Stop), T0 + 2'000) == SessionError::None);
  store.saveAll(board.takeChanges(), bootA(T0 + 2'000));

  SECTION("the next day in the same boot") {
    CHECK(readTodaySessions(db, bootA(T0 + 24 * HourMs)).empty());
  }
  SECTION("the next day after a reboot") {
    Timestamp tomorrow = bootB(BootBMono);
    tomorrow.wallMs += 24 * HourMs;
    CHECK(readTodaySessions(db, tomorrow).empty());
  }
  SECTION("the same day in the same boot") {
    CHECK(readTodaySessions(db, bootA(T0 + 3 * HourMs)).size() == 1);
  }
}

TEST_CASE("today's sessions map every end", "[store][staff]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  SessionStore store(db, "booth-1");
  BayBoard board(defaultStations(), BoardSettings{60'000, 30'000});
  // Boots has four bays: "1" completes, "2" is removed while called, "3" never comes.
  std::string done = joinClear(board, "1", "boots", T0);
  std::string removed = joinClear(board, "2", "boots", T0);
  joinClear(board, "3", "boots", T0);
  REQUIRE(board.apply(done, runnerEvent(SessionEventKind::Start), T0) == SessionError::None);
  SessionEvent remove;
  remove.kind = SessionEventKind::Remove;
  remove.actor = Actor::Staff;
  remove.staffId = "staff-7";
  REQUIRE(board.apply(removed, remove, T0 + 1'000) == SessionError::None);
  board.tick(T0 + 1'200'000);  // boots' default length; the call of "3" timed out long before
  store.saveAll(board.takeChanges(), bootA(T0 + 1'200'000));

  std::vector<SessionSummary> sessions = readTodaySessions(db, bootA(T0 + 1'300'000));
  REQUIRE(sessions.size() == 3);
  const SessionSummary* completed = findBib(sessions, "1");
  const SessionSummary* staffRemoved = findBib(sessions, "2");
  const SessionSummary* noShow = findBib(sessions, "3");
  REQUIRE(completed);
  REQUIRE(staffRemoved);
  REQUIRE(noShow);
  CHECK(completed->end == SessionEnd::Completed);
  CHECK(completed->endedMs == T0 + 1'200'000);
  CHECK(staffRemoved->end == SessionEnd::Expired);
  CHECK(staffRemoved->endedMs == T0 + 1'000);
  CHECK(noShow->end == SessionEnd::Expired);
  CHECK(noShow->endedMs == T0 + 1'200'000);  // the tick that noticed the timeout
  CHECK_FALSE(noShow->startedMs);

  std::vector<TypeFigures> figures = computeFigures(sessions, T0 + 1'300'000);
  REQUIRE(figures.size() == 1);
  CHECK(figures[0].started == 1);
  CHECK(figures[0].expired == 2);
  CHECK(figures[0].medianSessionMs == 1'200'000);
}

TEST_CASE("open intake blocks wait for an override", "[store][staff][intake]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  SessionStore store(db, "booth-1");
  Runner zoe;
  zoe.bib = "100";
  zoe.firstName = "Zoë";
  importRunners(db, {zoe});
  auto save = [&](const std::string& bib, const std::string& stationId, bool blocked, const Timestamp& at) {
    std::vector<IntakeAnswer> answers = answersFor(stationId, blocked);
    store.saveIntake(bib, stationId, answers, evaluateIntake(builtInQuestionsFor(stationId), answers), at);
  };
  save("100", "cryo", true, bootA(T0));
  save("100", "mat", false, bootA(T0 + 1'000));
  save("200", "mat", true, bootA(T0 + 2'000));
  save("300", "boots", true, bootA(T0 + 3'000));
  REQUIRE(store.saveIntakeOverride("300", "boots", "staff-7", bootA(T0 + 4'000)));
  save("400", "cryo", true, bootA(T0 - 24 * HourMs));  // yesterday

  std::vector<IntakeBlock> blocks = readOpenIntakeBlocks(db, bootA(T0 + 5'000));
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[0].bib == "100");
  CHECK(blocks[0].stationId == "cryo");
  CHECK(blocks[0].firstName == "Zoë");
  CHECK(blocks[1].bib == "200");
  CHECK(blocks[1].stationId == "mat");
  CHECK(blocks[1].firstName.empty());

  // After a reboot: answering "no" later does not lift a block, and a new "yes" after an
  // override blocks again.
  save("200", "mat", false, bootB(BootBMono));
  save("300", "boots", true, bootB(BootBMono + 1'000));
  REQUIRE(store.saveIntakeOverride("100", "cryo", "staff-7", bootB(BootBMono + 2'000)));
  blocks = readOpenIntakeBlocks(db, bootB(BootBMono + 3'000));
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[0].bib == "200");
  CHECK(blocks[1].bib == "300");
}

TEST_CASE("checked in today follows the race day", "[store][staff][checkin]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  Runner runner;
  runner.bib = "100";
  importRunners(db, {runner});
  BibPayloadParser parser;
  CheckInStore checkIns(db, "booth-1", parser);
  CHECK_FALSE(isCheckedInToday(db, "100", bootA(T0)));
  REQUIRE(checkIns.checkIn("100", CheckInMethod::Keypad, bootA(T0)).outcome == CheckInOutcome::CheckedIn);
  CHECK(isCheckedInToday(db, "100", bootA(T0 + 1'000)));
  CHECK(isCheckedInToday(db, "100", bootB(BootBMono)));
  CHECK_FALSE(isCheckedInToday(db, "100", bootA(T0 + 24 * HourMs)));
  CHECK_FALSE(isCheckedInToday(db, "200", bootA(T0 + 1'000)));
}
