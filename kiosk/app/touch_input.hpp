#pragma once
// Feeds touches (SDL finger events) and mouse clicks to ImGui as one pointer. Presses and
// releases are queued and applied one per frame, so a tap whose down and up arrive in the
// same frame still registers as a click in ImGui 1.86.

#include <deque>

#include <SDL.h>

namespace chillnode {

class TouchInput {
public:
  // Takes pointer events; returns true when the event was a press (any touch counts as
  // activity for the idle timer).
  bool handle(const SDL_Event& event, int windowWidth, int windowHeight);

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
  std::deque<PointerState> m_queue;
  PointerState m_current;
};

}  // namespace chillnode
