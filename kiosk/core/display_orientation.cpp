#include "core/display_orientation.hpp"

#include <utility>

namespace chillnode {

std::optional<PanelRotation> panelRotationFromDegrees(std::int64_t degrees) {
  switch (degrees) {
    case 0: return PanelRotation::None;
    case 90: return PanelRotation::Clockwise90;
    case 180: return PanelRotation::Clockwise180;
    case 270: return PanelRotation::Clockwise270;
    default: return std::nullopt;
  }
}

int degreesOf(PanelRotation rotation) {
  switch (rotation) {
    case PanelRotation::None: return 0;
    case PanelRotation::Clockwise90: return 90;
    case PanelRotation::Clockwise180: return 180;
    case PanelRotation::Clockwise270: return 270;
  }
  return 0;
}

bool swapsWidthAndHeight(PanelRotation rotation) {
  return rotation == PanelRotation::Clockwise90 || rotation == PanelRotation::Clockwise270;
}

// With the panel turned 90 degrees clockwise, its native top-left corner is the UI's top-right
// corner and its native left edge is the UI's top edge.
NormalizedPoint panelToUi(NormalizedPoint point, PanelRotation rotation) {
  auto [x, y] = point;
  switch (rotation) {
    case PanelRotation::None: return {x, y};
    case PanelRotation::Clockwise90: return {1 - y, x};
    case PanelRotation::Clockwise180: return {1 - x, 1 - y};
    case PanelRotation::Clockwise270: return {y, 1 - x};
  }
  return {x, y};
}

NormalizedPoint uiToPanel(NormalizedPoint point, PanelRotation rotation) {
  auto [x, y] = point;
  switch (rotation) {
    case PanelRotation::None: return {x, y};
    case PanelRotation::Clockwise90: return {y, 1 - x};
    case PanelRotation::Clockwise180: return {1 - x, 1 - y};
    case PanelRotation::Clockwise270: return {1 - y, x};
  }
  return {x, y};
}

NormalizedPoint touchToPanel(NormalizedPoint point, const TouchAxes& axes) {
  if (axes.swapXY) std::swap(point.x, point.y);
  if (axes.invertX) point.x = 1 - point.x;
  if (axes.invertY) point.y = 1 - point.y;
  return point;
}

NormalizedPoint panelToTouch(NormalizedPoint point, const TouchAxes& axes) {
  if (axes.invertX) point.x = 1 - point.x;
  if (axes.invertY) point.y = 1 - point.y;
  if (axes.swapXY) std::swap(point.x, point.y);
  return point;
}

NormalizedPoint DisplayOrientation::touchToUi(NormalizedPoint point) const {
  return panelToUi(touchToPanel(point, touch), rotation);
}

NormalizedPoint DisplayOrientation::uiToTouch(NormalizedPoint point) const {
  return panelToTouch(uiToPanel(point, rotation), touch);
}

}  // namespace chillnode
