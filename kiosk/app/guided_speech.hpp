#pragma once
// Decides when audio-guided mode reads the screen's message aloud: once as a screen opens,
// and again only when the message's stable text changes (a new queue place, another language).
// A countdown on screen therefore never restarts the speech.

#include <optional>
#include <string>

#include "core/kiosk_flow.hpp"
#include "ui/screens.hpp"

namespace chillnode {

class GuidedSpeech {
public:
  // Returns the text to read aloud after a frame drew `screen` with `message`, or nothing
  // when the screen and the message's stable text are the ones of the last speech. An empty
  // message returns nothing but counts as a change, so the next message is read.
  std::optional<std::string> onFrame(Screen screen, const ui::SpokenMessage& message);

private:
  std::optional<Screen> m_screen;  // of the last frame, none before the first
  std::string m_stableText;
};

}  // namespace chillnode
