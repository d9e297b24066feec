#include <catch2/catch.hpp>

#include <string>

#include "core/kiosk_flow.hpp"

using namespace chillnode;

namespace {

constexpr std::int64_t T0 = 5'000'000;

// A one-bay mat with one question and an attended one-bay cryo with its built-in questions.
std::vector<StationType> testStations() {
  StationType mat = *findDefaultStation("mat");
  mat.bays = 1;
  mat.defaultDurationMs = 60'000;
  mat.maxDurationMs = 90'000;
  StationType cryo = *findDefaultStation("cryo");
  return {mat, cryo};
}

Intent make(IntentKind kind, std::string target = "") {
  Intent intent;
  intent.kind = kind;
  intent.target = std::move(target);
  return intent;
}

CheckInResult welcomed(const char* bib) {
  CheckInResult result;
  result.outcome = CheckInOutcome::CheckedIn;
  result.bib = bib;
  result.firstName = "Ana";
  return result;
}

struct Fixture {
  BayBoard board{testStations()};
  KioskFlow flow{FlowSettings{}, &board};

  // Checks a runner in and answers every question of the type with "no" but the one given.
  void answerAll(const char* bib, const std::string& stationId, std::int64_t now, const std::string& yesId = "") {
    flow.showResult(welcomed(bib), now);
    flow.apply(make(IntentKind::ChooseSession), now);
    flow.apply(make(IntentKind::PickStation, stationId), now);
    REQUIRE(flow.view().screen == Screen::Intake);
    flow.apply(make(IntentKind::AcceptConsent), now);
    for (const StationType& station : board.stations()) {
      if (station.id != stationId) continue;
      for (const IntakeQuestion& question : station.questions) {
        flow.apply(make(question.id == yesId ? IntentKind::AnswerYes : IntentKind::AnswerNo), now);
      }
    }
  }
  void tick(std::int64_t now) {
    board.tick(now);
    flow.tick(now);
  }
};

}  // namespace

TEST_CASE("a runner goes from welcome to a running session and its end", "[flow][sessions]") {
  Fixture f;
  f.answerAll("101", "mat", T0);
  CHECK(f.flow.view().screen == Screen::Queued);
  auto intakes = f.flow.takeIntakeSubmissions();
  REQUIRE(intakes.size() == 1);
  CHECK(intakes[0].bib == "101");
  CHECK(intakes[0].evaluation.decision == IntakeDecision::Allowed);

  f.tick(T0 + 100);
  REQUIRE(f.flow.view().screen == Screen::Called);
  f.flow.apply(make(IntentKind::StartSession), T0 + 200);
  CHECK(f.flow.view().screen == Screen::Running);
  // The session ends at its planned time while the runner watches the countdown.
  f.flow.touched(T0 + 50'000);
  f.tick(T0 + 200 + 60'000);
  CHECK(f.flow.view().screen == Screen::SessionOver);
  CHECK(f.flow.view().ending == SessionEnding::Completed);
}

TEST_CASE("a yes answer blocks only that type and is submitted for storage", "[flow][sessions]") {
  Fixture f;
  f.answerAll("102", "cryo", T0, "pregnancy");
  CHECK(f.flow.view().screen == Screen::IntakeBlocked);
  auto intakes = f.flow.takeIntakeSubmissions();
  REQUIRE(intakes.size() == 1);
  CHECK(intakes[0].evaluation.decision == IntakeDecision::Blocked);
  CHECK(intakes[0].answers.size() == findDefaultStation("cryo")->questions.size());

  // Picking cryo again goes straight to the blocked screen; the mat is still open.
  f.flow.apply(make(IntentKind::ChooseSession), T0 + 10);
  f.flow.apply(make(IntentKind::PickStation, "cryo"), T0 + 20);
  CHECK(f.flow.view().screen == Screen::IntakeBlocked);
  f.flow.apply(make(IntentKind::ChooseSession), T0 + 30);
  f.flow.apply(make(IntentKind::PickStation, "mat"), T0 + 40);
  CHECK(f.flow.view().screen == Screen::Intake);
}

TEST_CASE("answers before the consent step and intents on the wrong screen change nothing", "[flow][sessions]") {
  Fixture f;
  f.flow.showResult(welcomed("103"), T0);
  f.flow.apply(make(IntentKind::StartSession), T0);
  f.flow.apply(make(IntentKind::PickStation, "mat"), T0);
  CHECK(f.flow.view().screen == Screen::Welcome);
  f.flow.apply(make(IntentKind::ChooseSession), T0);
  f.flow.apply(make(IntentKind::PickStation, "no-such-type"), T0);
  CHECK(f.flow.view().screen == Screen::ChooseSession);
  f.flow.apply(make(IntentKind::PickStation, "mat"), T0);
  f.flow.apply(make(IntentKind::AnswerNo), T0);
  CHECK(f.flow.view().answers.empty());
  CHECK(f.flow.takeIntakeSubmissions().empty());
}

TEST_CASE("a runner who scans again sees their session", "[flow][sessions]") {
  Fixture f;
  f.answerAll("104", "mat", T0);
  f.tick(T0 + 100);
  f.flow.apply(make(IntentKind::Done), T0 + 200);
  REQUIRE(f.flow.view().screen == Screen::Attract);
  CheckInResult again = welcomed("104");
  again.outcome = CheckInOutcome::AlreadyCheckedIn;
  f.flow.showResult(again, T0 + 300);
  CHECK(f.flow.view().screen == Screen::Called);
  CHECK_FALSE(f.flow.view().sessionId.empty());
}

TEST_CASE("an attended type waits for staff before the runner can start", "[flow][sessions]") {
  Fixture f;
  f.answerAll("105", "cryo", T0);
  f.tick(T0 + 100);
  REQUIRE(f.flow.view().screen == Screen::Called);
  f.flow.apply(make(IntentKind::StartSession), T0 + 200);
  CHECK(f.flow.view().screen == Screen::Called);
  const Session* session = f.board.activeSessionFor("105");
  REQUIRE(session);
  CHECK(session->data().state == SessionState::Called);
}

TEST_CASE("leaving the queue frees the place", "[flow][sessions]") {
  Fixture f;
  f.answerAll("106", "mat", T0);
  f.answerAll("107", "mat", T0 + 10);
  f.tick(T0 + 100);
  REQUIRE(f.flow.view().screen == Screen::Queued);
  f.flow.apply(make(IntentKind::LeaveQueue), T0 + 200);
  CHECK(f.flow.view().screen == Screen::ChooseSession);
  CHECK(f.board.activeSessionFor("107") == nullptr);
}

TEST_CASE("a call that passes shows the runner it passed", "[flow][sessions]") {
  Fixture f;
  f.answerAll("108", "mat", T0);
  f.tick(T0 + 100);
  REQUIRE(f.flow.view().screen == Screen::Called);
  f.flow.touched(T0 + 119'000);
  f.tick(T0 + 100 + 120'000);
  CHECK(f.flow.view().screen == Screen::SessionOver);
  CHECK(f.flow.view().ending == SessionEnding::CallPassed);
}

TEST_CASE("the staff screen needs the PIN verdict and relocks when idle", "[flow][staff]") {
  Fixture f;
  f.flow.apply(make(IntentKind::OpenStaff), T0);
  REQUIRE(f.flow.view().screen == Screen::StaffPin);
  CHECK_FALSE(f.flow.scanAccepted());
  for (char digit : std::string("2468")) {
    Intent key = make(IntentKind::PinDigit);
    key.key = digit;
    f.flow.apply(key, T0);
  }
  f.flow.apply(make(IntentKind::PinSubmit), T0);
  auto pin = f.flow.takePinSubmission();
  REQUIRE(pin);
  CHECK(*pin == "2468");
  f.flow.applyPinVerdict(PinVerdict::Mismatch, T0 + 100);
  CHECK(f.flow.view().screen == Screen::StaffPin);
  f.flow.apply(make(IntentKind::PinDigit), T0 + 200);
  for (char digit : std::string("2468")) {
    Intent key = make(IntentKind::PinDigit);
    key.key = digit;
    f.flow.apply(key, T0 + 200);
  }
  f.flow.apply(make(IntentKind::PinSubmit), T0 + 200);
  REQUIRE(f.flow.takePinSubmission());
  f.flow.applyPinVerdict(PinVerdict::Match, T0 + 300);
  CHECK(f.flow.view().screen == Screen::Staff);
  // Staff actions work while unlocked; the runner's idle timeout does not apply here.
  f.tick(T0 + 300 + 45'000);
  CHECK(f.flow.view().screen == Screen::Staff);
  f.tick(T0 + 300 + 61'000);
  CHECK(f.flow.view().screen == Screen::Attract);
  f.flow.apply(make(IntentKind::OpenStaff), T0 + 70'000);
  CHECK(f.flow.view().screen == Screen::StaffPin);
}

TEST_CASE("staff confirm watching lets an attended session start", "[flow][staff]") {
  Fixture f;
  f.answerAll("109", "cryo", T0);
  f.tick(T0 + 100);
  std::string sessionId = f.board.activeSessionFor("109")->data().id;
  f.flow.apply(make(IntentKind::Done), T0 + 150);
  f.flow.apply(make(IntentKind::OpenStaff), T0 + 200);
  f.flow.apply(make(IntentKind::PinDigit), T0 + 200);
  Intent digit = make(IntentKind::PinDigit);
  digit.key = '1';
  for (int i = 0; i < 4; ++i) f.flow.apply(digit, T0 + 200);
  f.flow.apply(make(IntentKind::PinSubmit), T0 + 200);
  REQUIRE(f.flow.takePinSubmission());
  f.flow.applyPinVerdict(PinVerdict::Match, T0 + 300);
  REQUIRE(f.flow.staffUnlocked());

  f.flow.apply(make(IntentKind::StaffStart, sessionId), T0 + 400);
  CHECK(f.flow.view().staffNotice == sessionErrorName(SessionError::StaffNotWatching));
  f.flow.apply(make(IntentKind::StaffConfirmWatching, sessionId), T0 + 500);
  f.flow.apply(make(IntentKind::StaffStart, sessionId), T0 + 600);
  CHECK(f.flow.view().staffNotice.empty());
  CHECK(f.board.find(sessionId)->data().state == SessionState::Running);
  // A second stop during the change of state is refused and changes nothing.
  f.flow.apply(make(IntentKind::StaffStop, sessionId), T0 + 700);
  f.flow.apply(make(IntentKind::StaffStop, sessionId), T0 + 700);
  CHECK(f.flow.view().staffNotice == sessionErrorName(SessionError::UnknownSession));
}

TEST_CASE("an export request needs the unlocked staff screen", "[flow][staff]") {
  Fixture f;
  f.flow.apply(make(IntentKind::StaffExport, "/media/usb0"), T0);
  CHECK_FALSE(f.flow.takeExportRequest());
  f.flow.apply(make(IntentKind::OpenStaff), T0);
  Intent digit = make(IntentKind::PinDigit);
  digit.key = '1';
  for (int i = 0; i < 4; ++i) f.flow.apply(digit, T0);
  f.flow.apply(make(IntentKind::PinSubmit), T0);
  REQUIRE(f.flow.takePinSubmission());
  f.flow.applyPinVerdict(PinVerdict::Match, T0 + 100);
  f.flow.apply(make(IntentKind::StaffExport, "/media/usb0"), T0 + 200);
  auto request = f.flow.takeExportRequest();
  REQUIRE(request);
  CHECK(*request == "/media/usb0");
  CHECK_FALSE(f.flow.takeExportRequest());
  f.flow.showStaffNotice("exported:/media/usb0/chillnode-x");
  CHECK(f.flow.view().staffNotice == "exported:/media/usb0/chillnode-x");
}
