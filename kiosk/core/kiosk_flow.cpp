#include "core/kiosk_flow.hpp"

#include <cctype>

namespace chillnode {

std::string_view screenName(Screen screen) {
  switch (screen) {
    case Screen::Attract: return "attract";
    case Screen::Scanning: return "scanning";
    case Screen::Welcome: return "welcome";
    case Screen::Unknown: return "unknown";
    case Screen::Keypad: return "keypad";
  }
  return "attract";
}

void KioskFlow::goTo(Screen screen, std::int64_t nowMs) {
  m_view.screen = screen;
  m_view.idleWarning = false;
  m_lastActivityMs = nowMs;
  if (screen == Screen::Attract) {
    m_view.result = CheckInResult{};
    m_view.keypadText.clear();
    m_view.keypadLetters = false;
  }
  if (screen == Screen::Keypad) m_view.keypadText.clear();
}

void KioskFlow::apply(const Intent& intent, std::int64_t nowMs) {
  m_lastActivityMs = nowMs;
  m_view.idleWarning = false;
  switch (intent.kind) {
    case IntentKind::StartScanning: goTo(Screen::Scanning, nowMs); break;
    case IntentKind::OpenKeypad: goTo(Screen::Keypad, nowMs); break;
    case IntentKind::Back:
    case IntentKind::Done: goTo(Screen::Attract, nowMs); break;
    case IntentKind::KeypadKey:
    case IntentKind::KeypadDelete:
    case IntentKind::KeypadToggleLetters:
    case IntentKind::KeypadSubmit: applyKeypad(intent); break;
    case IntentKind::SetLanguage:
    case IntentKind::None: break;
  }
}

void KioskFlow::applyKeypad(const Intent& intent) {
  if (m_view.screen != Screen::Keypad) return;
  std::string& text = m_view.keypadText;
  if (intent.kind == IntentKind::KeypadKey) {
    unsigned char key = static_cast<unsigned char>(intent.key);
    bool allowed = std::isalnum(key) || key == '-';
    if (allowed && text.size() < MaxKeypadLength) text.push_back(static_cast<char>(std::toupper(key)));
  } else if (intent.kind == IntentKind::KeypadDelete) {
    if (!text.empty()) text.pop_back();
  } else if (intent.kind == IntentKind::KeypadToggleLetters) {
    m_view.keypadLetters = !m_view.keypadLetters;
  } else if (intent.kind == IntentKind::KeypadSubmit && !text.empty()) {
    m_submission = text;
  }
}

std::optional<std::string> KioskFlow::takeKeypadSubmission() {
  std::optional<std::string> taken = std::move(m_submission);
  m_submission.reset();
  return taken;
}

void KioskFlow::showResult(const CheckInResult& result, std::int64_t nowMs) {
  bool welcome = result.outcome == CheckInOutcome::CheckedIn ||
                 result.outcome == CheckInOutcome::AlreadyCheckedIn;
  goTo(welcome ? Screen::Welcome : Screen::Unknown, nowMs);
  m_view.result = result;
}

bool KioskFlow::scanAccepted() const {
  // The keypad owns the screen while someone types; elsewhere a bib held up is welcome.
  return m_view.screen != Screen::Keypad;
}

void KioskFlow::tick(std::int64_t nowMs) {
  if (m_view.screen == Screen::Attract) return;
  std::int64_t idle = nowMs - m_lastActivityMs;
  if (idle >= m_settings.idleTimeoutMs) {
    goTo(Screen::Attract, nowMs);
    return;
  }
  std::int64_t left = m_settings.idleTimeoutMs - idle;
  m_view.idleWarning = left <= m_settings.idleWarningMs;
  m_view.idleSecondsLeft = static_cast<int>((left + 999) / 1000);
}

}  // namespace chillnode
