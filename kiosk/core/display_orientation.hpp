#pragma once
// How the panel is mounted and how its touch controller is wired, and the maps between the
// three coordinate frames a touch passes through:
//   touch: what the touch controller reports (SDL finger events)
//   panel: the panel's framebuffer in its native orientation (the window, mouse events)
//   UI:    what the screens lay out, upright for a person in front of the mounted panel
// Every point is normalized: x from 0 (left) to 1 (right), y from 0 (top) to 1 (bottom).

#include <cstdint>
#include <optional>

namespace chillnode {

// How far the panel is turned clockwise from its native orientation, as seen by a person in
// front of it. At 90 the panel's native top edge is on the right, so the UI is drawn turned a
// quarter turn counter-clockwise in the framebuffer to look upright.
enum class PanelRotation { None, Clockwise90, Clockwise180, Clockwise270 };

// Returns the rotation for 0, 90, 180 or 270 degrees, or nullopt for any other number.
std::optional<PanelRotation> panelRotationFromDegrees(std::int64_t degrees);
int degreesOf(PanelRotation rotation);

// True for 90 and 270, where the UI is laid out with the panel's width and height swapped.
bool swapsWidthAndHeight(PanelRotation rotation);

// Corrections for a touch controller whose axes differ from the panel's. The swap is applied
// first, so invertX flips the axis that ends up horizontal on the panel.
struct TouchAxes {
  bool swapXY = false;
  bool invertX = false;
  bool invertY = false;
};

struct NormalizedPoint {
  float x = 0;
  float y = 0;
};

NormalizedPoint panelToUi(NormalizedPoint point, PanelRotation rotation);
NormalizedPoint uiToPanel(NormalizedPoint point, PanelRotation rotation);
NormalizedPoint touchToPanel(NormalizedPoint point, const TouchAxes& axes);
NormalizedPoint panelToTouch(NormalizedPoint point, const TouchAxes& axes);

// The [display] settings for how the unit's panel is mounted and its touch controller wired.
// The touch corrections describe the wiring between controller and panel, so they stay the
// same when the panel is mounted another way round.
struct DisplayOrientation {
  PanelRotation rotation = PanelRotation::None;
  TouchAxes touch;

  // Maps a finger's position as the touch controller reports it to the UI. The touch
  // corrections apply first, then the rotation.
  NormalizedPoint touchToUi(NormalizedPoint point) const;
  // The inverse of touchToUi, for tests that inject touches where a finger would report them.
  NormalizedPoint uiToTouch(NormalizedPoint point) const;
  // Maps a mouse position, which is in the panel's frame already, to the UI.
  NormalizedPoint mouseToUi(NormalizedPoint point) const { return panelToUi(point, rotation); }
};

}  // namespace chillnode
