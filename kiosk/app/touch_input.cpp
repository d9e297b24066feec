#include "app/touch_input.hpp"

#include <imgui.h>

namespace chillnode {

bool TouchInput::handle(const SDL_Event& event, int windowWidth, int windowHeight) {
  PointerState next = m_queue.empty() ? m_current : m_queue.back();
  switch (event.type) {
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION:
      // Finger coordinates are normalized to 0..1 across the window.
      next.x = event.tfinger.x * static_cast<float>(windowWidth);
      next.y = event.tfinger.y * static_cast<float>(windowHeight);
      if (event.type != SDL_FINGERMOTION) next.down = event.type == SDL_FINGERDOWN;
      break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      // SDL also reports each touch as a mouse event; the finger event already counted.
      if (event.button.which == SDL_TOUCH_MOUSEID || event.button.button != SDL_BUTTON_LEFT) return false;
      next.x = static_cast<float>(event.button.x);
      next.y = static_cast<float>(event.button.y);
      next.down = event.type == SDL_MOUSEBUTTONDOWN;
      break;
    case SDL_MOUSEMOTION:
      if (event.motion.which == SDL_TOUCH_MOUSEID) return false;
      next.x = static_cast<float>(event.motion.x);
      next.y = static_cast<float>(event.motion.y);
      break;
    default:
      return false;
  }
  m_queue.push_back(next);
  return next.down && (event.type == SDL_FINGERDOWN || event.type == SDL_MOUSEBUTTONDOWN);
}

void TouchInput::applyToImGui() {
  // Motion events collapse into the next press or release; one state change per frame.
  while (!m_queue.empty()) {
    PointerState next = m_queue.front();
    m_queue.pop_front();
    bool changed = next.down != m_current.down;
    m_current = next;
    if (changed) break;
  }
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(m_current.x, m_current.y);
  io.MouseDown[0] = m_current.down;
}

}  // namespace chillnode
