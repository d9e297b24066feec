#include "core/payload.hpp"

#include <stdexcept>

namespace chillnode {

// NOTE: placeholder that accepts only a plain bib; the full set of forms replaces it.
std::string_view describe(PayloadError error) {
  switch (error) {
    case PayloadError::None: return "ok";
    case PayloadError::Empty: return "payload is empty";
    case PayloadError::TooLong: return "payload is over 512 bytes";
    case PayloadError::ControlCharacter: return "payload contains a control character";
    case PayloadError::InvalidUtf8: return "payload is not valid UTF-8";
    case PayloadError::NoBib: return "payload holds no bib";
  }
  return "unknown error";
}

bool isValidBib(std::string_view text) {
  if (text.empty() || text.size() > MaxBibLength) return false;
  for (char c : text) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!alnum && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

BibPayloadParser::BibPayloadParser(const std::string& customPattern)
    : m_hasCustomPattern(!customPattern.empty()), m_customPattern(customPattern) {}

BibPayload BibPayloadParser::parse(std::string_view payload) const {
  if (payload.empty()) return {{}, PayloadError::Empty};
  if (payload.size() > MaxPayloadBytes) return {{}, PayloadError::TooLong};
  if (!isValidBib(payload)) return {{}, PayloadError::NoBib};
  return {std::string(payload), PayloadError::None};
}

}  // namespace chillnode
