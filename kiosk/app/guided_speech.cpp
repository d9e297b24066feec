#include "app/guided_speech.hpp"

namespace chillnode {

std::optional<std::string> GuidedSpeech::onFrame(Screen screen, const ui::SpokenMessage& message) {
  if (m_screen == screen && m_stableText == message.stableText) return std::nullopt;
  m_screen = screen;
  m_stableText = message.stableText;
  if (message.text.empty()) return std::nullopt;
  return message.text;
}

}  // namespace chillnode
