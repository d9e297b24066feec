#pragma once
// Counts a payload once while it stays in front of the camera: the same text seen again
// within the hold-off is dropped.

#include <cstdint>
#include <string>
#include <string_view>

namespace chillnode {

class RepeatFilter {
public:
  explicit RepeatFilter(std::int64_t holdOffMs) : m_holdOffMs(holdOffMs) {}

  // Returns true when payload should count. Each sighting of the same payload extends the
  // hold-off, so a bib held still for a minute counts once.
  bool accept(std::string_view payload, std::int64_t nowMs);

private:
  std::int64_t m_holdOffMs;
  std::string m_lastPayload;
  std::int64_t m_lastSeenMs = 0;
  bool m_hasLast = false;
};

}  // namespace chillnode
