#include <catch2/catch.hpp>

#include <vector>

#include "core/bay_board.hpp"
#include "ui/staff_layout.hpp"

using namespace chillnode;
using namespace chillnode::ui;

namespace {

constexpr std::int64_t Second = 1000;

StationType station(bool attended) {
  StationType type;
  type.id = "test";
  type.name = "Test";
  type.bays = 1;
  type.defaultDurationMs = 100 * Second;
  type.maxDurationMs = 150 * Second;
  type.attended = attended;
  return type;
}

SessionEvent staffEvent(SessionEventKind kind) {
  SessionEvent event;
  event.kind = kind;
  event.actor = Actor::Staff;
  event.staffId = "staff-7";
  event.extendMs = 60 * Second;
  return event;
}

// A board with one bay whose runner has been called at time 0.
struct OneBay {
  explicit OneBay(bool attended) : board({station(attended)}, BoardSettings{120 * Second, 30 * Second}) {
    id = board.join("100", "test", 0).sessionId;
    board.tick(0);
  }
  const Session* session() const { return board.find(id); }
  SessionError apply(SessionEventKind kind, std::int64_t nowMs) { return board.apply(id, staffEvent(kind), nowMs); }

  BayBoard board;
  std::string id;
};

}  // namespace

TEST_CASE("bay grid shows 12 bays at 800x480", "[staff][layout]") {
  Metrics metrics = metricsFor(800, 480);
  BayGrid grid = bayGridFor(metrics, staffContentArea(metrics));
  CHECK(grid.columns == 4);
  CHECK(grid.rows == 3);
  CHECK(grid.perPage() == 12);
}

TEST_CASE("bay grid shows 12 bays at 1280x720", "[staff][layout]") {
  Metrics metrics = metricsFor(1280, 720);
  BayGrid grid = bayGridFor(metrics, staffContentArea(metrics));
  CHECK(grid.perPage() >= 12);
}

TEST_CASE("bay grid tiles keep their minimum size", "[staff][layout]") {
  for (auto [width, height] : {std::pair{800.0f, 480.0f}, {1280.0f, 720.0f}, {720.0f, 1280.0f}, {320.0f, 240.0f}}) {
    INFO(width << "x" << height);
    Metrics metrics = metricsFor(width, height);
    StaffArea area = staffContentArea(metrics);
    BayGrid grid = bayGridFor(metrics, area);
    float gap = metrics.px(StaffGap);
    float tileWidth = (area.width - gap * static_cast<float>(grid.columns - 1)) / static_cast<float>(grid.columns);
    float tileHeight = (area.height - gap * static_cast<float>(grid.rows - 1)) / static_cast<float>(grid.rows);
    CHECK(grid.columns >= 1);
    CHECK(grid.rows >= 1);
    if (grid.columns > 1) CHECK(tileWidth >= metrics.px(BayTileMinWidth));
    if (grid.rows > 1) CHECK(tileHeight >= metrics.px(BayTileMinHeight));
    CHECK(staffTouch(metrics) >= 44.0f);
  }
}

TEST_CASE("pages cover every item", "[staff][layout]") {
  CHECK(pageCount(0, 12) == 1);
  CHECK(pageCount(11, 12) == 1);
  CHECK(pageCount(12, 12) == 1);
  CHECK(pageCount(13, 12) == 2);
  CHECK(pageCount(25, 12) == 3);
  CHECK(clampPage(-1, 3) == 0);
  CHECK(clampPage(5, 3) == 2);
  CHECK(clampPage(1, 3) == 1);
  CHECK(clampPage(4, 1) == 0);
}

TEST_CASE("free bay has no tone or buttons", "[staff][layout]") {
  CHECK(bayTone(nullptr, 0) == BayTone::Free);
  CHECK(bayActions(nullptr).empty());
}

TEST_CASE("attended call asks to confirm watching", "[staff][layout]") {
  OneBay bay(true);
  CHECK(bayTone(bay.session(), 0) == BayTone::Called);
  CHECK(bayActions(bay.session()) == std::vector{BayAction::ConfirmWatching, BayAction::Remove});
  REQUIRE(bay.apply(SessionEventKind::ConfirmWatching, Second) == SessionError::None);
  CHECK(bayActions(bay.session()) == std::vector{BayAction::Start, BayAction::Remove});
}

TEST_CASE("unattended call offers start", "[staff][layout]") {
  OneBay bay(false);
  CHECK(bayActions(bay.session()) == std::vector{BayAction::Start, BayAction::Remove});
}

TEST_CASE("running bay turns amber at 30 s left", "[staff][layout]") {
  OneBay bay(false);
  REQUIRE(bay.apply(SessionEventKind::Start, 0) == SessionError::None);
  CHECK(bayTone(bay.session(), 69 * Second) == BayTone::Running);
  CHECK(bayTone(bay.session(), 70 * Second) == BayTone::Warning);
  CHECK(bayActions(bay.session()) == std::vector{BayAction::Stop, BayAction::Extend});
}

TEST_CASE("extend button goes at the maximum", "[staff][layout]") {
  OneBay bay(false);
  REQUIRE(bay.apply(SessionEventKind::Start, 0) == SessionError::None);
  REQUIRE(bay.apply(SessionEventKind::Extend, Second) == SessionError::None);  // 100 s + 60 s, capped at 150 s
  CHECK(bay.session()->data().plannedMs == 150 * Second);
  CHECK(bayActions(bay.session()) == std::vector{BayAction::Stop});
}

TEST_CASE("hard stop is red until acknowledged", "[staff][layout]") {
  OneBay bay(false);
  REQUIRE(bay.apply(SessionEventKind::Start, 0) == SessionError::None);
  REQUIRE(bay.apply(SessionEventKind::Extend, Second) == SessionError::None);
  bay.board.tick(150 * Second);
  REQUIRE(bay.session() != nullptr);
  CHECK(bay.session()->data().state == SessionState::Completed);
  CHECK(bayTone(bay.session(), 150 * Second) == BayTone::Alarm);
  CHECK(bayActions(bay.session()) == std::vector{BayAction::Acknowledge});
  REQUIRE(bay.apply(SessionEventKind::Acknowledge, 151 * Second) == SessionError::None);
  CHECK(bay.board.bays("test")[0] == nullptr);
}
