#include <catch2/catch.hpp>

#include "core/display_orientation.hpp"

using namespace chillnode;

namespace {

// Named points of the unit square, normalized as SDL reports fingers.
constexpr NormalizedPoint TopLeft{0, 0};
constexpr NormalizedPoint TopRight{1, 0};
constexpr NormalizedPoint BottomLeft{0, 1};
constexpr NormalizedPoint BottomRight{1, 1};
constexpr NormalizedPoint Centre{0.5f, 0.5f};

void checkPoint(NormalizedPoint actual, NormalizedPoint expected) {
  CHECK(actual.x == Approx(expected.x));
  CHECK(actual.y == Approx(expected.y));
}

}  // namespace

TEST_CASE("rotation accepts only quarter turns", "[display][orientation]") {
  CHECK(panelRotationFromDegrees(0) == PanelRotation::None);
  CHECK(panelRotationFromDegrees(90) == PanelRotation::Clockwise90);
  CHECK(panelRotationFromDegrees(180) == PanelRotation::Clockwise180);
  CHECK(panelRotationFromDegrees(270) == PanelRotation::Clockwise270);
  for (std::int64_t degrees : {-90, 45, 360, 450, 1}) {
    INFO(degrees);
    CHECK_FALSE(panelRotationFromDegrees(degrees));
  }
  for (int degrees : {0, 90, 180, 270}) CHECK(degreesOf(*panelRotationFromDegrees(degrees)) == degrees);
  CHECK_FALSE(swapsWidthAndHeight(PanelRotation::None));
  CHECK(swapsWidthAndHeight(PanelRotation::Clockwise90));
  CHECK_FALSE(swapsWidthAndHeight(PanelRotation::Clockwise180));
  CHECK(swapsWidthAndHeight(PanelRotation::Clockwise270));
}

TEST_CASE("rotation 0 leaves points alone", "[display][orientation]") {
  for (NormalizedPoint point : {TopLeft, TopRight, BottomLeft, BottomRight, Centre, NormalizedPoint{0.2f, 0.7f}}) {
    checkPoint(panelToUi(point, PanelRotation::None), point);
    checkPoint(uiToPanel(point, PanelRotation::None), point);
  }
}

// A panel turned a quarter turn clockwise has its native top edge on the right: the UI's
// top-right corner is the panel's native top-left corner.
TEST_CASE("rotation 90 maps panel corners", "[display][orientation]") {
  PanelRotation rotation = PanelRotation::Clockwise90;
  checkPoint(panelToUi(TopLeft, rotation), TopRight);
  checkPoint(panelToUi(TopRight, rotation), BottomRight);
  checkPoint(panelToUi(BottomRight, rotation), BottomLeft);
  checkPoint(panelToUi(BottomLeft, rotation), TopLeft);
  checkPoint(panelToUi(Centre, rotation), Centre);
  // A point a quarter of the way along the panel's native top edge is a quarter of the way
  // down the UI's right edge.
  checkPoint(panelToUi({0.25f, 0}, rotation), {1, 0.25f});
}

TEST_CASE("rotation 180 maps panel corners", "[display][orientation]") {
  PanelRotation rotation = PanelRotation::Clockwise180;
  checkPoint(panelToUi(TopLeft, rotation), BottomRight);
  checkPoint(panelToUi(TopRight, rotation), BottomLeft);
  checkPoint(panelToUi(BottomRight, rotation), TopLeft);
  checkPoint(panelToUi(BottomLeft, rotation), TopRight);
  checkPoint(panelToUi(Centre, rotation), Centre);
  checkPoint(panelToUi({0.25f, 0.1f}, rotation), {0.75f, 0.9f});
}

// Turned three quarters clockwise, the panel's native top edge is on the left.
TEST_CASE("rotation 270 maps panel corners", "[display][orientation]") {
  PanelRotation rotation = PanelRotation::Clockwise270;
  checkPoint(panelToUi(TopLeft, rotation), BottomLeft);
  checkPoint(panelToUi(TopRight, rotation), TopLeft);
  checkPoint(panelToUi(BottomRight, rotation), TopRight);
  checkPoint(panelToUi(BottomLeft, rotation), BottomRight);
  checkPoint(panelToUi(Centre, rotation), Centre);
  checkPoint(panelToUi({0.25f, 0}, rotation), {0, 0.75f});
}

TEST_CASE("uiToPanel inverts panelToUi", "[display][orientation]") {
  const NormalizedPoint points[] = {TopLeft, TopRight, BottomLeft, BottomRight, Centre, {0.2f, 0.7f}, {0.9f, 0.15f}};
  for (int degrees : {0, 90, 180, 270}) {
    PanelRotation rotation = *panelRotationFromDegrees(degrees);
    for (NormalizedPoint point : points) {
      INFO(degrees << " degrees, point " << point.x << ", " << point.y);
      checkPoint(uiToPanel(panelToUi(point, rotation), rotation), point);
      checkPoint(panelToUi(uiToPanel(point, rotation), rotation), point);
    }
  }
}

TEST_CASE("touch flags swap before inverting", "[display][touch]") {
  NormalizedPoint reading{0.2f, 0.7f};
  checkPoint(touchToPanel(reading, {}), reading);
  checkPoint(touchToPanel(reading, {.swapXY = true}), {0.7f, 0.2f});
  checkPoint(touchToPanel(reading, {.invertX = true}), {0.8f, 0.7f});
  checkPoint(touchToPanel(reading, {.invertY = true}), {0.2f, 0.3f});
  checkPoint(touchToPanel(reading, {.invertX = true, .invertY = true}), {0.8f, 0.3f});
  // invertX flips the panel's horizontal axis, which the swap took from the reading's y.
  checkPoint(touchToPanel(reading, {.swapXY = true, .invertX = true}), {0.3f, 0.2f});
  checkPoint(touchToPanel(reading, {.swapXY = true, .invertY = true}), {0.7f, 0.8f});
  checkPoint(touchToPanel(Centre, {true, true, true}), Centre);
  checkPoint(touchToPanel(TopRight, {.swapXY = true}), BottomLeft);
  checkPoint(touchToPanel(TopLeft, {.invertX = true}), TopRight);
  checkPoint(touchToPanel(TopLeft, {.invertY = true}), BottomLeft);
}

TEST_CASE("panelToTouch inverts every flag set", "[display][touch]") {
  const NormalizedPoint points[] = {TopLeft, TopRight, BottomLeft, Centre, {0.2f, 0.7f}, {0.9f, 0.15f}};
  for (int flags = 0; flags < 8; ++flags) {
    TouchAxes axes{(flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0};
    for (NormalizedPoint point : points) {
      INFO("swap " << axes.swapXY << " invert x " << axes.invertX << " invert y " << axes.invertY << ", point "
                   << point.x << ", " << point.y);
      checkPoint(panelToTouch(touchToPanel(point, axes), axes), point);
      checkPoint(touchToPanel(panelToTouch(point, axes), axes), point);
    }
  }
}

// A controller wired with swapped axes on a panel mounted at 90 degrees: the flags correct
// the controller to the panel first, then the rotation turns the panel's frame into the UI's.
TEST_CASE("touch maps through flags then rotation", "[display][touch][orientation]") {
  DisplayOrientation orientation{PanelRotation::Clockwise90, {.swapXY = true}};
  // The controller reports (0, 1) for the panel's native top-right corner, which is the UI's
  // bottom-right corner.
  checkPoint(orientation.touchToUi(BottomLeft), BottomRight);
  checkPoint(orientation.touchToUi(TopLeft), TopRight);
  checkPoint(orientation.touchToUi(Centre), Centre);
  checkPoint(orientation.uiToTouch(BottomRight), BottomLeft);

  // The mouse moves in the panel's frame, so only the rotation applies to it.
  checkPoint(orientation.mouseToUi(TopLeft), TopRight);
  checkPoint(orientation.mouseToUi(BottomLeft), TopLeft);

  DisplayOrientation upsideDown{PanelRotation::Clockwise180, {.invertX = true}};
  checkPoint(upsideDown.touchToUi(TopLeft), BottomLeft);
  checkPoint(upsideDown.touchToUi({0.25f, 0.25f}), {0.25f, 0.75f});
  checkPoint(upsideDown.mouseToUi(TopLeft), BottomRight);
}

TEST_CASE("uiToTouch inverts touchToUi", "[display][touch][orientation]") {
  const NormalizedPoint points[] = {TopLeft, BottomRight, Centre, {0.2f, 0.7f}, {0.97f, 0.03f}};
  for (int degrees : {0, 90, 180, 270}) {
    for (int flags = 0; flags < 8; ++flags) {
      DisplayOrientation orientation{*panelRotationFromDegrees(degrees),
                                     {(flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0}};
      for (NormalizedPoint point : points) {
        INFO(degrees << " degrees, flags " << flags << ", point " << point.x << ", " << point.y);
        checkPoint(orientation.touchToUi(orientation.uiToTouch(point)), point);
      }
    }
  }
}
