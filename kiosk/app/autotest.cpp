#include "app/autotest.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <SDL.h>
#include <spdlog/spdlog.h>

#include "ui/widgets.hpp"

namespace chillnode {

namespace {

constexpr std::int64_t TapSpacingMs = 150;
constexpr int FramesPerTap = 3;

void pushFinger(Uint32 type, NormalizedPoint touch) {
  SDL_Event event{};
  event.type = type;
  event.tfinger.timestamp = SDL_GetTicks();
  event.tfinger.touchId = 1;
  event.tfinger.fingerId = 1;
  event.tfinger.x = touch.x;
  event.tfinger.y = touch.y;
  event.tfinger.pressure = type == SDL_FINGERUP ? 0.0f : 1.0f;
  SDL_PushEvent(&event);
}

bool isRedeemVerdict(const std::string& name) {
  for (RedeemVerdict verdict : {RedeemVerdict::None, RedeemVerdict::Valid, RedeemVerdict::AlreadyUsed,
                                RedeemVerdict::Expired, RedeemVerdict::NotForThisSponsor,
                                RedeemVerdict::UnknownOrForged, RedeemVerdict::NotStored}) {
    if (redeemVerdictName(verdict) == name) return true;
  }
  return false;
}

bool isBibCheckState(const std::string& name) {
  for (BibCheckState state : {BibCheckState::None, BibCheckState::Waiting, BibCheckState::SameRunner,
                              BibCheckState::DifferentRunner}) {
    if (bibCheckStateName(state) == name) return true;
  }
  return false;
}

// Whether name is one of the '|'-separated names in choices.
bool isOneOf(std::string_view name, std::string_view choices) {
  std::size_t start = 0;
  while (true) {
    std::size_t end = choices.find('|', start);
    if (choices.substr(start, end == std::string_view::npos ? end : end - start) == name) return true;
    if (end == std::string_view::npos) return false;
    start = end + 1;
  }
}

// The first of the '|'-separated button ids that is on screen, else the last one, so the
// error names a button.
std::string firstDrawn(const std::string& ids) {
  std::size_t start = 0;
  while (true) {
    std::size_t end = ids.find('|', start);
    std::string id = ids.substr(start, end == std::string::npos ? end : end - start);
    if (end == std::string::npos || ui::drawnButtons().contains(id)) return id;
    start = end + 1;
  }
}

}  // namespace

Autotest::Autotest(const std::string& scriptPath, std::string screenshotDir, DisplayOrientation orientation)
    : m_screenshotDir(std::move(screenshotDir)), m_orientation(orientation) {
  std::ifstream file(scriptPath);
  if (!file) throw std::runtime_error("cannot read autotest script " + scriptPath);
  std::string text;
  int lineNumber = 0;
  while (std::getline(file, text)) {
    ++lineNumber;
    std::istringstream words(text);
    Command command;
    command.line = lineNumber;
    if (!(words >> command.name) || command.name[0] == '#') continue;
    // wait_screen takes a name and a timeout. The other waits and long_press take only the
    // time. wait_text and wait_no_text take the time and then the rest of the line.
    if (command.name == "wait_idle_warning" || command.name == "wait_preview" || command.name == "wait_camera" ||
        command.name == "long_press") {
      words >> command.seconds;
    } else if (command.name == "wait_text" || command.name == "wait_no_text") {
      words >> command.seconds >> std::ws;
      std::getline(words, command.argument);
    } else {
      words >> command.argument;
      words >> command.seconds;
    }
    static const std::vector<std::string> Known = {"wait_screen", "wait_idle_warning", "wait_preview", "wait_camera",
                                                   "wait_text",   "tap",               "type",         "type_pin",
                                                   "long_press",  "sleep",             "screenshot",   "quit",
                                                   "wait_redeem", "expect_button",     "expect_no_button",
                                                   "wait_no_text", "wait_bib_check"};
    std::string where = "autotest script " + scriptPath + " line " + std::to_string(lineNumber);
    if (std::find(Known.begin(), Known.end(), command.name) == Known.end()) {
      throw std::runtime_error(where + ": unknown command " + command.name);
    }
    if (command.name == "wait_redeem" && !isRedeemVerdict(command.argument)) {
      throw std::runtime_error(where + ": unknown redeem verdict \"" + command.argument +
                               "\": use a name such as valid, already_used or unknown_or_forged");
    }
    if (command.name == "wait_bib_check" && !isBibCheckState(command.argument)) {
      throw std::runtime_error(where + ": unknown bib check state \"" + command.argument +
                               "\": use waiting, same_runner or different_runner");
    }
    m_commands.push_back(command);
  }
}

Autotest::Step Autotest::fail(const Command& command, const std::string& reason) {
  spdlog::error("autotest line {}: {} {}: {}", command.line, command.name, command.argument, reason);
  Step step;
  step.quit = true;
  step.exitCode = 1;
  return step;
}

bool Autotest::pushTap(const std::string& id, const Command& command, Step& step) {
  const auto& buttons = ui::drawnButtons();
  auto found = buttons.find(id);
  if (found == buttons.end()) {
    step = fail(command, "no button " + id + " on this screen");
    return false;
  }
  ImVec2 min = found->second.min;
  ImVec2 max = found->second.max;
  ImGuiIO& io = ImGui::GetIO();
  NormalizedPoint centre{(min.x + max.x) / 2 / io.DisplaySize.x, (min.y + max.y) / 2 / io.DisplaySize.y};
  NormalizedPoint touch = m_orientation.uiToTouch(centre);
  pushFinger(SDL_FINGERDOWN, touch);
  pushFinger(SDL_FINGERUP, touch);
  return true;
}

bool Autotest::sleeping() const {
  return m_next < m_commands.size() && m_commands[m_next].name == "sleep" && m_framesToWait == 0;
}

bool Autotest::longPress(const Command& command, std::int64_t elapsedMs) {
  // Inside the staff corner, the top-right 12 % of the UI by LongPressSettings.
  NormalizedPoint corner = m_orientation.uiToTouch({0.97f, 0.03f});
  if (!m_pressing) {
    pushFinger(SDL_FINGERDOWN, corner);
    m_pressing = true;
  }
  if (elapsedMs < static_cast<std::int64_t>(command.seconds * 1000)) return false;
  pushFinger(SDL_FINGERUP, corner);
  m_pressing = false;
  return true;
}

Autotest::Step Autotest::advance(const Frame& frame, std::int64_t nowMs) {
  const FlowView& view = frame.view;
  Step step;
  // After a tap, let the press, the release and the redrawn screen each take a frame, however
  // slow the renderer is, before the script looks at the screen again.
  if (m_framesToWait > 0) {
    --m_framesToWait;
    return step;
  }
  if (m_next >= m_commands.size() || nowMs < m_nextActionMs) return step;
  const Command& command = m_commands[m_next];
  if (m_commandStartMs < 0) {
    m_commandStartMs = nowMs;
    if (command.name == "sleep") spdlog::info("autotest: sleeping {} ms", command.argument);
  }
  std::int64_t elapsed = nowMs - m_commandStartMs;
  auto timeoutMs = static_cast<std::int64_t>(command.seconds * 1000);
  bool done = true;

  if (command.name == "wait_screen") {
    done = isOneOf(screenName(view.screen), command.argument);
    if (!done && elapsed > timeoutMs) {
      return fail(command, "timed out; the screen is " + std::string(screenName(view.screen)));
    }
  } else if (command.name == "wait_idle_warning") {
    done = view.idleWarning;
    if (!done && elapsed > timeoutMs) return fail(command, "timed out without an idle warning");
  } else if (command.name == "wait_camera") {
    done = frame.cameraConnected;
    if (!done && elapsed > timeoutMs) return fail(command, "timed out without a camera");
  } else if (command.name == "wait_preview") {
    done = frame.previewShown;
    if (!done && elapsed > timeoutMs) return fail(command, "timed out without a camera preview");
  } else if (command.name == "wait_text" || command.name == "wait_no_text") {
    const std::vector<std::string>& texts = ui::drawnTexts();
    bool shown = std::any_of(texts.begin(), texts.end(), [&](const std::string& text) {
      return text.find(command.argument) != std::string::npos;
    });
    done = command.name == "wait_text" ? shown : !shown;
    if (!done && elapsed > timeoutMs) {
      return fail(command, shown ? "timed out; a text on the screen still contains it"
                                 : "timed out; no text on the screen contains it");
    }
  } else if (command.name == "wait_redeem") {
    const RedeemView& redeem = view.redeem;
    done = redeem.sequence > m_redeemMatched && redeemVerdictName(redeem.verdict) == command.argument;
    if (done) m_redeemMatched = redeem.sequence;
    if (!done && elapsed > timeoutMs) {
      return fail(command, "timed out; the redeem result on screen is " + std::string(redeemVerdictName(redeem.verdict)));
    }
  } else if (command.name == "wait_bib_check") {
    // Like wait_redeem, each bib check result on screen matches one command only.
    const RedeemView& redeem = view.redeem;
    done = redeem.sequence > m_redeemMatched && bibCheckStateName(redeem.bibCheck) == command.argument;
    if (done) m_redeemMatched = redeem.sequence;
    if (!done && elapsed > timeoutMs) {
      return fail(command, "timed out; the bib check on screen is " + std::string(bibCheckStateName(redeem.bibCheck)));
    }
  } else if (command.name == "expect_button" || command.name == "expect_no_button") {
    bool drawn = ui::drawnButtons().contains(command.argument);
    if (drawn && command.name == "expect_no_button") return fail(command, "the button is on screen");
    if (!drawn && command.name == "expect_button") return fail(command, "the button is not on screen");
  } else if (command.name == "tap") {
    if (!pushTap(firstDrawn(command.argument), command, step)) return step;
  } else if (command.name == "type" || command.name == "type_pin") {
    std::string prefix = command.name == "type" ? "keypad." : "pin.";
    if (!pushTap(prefix + command.argument[m_typed], command, step)) return step;
    done = ++m_typed >= command.argument.size();
  } else if (command.name == "long_press") {
    done = longPress(command, elapsed);
  } else if (command.name == "sleep") {
    done = elapsed >= std::stoll(command.argument);
  } else if (command.name == "screenshot") {
    std::string stem = m_screenshotDir + "/" + command.argument + "-" + std::to_string(frame.width) + "x" +
                       std::to_string(frame.height);
    step.screenshotPath = stem + ".png";
    if (m_orientation.rotation != PanelRotation::None) step.uprightScreenshotPath = stem + "-upright.png";
  } else if (command.name == "quit") {
    step.quit = true;
  }

  bool touched = command.name == "tap" || command.name == "type" || command.name == "type_pin" ||
                 (command.name == "long_press" && done);
  if (touched) {
    m_nextActionMs = nowMs + TapSpacingMs;
    m_framesToWait = FramesPerTap;
  }
  if (done) {
    // wait_text's argument is screen text, which can be a runner's name, so it is left out.
    spdlog::debug("autotest line {} done: {} {}", command.line, command.name,
                  command.name == "wait_text" ? std::string("(text)") : command.argument);
    ++m_next;
    m_commandStartMs = -1;
    m_typed = 0;
  }
  return step;
}

}  // namespace chillnode
