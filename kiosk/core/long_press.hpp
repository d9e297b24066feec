#pragma once
// Detects the long press in the top-right corner that opens the staff screen, with no I/O.
// Runners tap, so only a finger held still in the corner for a few seconds fires.

#include <cstdint>
#include <optional>

namespace chillnode {

struct LongPressSettings {
  float cornerSize = 0.12f;   // width and height of the corner square, as a fraction of the screen
  float maxDrift = 0.03f;     // how far the finger may move from where it pressed, normalized
  std::int64_t holdMs = 3000;
};

// Coordinates are normalized: x from 0 (left) to 1 (right), y from 0 (top) to 1 (bottom),
// as SDL reports finger events. Drift is the straight-line distance in those units, so it
// allows a little more pixels across than down on a wide screen. Times are monotonic ms
// that never decrease. Tracks one finger, so a second press while one is down cancels. After
// a lost release event, the next press only cancels and the one after it works again.
class LongPressDetector {
public:
  explicit LongPressDetector(LongPressSettings settings = {}) : m_settings(settings) {}

  void press(float x, float y, std::int64_t nowMs);
  void move(float x, float y, std::int64_t nowMs);
  void release(std::int64_t nowMs);
  void cancel();  // e.g. when the screen changes under the finger

  // Returns true once per press, on the first call at or after holdMs of holding still. A
  // press that reached holdMs before a move or release also fires, so a frame that came late
  // does not lose it.
  bool poll(std::int64_t nowMs);

  // Returns the fraction of holdMs held so far (0 to 1), for drawing progress.
  float progress(std::int64_t nowMs) const;

  // Returns when the current press would fire, so an idle UI can wake for it.
  std::optional<std::int64_t> deadlineMs() const;

private:
  bool inCorner(float x, float y) const;
  void checkHeld(std::int64_t nowMs);

  LongPressSettings m_settings;
  bool m_holding = false;   // a finger pressed in the corner and has not drifted or lifted
  bool m_down = false;      // any tracked finger is down
  bool m_fired = false;     // this press already fired
  bool m_pending = false;   // fired and not yet returned by poll
  float m_startX = 0;
  float m_startY = 0;
  std::int64_t m_startMs = 0;
};

}  // namespace chillnode
