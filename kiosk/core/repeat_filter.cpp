#include "core/repeat_filter.hpp"

namespace chillnode {

bool RepeatFilter::accept(std::string_view payload, std::int64_t nowMs) {
  bool repeat = m_hasLast && payload == m_lastPayload && nowMs - m_lastSeenMs < m_holdOffMs;
  m_lastPayload.assign(payload);
  m_lastSeenMs = nowMs;
  m_hasLast = true;
  return !repeat;
}

}  // namespace chillnode
