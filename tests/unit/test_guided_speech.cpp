// What audio-guided mode hands to the speech player, frame by frame: the real screens drawn
// with ImGui (no window, no renderer) and GuidedSpeech deciding when to read.

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/guided_speech.hpp"
#include "core/kiosk_flow.hpp"
#include "headless_imgui.hpp"
#include "ui/screens.hpp"

using namespace chillnode;

namespace {

constexpr std::int64_t T0 = 7'000'000;
constexpr std::int64_t PlannedMs = 60'000;

// One unattended bay with no intake questions, so a runner joins with one tap.
std::vector<StationType> testStations() {
  StationType mat;
  mat.id = "mat";
  mat.name = "Stretch mat";
  mat.bays = 1;
  mat.defaultDurationMs = PlannedMs;
  mat.maxDurationMs = 2 * PlannedMs;
  return {mat};
}

Intent make(IntentKind kind, std::string target = "") {
  Intent intent;
  intent.kind = kind;
  intent.target = std::move(target);
  return intent;
}

// Draws one frame of the flow's screen and returns the spoken message it set.
ui::SpokenMessage draw(test::HeadlessImGui& imgui, const KioskFlow& flow, const BayBoard& board, std::int64_t nowMs) {
  imgui.draw(ui::ScreenContext{flow.view(), imgui.metrics(), imgui.fonts(), ui::CameraView{}, &board, nowMs});
  return ui::spokenMessage();
}

struct Fixture {
  BayBoard board{testStations()};
  KioskFlow flow{FlowSettings{}, &board};
  test::HeadlessImGui imgui;
  GuidedSpeech guided;
  std::vector<std::string> requests;  // what the app would hand to AudioPlayer::speak

  // Advances the board and flow to nowMs, draws a frame and records any speech request.
  ui::SpokenMessage frame(std::int64_t nowMs) {
    board.tick(nowMs);
    flow.touched(nowMs);
    flow.tick(nowMs);
    ui::SpokenMessage message = draw(imgui, flow, board, nowMs);
    if (std::optional<std::string> text = guided.onFrame(flow.view().screen, message)) requests.push_back(*text);
    return message;
  }

  void startSession(std::int64_t nowMs) {
    CheckInResult result;
    result.outcome = CheckInOutcome::CheckedIn;
    result.bib = "101";
    result.firstName = "Ana";
    flow.showResult(result, nowMs);
    flow.apply(make(IntentKind::ChooseSession), nowMs);
    flow.apply(make(IntentKind::PickStation, "mat"), nowMs);
    board.tick(nowMs);
    flow.tick(nowMs);
    REQUIRE(flow.view().screen == Screen::Called);
    flow.apply(make(IntentKind::StartSession), nowMs);
    REQUIRE(flow.view().screen == Screen::Running);
  }
};

}  // namespace

TEST_CASE("running screen is read once", "[guided]") {
  Fixture f;
  f.startSession(T0);
  ui::SpokenMessage first = f.frame(T0);
  REQUIRE(f.requests.size() == 1);
  CHECK(f.requests[0] == first.text);
  CHECK(first.text.find("About 1 minute left.") != std::string::npos);
  CHECK(first.stableText.find("minute") == std::string::npos);

  // Ticks of the running session, across the change from "about 1 minute" to "less than a
  // minute" and with frames between the seconds, as the kiosk draws them.
  bool textChanged = false;
  for (std::int64_t ms = 250; ms < PlannedMs - 5'000; ms += 250) {
    ui::SpokenMessage message = f.frame(T0 + ms);
    REQUIRE(f.flow.view().screen == Screen::Running);
    CHECK(message.stableText == first.stableText);
    textChanged = textChanged || message.text != first.text;
  }
  CHECK(textChanged);
  CHECK(f.requests.size() == 1);
}

TEST_CASE("new screen is read exactly once", "[guided]") {
  Fixture f;
  f.startSession(T0);
  f.frame(T0);
  f.frame(T0 + 1000);
  REQUIRE(f.requests.size() == 1);

  f.flow.apply(make(IntentKind::StopSession), T0 + 2000);
  REQUIRE(f.flow.view().screen == Screen::SessionOver);
  for (std::int64_t ms = 2000; ms <= 6000; ms += 500) f.frame(T0 + ms);
  REQUIRE(f.requests.size() == 2);
  INFO("second request: " << f.requests[1]);
  CHECK(f.requests[1].find("Session") != std::string::npos);
}

TEST_CASE("called screen leaves out call countdown", "[guided]") {
  Fixture f;
  CheckInResult result;
  result.outcome = CheckInOutcome::CheckedIn;
  result.bib = "101";
  f.flow.showResult(result, T0);
  f.flow.apply(make(IntentKind::ChooseSession), T0);
  f.flow.apply(make(IntentKind::PickStation, "mat"), T0);
  for (std::int64_t ms = 0; ms <= 10'000; ms += 500) f.frame(T0 + ms);
  REQUIRE(f.flow.view().screen == Screen::Called);
  // The queued screen may show for the first frame, before the board calls the runner.
  REQUIRE_FALSE(f.requests.empty());
  CHECK(f.requests.back().find("Tap Start when you are in place.") != std::string::npos);
  CHECK(f.requests.back().find(":") == std::string::npos);
  CHECK(f.requests.size() <= 2);
}

TEST_CASE("keypad screen has a steady message", "[guided]") {
  Fixture f;
  f.flow.apply(make(IntentKind::OpenKeypad), T0);
  REQUIRE(f.flow.view().screen == Screen::Keypad);
  ui::SpokenMessage empty = f.frame(T0);
  CHECK_FALSE(empty.text.empty());
  Intent key = make(IntentKind::KeypadKey);
  key.key = '4';
  f.flow.apply(key, T0 + 100);
  ui::SpokenMessage typed = f.frame(T0 + 200);
  CHECK(typed.stableText == empty.stableText);
  CHECK(f.requests.size() == 1);
}

TEST_CASE("PIN screen has a message", "[guided]") {
  Fixture f;
  f.flow.apply(make(IntentKind::OpenStaff), T0);
  REQUIRE(f.flow.view().screen == Screen::StaffPin);
  ui::SpokenMessage message = f.frame(T0);
  CHECK(message.text.find("Staff PIN") != std::string::npos);
  CHECK(f.requests.size() == 1);
}

TEST_CASE("returning to a screen reads it again", "[guided]") {
  GuidedSpeech guided;
  ui::SpokenMessage hello{"Hello.", "Hello."};
  CHECK(guided.onFrame(Screen::Attract, hello) == "Hello.");
  CHECK_FALSE(guided.onFrame(Screen::Attract, hello));
  // The staff screen sets no message and reads nothing.
  CHECK_FALSE(guided.onFrame(Screen::Staff, ui::SpokenMessage{}));
  CHECK(guided.onFrame(Screen::Attract, hello) == "Hello.");
  // Another stable text on the same screen is read, a new live figure alone is not.
  CHECK(guided.onFrame(Screen::Attract, {"Hola.", "Hola."}) == "Hola.");
  CHECK_FALSE(guided.onFrame(Screen::Attract, {"Hola, 3.", "Hola."}));
}
