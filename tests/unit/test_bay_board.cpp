#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "core/bay_board.hpp"
#include "core/time.hpp"

using namespace chillnode;

namespace {

constexpr std::int64_t T0 = 9'000'000;  // monotonic ms at which each test begins

// A one-bay mat without questions and a two-question boots type, for readable queues.
std::vector<StationType> testStations() {
  StationType mat;
  mat.id = "mat";
  mat.name = "Stretch mat";
  mat.bays = 1;
  mat.defaultDurationMs = 60'000;
  mat.maxDurationMs = 120'000;
  StationType cryo = *findDefaultStation("cryo");
  StationType boots = *findDefaultStation("boots");
  boots.bays = 2;
  return {mat, cryo, boots};
}

std::vector<IntakeAnswer> answersFor(const std::string& stationId, const std::string& yesId = "") {
  std::vector<IntakeAnswer> answers;
  for (const IntakeQuestion& question : builtInQuestionsFor(stationId)) {
    answers.push_back({question.id, question.id == yesId});
  }
  return answers;
}

SessionEvent runnerEvent(SessionEventKind kind) {
  SessionEvent event;
  event.kind = kind;
  event.actor = Actor::Runner;
  return event;
}

SessionEvent staffEvent(SessionEventKind kind, std::int64_t extendMs = 0) {
  SessionEvent event;
  event.kind = kind;
  event.actor = Actor::Staff;
  event.staffId = "staff-7";
  event.extendMs = extendMs;
  return event;
}

std::vector<std::string> queuedBibs(const BayBoard& board, const std::string& stationId) {
  std::vector<std::string> bibs;
  for (const Session* session : board.queue(stationId)) bibs.push_back(session->data().bib);
  return bibs;
}

bool hasEvent(const std::vector<BoardEvent>& events, BoardEventKind kind, const std::string& bib) {
  return std::any_of(events.begin(), events.end(),
                     [&](const BoardEvent& e) { return e.kind == kind && e.bib == bib; });
}

// Joins bibs to the mat queue without ticking, so none is called yet.
std::vector<std::string> joinMat(BayBoard& board, const std::vector<std::string>& bibs) {
  std::vector<std::string> ids;
  for (const std::string& bib : bibs) {
    JoinResult result = board.join(bib, "mat", T0);
    REQUIRE(result.error == JoinError::None);
    ids.push_back(result.sessionId);
  }
  return ids;
}

}  // namespace

TEST_CASE("board queue is first in first out", "[board]") {
  BayBoard board(testStations());
  std::vector<std::string> ids = joinMat(board, {"1", "2", "3"});
  CHECK(queuedBibs(board, "mat") == std::vector<std::string>{"1", "2", "3"});
  CHECK(board.queuePosition(ids[2]) == 3);

  std::vector<BoardEvent> events = board.tick(T0 + 10);
  CHECK(hasEvent(events, BoardEventKind::Called, "1"));
  CHECK(board.bays("mat")[0]->data().bib == "1");
  CHECK(queuedBibs(board, "mat") == std::vector<std::string>{"2", "3"});
  CHECK(board.queuePosition(ids[1]) == 1);
}

TEST_CASE("board moves up and removes", "[board]") {
  BayBoard board(testStations());
  std::vector<std::string> ids = joinMat(board, {"1", "2", "3"});
  board.takeChanges();
  CHECK(board.moveUp(ids[2]));
  CHECK(queuedBibs(board, "mat") == std::vector<std::string>{"1", "3", "2"});
  CHECK(board.takeChanges().size() == 2);  // both queue ranks changed
  CHECK(board.moveUp(ids[2]));
  CHECK(queuedBibs(board, "mat") == std::vector<std::string>{"3", "1", "2"});
  CHECK_FALSE(board.moveUp(ids[2]));  // already first
  CHECK_FALSE(board.moveUp("no-such-session"));
  board.takeChanges();

  CHECK(board.apply(ids[0], staffEvent(SessionEventKind::Remove), T0 + 5) == SessionError::None);
  CHECK(queuedBibs(board, "mat") == std::vector<std::string>{"3", "2"});
  CHECK(board.find(ids[0]) == nullptr);
  std::vector<SessionChange> changes = board.takeChanges();
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].transition->reason == TransitionReason::StaffRemoved);
  CHECK(changes[0].session.state == SessionState::Expired);
  CHECK(board.apply(ids[0], staffEvent(SessionEventKind::Remove), T0 + 6) == SessionError::UnknownSession);
}

TEST_CASE("board passes a timed-out call on", "[board]") {
  BoardSettings settings;
  settings.callTimeoutMs = 120'000;
  BayBoard board(testStations(), settings);
  std::vector<std::string> ids = joinMat(board, {"1", "2"});
  board.tick(T0);
  CHECK(board.find(ids[0])->data().state == SessionState::Called);

  CHECK(board.tick(T0 + 119'999).empty());
  std::vector<BoardEvent> events = board.tick(T0 + 120'000);
  CHECK(hasEvent(events, BoardEventKind::CallExpired, "1"));
  CHECK(hasEvent(events, BoardEventKind::Called, "2"));
  CHECK(board.find(ids[0]) == nullptr);
  CHECK(board.find(ids[1])->data().state == SessionState::Called);
  CHECK(board.find(ids[1])->data().bay == 0);

  bool expiredStored = false;
  for (const SessionChange& change : board.takeChanges()) {
    if (change.session.id == ids[0] && change.transition &&
        change.transition->reason == TransitionReason::CallTimedOut) {
      expiredStored = change.session.state == SessionState::Expired;
    }
  }
  CHECK(expiredStored);
}

TEST_CASE("board estimates the wait from bay times", "[board]") {
  BayBoard board(testStations());  // boots: 2 bays, default 20 min
  for (const char* bib : {"1", "2", "3", "4", "5"}) {
    board.submitIntake(bib, "boots", answersFor("boots"));
  }
  CHECK(board.estimatedWaitMs("boots", 1, T0) == 0);  // both bays free

  std::vector<std::string> ids;
  for (const char* bib : {"1", "2"}) ids.push_back(board.join(bib, "boots", T0).sessionId);
  board.tick(T0);
  board.apply(ids[0], runnerEvent(SessionEventKind::Start), T0);
  board.apply(ids[1], runnerEvent(SessionEventKind::Start), T0 + 60'000);
  std::int64_t now = T0 + 8 * 60'000;
  // Bay 0 frees in 12 min, bay 1 in 13 min; then each runner takes the 20 min default.
  CHECK(board.estimatedWaitMs("boots", 1, now) == 12 * 60'000);
  CHECK(board.estimatedWaitMs("boots", 2, now) == 13 * 60'000);
  CHECK(board.estimatedWaitMs("boots", 3, now) == 32 * 60'000);
  CHECK(board.estimatedWaitMs("boots", 4, now) == 33 * 60'000);

  JoinResult third = board.join("3", "boots", now);
  CHECK(third.position == 1);
  CHECK(third.estimatedWaitMs == 12 * 60'000);
}

TEST_CASE("board rejects a runner already in a session", "[board]") {
  BayBoard board(testStations());
  board.submitIntake("1", "boots", answersFor("boots"));
  CHECK(board.join("1", "mat", T0).error == JoinError::None);
  CHECK(board.join("1", "mat", T0).error == JoinError::AlreadyInSession);
  CHECK(board.join("1", "boots", T0).error == JoinError::AlreadyInSession);
  CHECK(board.join("", "mat", T0).error == JoinError::InvalidBib);
  CHECK(board.join("2", "sauna", T0).error == JoinError::UnknownStation);
}

TEST_CASE("intake blocks only its own type", "[board][intake]") {
  BayBoard board(testStations());
  CHECK(board.join("1", "cryo", T0).error == JoinError::IntakeNeeded);

  IntakeEvaluation cryo = board.submitIntake("1", "cryo", answersFor("cryo", "high_blood_pressure"));
  CHECK(cryo.decision == IntakeDecision::Blocked);
  CHECK(cryo.yesIds == std::vector<std::string>{"high_blood_pressure"});
  CHECK(cryo.staffAlert());
  CHECK(board.join("1", "cryo", T0).error == JoinError::IntakeBlocked);
  CHECK(hasEvent(board.tick(T0), BoardEventKind::IntakeBlocked, "1"));

  board.submitIntake("1", "boots", answersFor("boots"));
  CHECK(board.intakeStatus("1", "boots") == IntakeStatus::Cleared);
  CHECK(board.intakeStatus("1", "mat") == IntakeStatus::Cleared);  // no questions
  CHECK(board.intakeStatus("2", "cryo") == IntakeStatus::NotAnswered);
  CHECK(board.join("1", "boots", T0).error == JoinError::None);
}

TEST_CASE("staff override unblocks intake", "[board][intake]") {
  BayBoard board(testStations());
  board.submitIntake("1", "cryo", answersFor("cryo", "alcohol_today"));
  CHECK_FALSE(board.overrideIntake("1", "cryo", ""));
  CHECK_FALSE(board.overrideIntake("1", "boots", "staff-7"));  // not blocked there
  CHECK(board.overrideIntake("1", "cryo", "staff-7"));
  CHECK(board.intakeStatus("1", "cryo") == IntakeStatus::Overridden);
  CHECK(board.join("1", "cryo", T0).error == JoinError::None);
}

TEST_CASE("intake block stays until override", "[board][intake][safety]") {
  BayBoard board(testStations());
  board.submitIntake("1", "cryo", answersFor("cryo", "pregnancy"));
  board.submitIntake("1", "cryo", answersFor("cryo"));  // answering again with all "no"
  CHECK(board.intakeStatus("1", "cryo") == IntakeStatus::Blocked);
  REQUIRE(board.overrideIntake("1", "cryo", "staff-7"));
  board.submitIntake("1", "cryo", answersFor("cryo", "seizures"));  // a new "yes"
  CHECK(board.intakeStatus("1", "cryo") == IntakeStatus::Blocked);
  CHECK(board.join("1", "cryo", T0).error == JoinError::IntakeBlocked);
}

TEST_CASE("new race day forgets intake and cryo", "[board][intake]") {
  BayBoard board(testStations());
  board.submitIntake("1", "cryo", answersFor("cryo"));
  board.noteStartedToday("1", "cryo");
  CHECK(board.join("1", "cryo", T0).error == JoinError::AlreadyHadToday);
  board.startRaceDay();
  CHECK(board.intakeStatus("1", "cryo") == IntakeStatus::NotAnswered);
  board.submitIntake("1", "cryo", answersFor("cryo"));
  CHECK(board.join("1", "cryo", T0).error == JoinError::None);
}

TEST_CASE("incomplete intake asks again", "[intake]") {
  std::vector<IntakeQuestion> questions = findDefaultStation("boots")->questions;
  IntakeEvaluation evaluation = evaluateIntake(questions, {{"blood_clots", false}, {"unrelated", true}});
  CHECK(evaluation.decision == IntakeDecision::Incomplete);
  CHECK(evaluation.missingIds == std::vector<std::string>{"leg_injury"});
  CHECK_FALSE(evaluation.staffAlert());
  // The last answer to a question counts.
  evaluation = evaluateIntake(questions, {{"blood_clots", true}, {"leg_injury", false}, {"blood_clots", false}});
  CHECK(evaluation.decision == IntakeDecision::Allowed);
}

TEST_CASE("cryo is once per runner per day", "[board][safety]") {
  BayBoard board(testStations());
  board.submitIntake("1", "cryo", answersFor("cryo"));
  std::string id = board.join("1", "cryo", T0).sessionId;
  board.tick(T0);
  board.apply(id, staffEvent(SessionEventKind::ConfirmWatching), T0 + 1000);
  CHECK(board.apply(id, runnerEvent(SessionEventKind::Start), T0 + 2000) == SessionError::None);
  CHECK(board.apply(id, runnerEvent(SessionEventKind::Stop), T0 + 3000) == SessionError::None);
  CHECK(board.join("1", "cryo", T0 + 4000).error == JoinError::AlreadyHadToday);

  // A no-show does not use up the day's cryo.
  board.submitIntake("2", "cryo", answersFor("cryo"));
  std::string noShow = board.join("2", "cryo", T0).sessionId;
  board.tick(T0 + 5000);
  board.tick(T0 + 5000 + 120'000);
  CHECK(board.find(noShow) == nullptr);
  CHECK(board.join("2", "cryo", T0 + 200'000).error == JoinError::None);
}

TEST_CASE("board raises timing events", "[board]") {
  BayBoard board(testStations());
  std::string id = joinMat(board, {"1"})[0];
  board.tick(T0);
  board.apply(id, runnerEvent(SessionEventKind::Start), T0);
  CHECK(board.tick(T0 + 29'999).empty());
  board.takeChanges();
  CHECK(hasEvent(board.tick(T0 + 30'000), BoardEventKind::Warning, "1"));
  std::vector<SessionChange> warned = board.takeChanges();  // stored so a restart stays quiet
  REQUIRE(warned.size() == 1);
  CHECK_FALSE(warned[0].transition.has_value());
  CHECK(warned[0].session.warningGiven);
  CHECK(board.apply(id, staffEvent(SessionEventKind::Extend, 60'000), T0 + 31'000) == SessionError::None);
  CHECK(board.apply(id, staffEvent(SessionEventKind::Extend, 60'000), T0 + 31'000) == SessionError::AtMaximum);
  std::vector<BoardEvent> events = board.tick(T0 + 120'000);
  CHECK(hasEvent(events, BoardEventKind::HardStopped, "1"));

  // The hard-stopped bay stays held, shown in red, until staff acknowledge.
  REQUIRE(board.bays("mat")[0] != nullptr);
  CHECK(board.bays("mat")[0]->data().alarmPending);
  std::string next = joinMat(board, {"2"})[0];
  board.tick(T0 + 121'000);
  CHECK(board.find(next)->data().state == SessionState::Queued);
  CHECK(board.apply(id, staffEvent(SessionEventKind::Acknowledge), T0 + 122'000) == SessionError::None);
  CHECK(hasEvent(board.tick(T0 + 122'000), BoardEventKind::Called, "2"));
}

TEST_CASE("board rejects Call and Interrupt from outside", "[board][bad-input]") {
  BayBoard board(testStations());
  std::string id = joinMat(board, {"1"})[0];
  SessionEvent call;
  call.kind = SessionEventKind::Call;
  call.bay = 0;
  CHECK(board.apply(id, call, T0) == SessionError::WrongState);
  CHECK(board.find(id)->data().state == SessionState::Queued);

  board.tick(T0);
  board.apply(id, runnerEvent(SessionEventKind::Start), T0);
  SessionEvent interrupt;
  interrupt.kind = SessionEventKind::Interrupt;
  CHECK(board.apply(id, interrupt, T0 + 1000) == SessionError::WrongState);
  CHECK(board.find(id)->data().state == SessionState::Running);
}

TEST_CASE("wall clock jumps change no board timer", "[board][time]") {
  constexpr std::int64_t TenYearsMs = 10LL * 365 * 24 * 3600 * 1000;
  for (std::int64_t jump : {TenYearsMs, -TenYearsMs}) {
    BayBoard board(testStations());
    Timestamp now{1'791'100'800'000, true, "boot-a", T0, 0};
    std::string id = joinMat(board, {"1"})[0];
    board.tick(now.monoMs);
    board.apply(id, runnerEvent(SessionEventKind::Start), now.monoMs);

    // The wall clock leaps while the monotonic clock moves on by 10 s.
    now.wallMs += jump;
    now.wallSynced = false;
    now.monoMs += 10'000;
    CHECK(board.tick(now.monoMs).empty());
    CHECK(board.find(id)->remainingMs(now.monoMs) == 50'000);
    now.monoMs += 50'000;
    CHECK(hasEvent(board.tick(now.monoMs), BoardEventKind::Ended, "1"));
  }
}
