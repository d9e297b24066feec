#include "core/repeat_filter.hpp"

#include <algorithm>

namespace chillnode {

void RepeatFilter::forgetExpired(std::int64_t nowMs) {
  std::erase_if(m_lastSeenMs, [&](const auto& entry) { return nowMs - entry.second >= m_holdOffMs; });
  while (m_lastSeenMs.size() >= MaxRemembered) {
    auto oldest = std::min_element(m_lastSeenMs.begin(), m_lastSeenMs.end(),
                                   [](const auto& a, const auto& b) { return a.second < b.second; });
    m_lastSeenMs.erase(oldest);
  }
}

bool RepeatFilter::accept(std::string_view payload, std::int64_t nowMs) {
  forgetExpired(nowMs);
  auto found = m_lastSeenMs.find(payload);
  bool repeat = found != m_lastSeenMs.end();
  if (repeat) found->second = nowMs;
  else m_lastSeenMs.emplace(std::string(payload), nowMs);
  return !repeat;
}

}  // namespace chillnode
