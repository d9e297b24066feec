#include <string>

#include "ui/screens.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

Intent drawWelcome(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  const CheckInResult& result = context.view.result;
  float top = drawTopBar(context);
  float contentWidth = m.width - 2 * m.margin();
  float centerX = m.width / 2;
  bool again = result.outcome == CheckInOutcome::AlreadyCheckedIn;

  // A green band says "done" before anyone reads a word.
  float bandHeight = m.px(12);
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, top), ImVec2(m.width, top + bandHeight), colors::Success);

  std::string greeting = again ? tr("Welcome back") : tr("Welcome");
  if (!result.firstName.empty()) greeting += ", " + result.firstName;
  greeting += "!";

  float y = top + bandHeight + m.px(24);
  y += centeredText(context.fonts.title, greeting.c_str(), centerX, y, contentWidth, colors::Ink);
  y += m.px(4);
  std::string bibLine = std::string(tr("Bib")) + " " + result.bib;
  y += centeredText(context.fonts.huge, bibLine.c_str(), centerX, y, contentWidth, colors::Success);
  y += m.px(4);
  const char* detail = again ? tr("You are already checked in today.") : tr("You are checked in.");
  centeredText(context.fonts.body, detail, centerX, y, contentWidth, colors::MutedInk);

  Intent intent;
  float buttonWidth = std::min(contentWidth, m.px(360));
  float buttonY = m.height - m.margin() - m.touch();
  if (touchButton("welcome.done", tr("Done"), ImVec2(centerX - buttonWidth / 2, buttonY),
                  ImVec2(buttonWidth, m.touch()), context.fonts.title)) {
    intent.kind = IntentKind::Done;
  }
  return intent;
}

}  // namespace chillnode::ui
