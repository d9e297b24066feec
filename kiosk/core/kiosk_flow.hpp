#pragma once
// The check-in screen flow as a state machine with no I/O. The app feeds it user intents,
// check-in results and the time; the UI draws what view() returns.

#include <cstdint>
#include <optional>
#include <string>

#include "core/checkin.hpp"

namespace chillnode {

enum class Screen { Attract, Scanning, Welcome, Unknown, Keypad };

std::string_view screenName(Screen screen);

enum class IntentKind {
  None,
  StartScanning,  // attract: "scan my bib"
  OpenKeypad,     // "type my bib number"
  Back,           // leave the current screen for the attract screen
  KeypadKey,      // one character typed on the keypad
  KeypadDelete,
  KeypadToggleLetters,
  KeypadSubmit,
  Done,           // welcome: finished
  SetLanguage,
};

struct Intent {
  IntentKind kind = IntentKind::None;
  char key = 0;          // KeypadKey
  std::string language;  // SetLanguage: a catalog code such as "es"
};

struct FlowSettings {
  std::int64_t idleTimeoutMs = 30'000;   // inactivity that returns to the attract screen
  std::int64_t idleWarningMs = 10'000;   // how long before that the warning shows
};

struct FlowView {
  Screen screen = Screen::Attract;
  CheckInResult result;           // Welcome and Unknown only; cleared on return to attract
  std::string keypadText;
  bool keypadLetters = false;
  bool idleWarning = false;
  int idleSecondsLeft = 0;        // while idleWarning
};

class KioskFlow {
public:
  static constexpr std::size_t MaxKeypadLength = 16;

  explicit KioskFlow(FlowSettings settings = {}) : m_settings(settings) {}

  // Applies a user intent. Any touch counts as activity, even one that changes nothing.
  void apply(const Intent& intent, std::int64_t nowMs);
  void touched(std::int64_t nowMs) { m_lastActivityMs = nowMs; }

  // Returns the bib typed on the keypad when KeypadSubmit was applied with a non-empty
  // entry since the last call. The app then runs the check-in and calls showResult.
  std::optional<std::string> takeKeypadSubmission();

  // Shows a check-in result: Welcome for a check-in or repeat visit, Unknown otherwise.
  void showResult(const CheckInResult& result, std::int64_t nowMs);

  // Advances idle handling: shows the warning, then returns to attract and clears names.
  void tick(std::int64_t nowMs);

  bool scanAccepted() const;  // whether a camera payload should be checked in now
  const FlowView& view() const { return m_view; }

private:
  void goTo(Screen screen, std::int64_t nowMs);
  void applyKeypad(const Intent& intent);

  FlowSettings m_settings;
  FlowView m_view;
  std::int64_t m_lastActivityMs = 0;
  std::optional<std::string> m_submission;
};

}  // namespace chillnode
