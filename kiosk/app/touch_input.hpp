#pragma once
// Feeds touches (SDL finger events) and mouse clicks to ImGui as one pointer. Presses and
// releases are queued and applied one per frame, so a tap whose down and up arrive in the
// same frame still registers as a click in ImGui 1.86. Points are mapped from the touch
// controller and the panel to the UI here, before ImGui or the staff corner gets them.

#include <deque>
#include <optional>

#include <SDL.h>
#include <imgui.h>

#include "core/display_orientation.hpp"

namespace chillnode {

class TouchInput {
public:
  explicit TouchInput(DisplayOrientation orientation = {}) : m_orientation(orientation) {}

  // Returns where a finger or mouse event points on the UI, normalized to 0..1, or nullopt
  // for other events. Finger events are in the touch controller's axes and mouse events in
  // the window's pixels.
  std::optional<NormalizedPoint> uiPoint(const SDL_Event& event, int windowWidth, int windowHeight) const;

  // Takes pointer events; returns true when the event was a press (any touch counts as
  // activity for the idle timer). uiSize is the size ImGui lays the UI out in.
  bool handle(const SDL_Event& event, int windowWidth, int windowHeight, ImVec2 uiSize);

  // Applies at most one queued press or release to ImGui's IO; call after the platform
  // backend's NewFrame, which would otherwise overwrite the pointer state.
  void applyToImGui();

  bool pending() const { return !m_queue.empty(); }

private:
  struct PointerState {
    float x = 0;
    float y = 0;
    bool down = false;
  };
  DisplayOrientation m_orientation;
  std::deque<PointerState> m_queue;
  PointerState m_current;
};

}  // namespace chillnode
