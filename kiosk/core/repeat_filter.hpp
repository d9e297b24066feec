#pragma once
// Counts a payload once while it stays in front of the camera. Each code seen again within
// its hold-off is dropped, so two bibs in view at once (or a bib beside a poster's QR code)
// do not count again and again while the scanner alternates between them.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace chillnode {

class RepeatFilter {
public:
  // Codes remembered at once; the oldest is forgotten first. Far more than fit in one frame.
  static constexpr std::size_t MaxRemembered = 32;

  explicit RepeatFilter(std::int64_t holdOffMs) : m_holdOffMs(holdOffMs) {}

  // Returns true when payload should count. Each sighting of a payload extends its own
  // hold-off, so a bib held still for a minute counts once.
  bool accept(std::string_view payload, std::int64_t nowMs);

private:
  void forgetExpired(std::int64_t nowMs);

  std::int64_t m_holdOffMs;
  std::map<std::string, std::int64_t, std::less<>> m_lastSeenMs;
};

}  // namespace chillnode
