// The staff screen's HQ sync line, drawn by the real today tab without a window.

#include <catch2/catch.hpp>

#include <string>

#include "core/kiosk_flow.hpp"
#include "headless_imgui.hpp"
#include "ui/screens.hpp"
#include "ui/widgets.hpp"

using namespace chillnode;

namespace {

Intent make(IntentKind kind, std::string target = "") {
  Intent intent;
  intent.kind = kind;
  intent.target = std::move(target);
  return intent;
}

// Opens the staff screen on its today tab, as a verified PIN does.
void openToday(KioskFlow& flow) {
  flow.apply(make(IntentKind::OpenStaff), 1000);
  for (char digit : std::string("4821")) {
    Intent key = make(IntentKind::PinDigit);
    key.key = digit;
    flow.apply(key, 1000);
  }
  flow.apply(make(IntentKind::PinSubmit), 1000);
  REQUIRE(flow.takePinSubmission());
  flow.applyPinVerdict(PinVerdict::Match, 1000);
  flow.apply(make(IntentKind::StaffTab, "today"), 1000);
  REQUIRE(flow.view().screen == Screen::Staff);
  REQUIRE(flow.view().staffTab == StaffTab::Today);
}

// Draws the today tab with staff and returns every text the frame drew, one per line.
std::string drawToday(const KioskFlow& flow, const ui::StaffData& staff) {
  test::HeadlessImGui imgui(1280, 720);
  ui::ScreenContext context{flow.view(), imgui.metrics(), imgui.fonts(), ui::CameraView{}, nullptr, 1000};
  context.staff = &staff;
  context.staffPinSet = true;
  imgui.draw(context);
  std::string all;
  for (const std::string& text : ui::drawnTexts()) all += text + "\n";
  return all;
}

}  // namespace

TEST_CASE("staff today tab shows the HQ sync state", "[staff][sync]") {
  KioskFlow flow;
  openToday(flow);
  ui::StaffData staff;

  SECTION("a unit without HQ says so") {
    CHECK(drawToday(flow, staff).find("HQ sync: not set up on this unit") != std::string::npos);
  }
  SECTION("pending, last success, set aside and the last error") {
    staff.sync.configured = true;
    staff.sync.pending = 37;
    staff.sync.quarantined = 2;
    staff.sync.secondsSinceSuccess = 150;
    staff.sync.lastError = "HQ is not reachable";
    std::string drawn = drawToday(flow, staff);
    INFO(drawn);
    CHECK(drawn.find("HQ sync: 37 records waiting") != std::string::npos);
    CHECK(drawn.find("last sent 2 min ago") != std::string::npos);
    CHECK(drawn.find("2 set aside") != std::string::npos);
    CHECK(drawn.find("HQ is not reachable") != std::string::npos);
  }
}
