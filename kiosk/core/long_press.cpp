#include "core/long_press.hpp"

#include <algorithm>
#include <cmath>

namespace chillnode {

bool LongPressDetector::inCorner(float x, float y) const {
  return x >= 1.0f - m_settings.cornerSize && x <= 1.0f && y >= 0.0f && y <= m_settings.cornerSize;
}

void LongPressDetector::checkHeld(std::int64_t nowMs) {
  if (m_holding && !m_fired && nowMs - m_startMs >= m_settings.holdMs) {
    m_fired = true;
    m_pending = true;
  }
}

void LongPressDetector::press(float x, float y, std::int64_t nowMs) {
  if (m_down) {
    // A second finger: neither press counts.
    m_holding = false;
    return;
  }
  m_down = true;
  m_fired = false;
  m_holding = inCorner(x, y);
  m_startX = x;
  m_startY = y;
  m_startMs = nowMs;
}

void LongPressDetector::move(float x, float y, std::int64_t nowMs) {
  checkHeld(nowMs);
  if (!m_holding) return;
  float drift = std::hypot(x - m_startX, y - m_startY);
  if (drift > m_settings.maxDrift || !inCorner(x, y)) m_holding = false;
}

void LongPressDetector::release(std::int64_t nowMs) {
  checkHeld(nowMs);
  m_down = false;
  m_holding = false;
}

void LongPressDetector::cancel() {
  m_holding = false;
  m_pending = false;
}

bool LongPressDetector::poll(std::int64_t nowMs) {
  checkHeld(nowMs);
  bool fired = m_pending;
  m_pending = false;
  return fired;
}

float LongPressDetector::progress(std::int64_t nowMs) const {
  if (!m_holding || m_fired) return 0.0f;
  double heldMs = static_cast<double>(nowMs - m_startMs);
  double fraction = heldMs / static_cast<double>(m_settings.holdMs);
  return static_cast<float>(std::clamp(fraction, 0.0, 1.0));
}

std::optional<std::int64_t> LongPressDetector::deadlineMs() const {
  if (!m_holding || m_fired) return std::nullopt;
  return m_startMs + m_settings.holdMs;
}

}  // namespace chillnode
