#include "app/touch_input.hpp"

namespace chillnode {

std::optional<NormalizedPoint> TouchInput::uiPoint(const SDL_Event& event, int windowWidth, int windowHeight) const {
  switch (event.type) {
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION:
      // Finger coordinates are normalized to 0..1 across the touch controller.
      // NOTE: tested with injected events under X11 only, not with a touch panel on KMS/DRM,
      // where SDL reads the panel through evdev.
      return m_orientation.touchToUi({event.tfinger.x, event.tfinger.y});
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
    case SDL_MOUSEMOTION: {
      if (windowWidth <= 0 || windowHeight <= 0) return std::nullopt;
      bool button = event.type != SDL_MOUSEMOTION;
      int x = button ? event.button.x : event.motion.x;
      int y = button ? event.button.y : event.motion.y;
      return m_orientation.mouseToUi({static_cast<float>(x) / static_cast<float>(windowWidth),
                                      static_cast<float>(y) / static_cast<float>(windowHeight)});
    }
    default:
      return std::nullopt;
  }
}

bool TouchInput::handle(const SDL_Event& event, int windowWidth, int windowHeight, ImVec2 uiSize) {
  PointerState next = m_queue.empty() ? m_current : m_queue.back();
  switch (event.type) {
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION:
      if (event.type != SDL_FINGERMOTION) next.down = event.type == SDL_FINGERDOWN;
      break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      // SDL also reports each touch as a mouse event; the finger event already counted.
      if (event.button.which == SDL_TOUCH_MOUSEID || event.button.button != SDL_BUTTON_LEFT) return false;
      next.down = event.type == SDL_MOUSEBUTTONDOWN;
      break;
    case SDL_MOUSEMOTION:
      if (event.motion.which == SDL_TOUCH_MOUSEID) return false;
      break;
    default:
      return false;
  }
  std::optional<NormalizedPoint> point = uiPoint(event, windowWidth, windowHeight);
  if (!point) return false;
  next.x = point->x * uiSize.x;
  next.y = point->y * uiSize.y;
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
