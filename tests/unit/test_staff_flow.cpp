#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/kiosk_flow.hpp"

using namespace chillnode;

namespace {

Intent staffIntent(IntentKind kind, std::string target = "") {
  Intent intent;
  intent.kind = kind;
  intent.target = std::move(target);
  return intent;
}

// Opens the staff screen as the app does: long press, PIN, then the verifier's verdict.
void unlock(KioskFlow& flow, std::int64_t nowMs) {
  flow.apply(staffIntent(IntentKind::OpenStaff), nowMs);
  for (char digit : std::string("4821")) {
    Intent key = staffIntent(IntentKind::PinDigit);
    key.key = digit;
    flow.apply(key, nowMs);
  }
  flow.apply(staffIntent(IntentKind::PinSubmit), nowMs);
  REQUIRE(flow.takePinSubmission() == std::string("4821"));
  flow.applyPinVerdict(PinVerdict::Match, nowMs);
  REQUIRE(flow.view().screen == Screen::Staff);
}

std::vector<IntakeAnswer> noAnswers(const std::string& stationId) {
  std::vector<IntakeAnswer> answers;
  for (const IntakeQuestion& question : builtInQuestionsFor(stationId)) answers.push_back({question.id, false});
  return answers;
}

// Queues bib for cryo, which has one attended bay, and lets the board call it.
std::string callCryo(BayBoard& board, const std::string& bib, std::int64_t nowMs) {
  board.submitIntake(bib, "cryo", noAnswers("cryo"));
  JoinResult joined = board.join(bib, "cryo", nowMs);
  REQUIRE(joined.error == JoinError::None);
  board.tick(nowMs);
  return joined.sessionId;
}

}  // namespace

TEST_CASE("staff page steps and stays at 0", "[flow][staff]") {
  KioskFlow flow;
  unlock(flow, 1'000);
  CHECK(flow.view().staffPage == 0);
  flow.apply(staffIntent(IntentKind::StaffPage, "prev"), 1'100);
  CHECK(flow.view().staffPage == 0);
  flow.apply(staffIntent(IntentKind::StaffPage, "next"), 1'200);
  flow.apply(staffIntent(IntentKind::StaffPage, "next"), 1'300);
  CHECK(flow.view().staffPage == 2);
  flow.apply(staffIntent(IntentKind::StaffPage, "prev"), 1'400);
  CHECK(flow.view().staffPage == 1);
  flow.apply(staffIntent(IntentKind::StaffPage, "sideways"), 1'500);
  CHECK(flow.view().staffPage == 1);
}

TEST_CASE("staff page resets with tab and lock", "[flow][staff]") {
  KioskFlow flow;
  unlock(flow, 1'000);
  flow.apply(staffIntent(IntentKind::StaffPage, "next"), 1'100);
  flow.apply(staffIntent(IntentKind::StaffTab, "queues"), 1'200);
  CHECK(flow.view().staffTab == StaffTab::Queues);
  CHECK(flow.view().staffPage == 0);

  flow.apply(staffIntent(IntentKind::StaffPage, "next"), 1'300);
  flow.apply(staffIntent(IntentKind::StaffLock), 1'400);
  CHECK(flow.view().screen == Screen::Attract);
  unlock(flow, 2'000);
  CHECK(flow.view().staffPage == 0);
}

TEST_CASE("staff intents need the PIN", "[flow][staff]") {
  BayBoard board(defaultStations());
  KioskFlow flow({}, &board);
  std::string id = callCryo(board, "100", 0);
  flow.apply(staffIntent(IntentKind::OpenStaff), 1'000);
  REQUIRE(flow.view().screen == Screen::StaffPin);
  flow.apply(staffIntent(IntentKind::StaffPage, "next"), 1'100);
  flow.apply(staffIntent(IntentKind::StaffConfirmWatching, id), 1'200);
  CHECK(flow.view().staffPage == 0);
  CHECK(board.find(id)->data().watchingStaffId.empty());
}

TEST_CASE("staff confirm and start store the staff id", "[flow][staff]") {
  BayBoard board(defaultStations());
  KioskFlow flow({}, &board);
  std::string id = callCryo(board, "100", 0);
  board.takeChanges();
  unlock(flow, 1'000);

  flow.apply(staffIntent(IntentKind::StaffStart, id), 1'100);
  CHECK(flow.view().staffNotice == sessionErrorName(SessionError::StaffNotWatching));
  CHECK(board.find(id)->data().state == SessionState::Called);

  flow.apply(staffIntent(IntentKind::StaffConfirmWatching, id), 1'200);
  CHECK(flow.view().staffNotice.empty());
  flow.apply(staffIntent(IntentKind::StaffStart, id), 1'300);
  CHECK(flow.view().staffNotice.empty());
  CHECK(board.find(id)->data().state == SessionState::Running);

  std::vector<SessionChange> changes = board.takeChanges();
  REQUIRE(changes.size() == 2);
  REQUIRE(changes[0].transition);
  CHECK(changes[0].transition->reason == TransitionReason::StaffWatching);
  CHECK(changes[0].transition->staffId == "staff");
  REQUIRE(changes[1].transition);
  CHECK(changes[1].transition->reason == TransitionReason::StaffStarted);
  CHECK(changes[1].transition->staffId == "staff");
}

TEST_CASE("staff move up of the first fails", "[flow][staff]") {
  BayBoard board(defaultStations());
  KioskFlow flow({}, &board);
  callCryo(board, "100", 0);
  std::string second = callCryo(board, "200", 0);
  std::string third = callCryo(board, "300", 0);
  unlock(flow, 1'000);

  flow.apply(staffIntent(IntentKind::StaffMoveUp, second), 1'100);
  CHECK(flow.view().staffNotice == sessionErrorName(SessionError::WrongState));
  CHECK(flow.view().staffNoticeCount == 1);
  flow.apply(staffIntent(IntentKind::StaffMoveUp, second), 1'150);  // the same notice again
  CHECK(flow.view().staffNoticeCount == 2);
  flow.apply(staffIntent(IntentKind::StaffMoveUp, third), 1'200);
  CHECK(flow.view().staffNotice.empty());
  CHECK(flow.view().staffNoticeCount == 2);
  std::vector<const Session*> queue = board.queue("cryo");
  REQUIRE(queue.size() == 2);
  CHECK(queue[0]->data().id == third);
  CHECK(queue[1]->data().id == second);
}
