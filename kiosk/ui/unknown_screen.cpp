#include <string>

#include "ui/screens.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

Intent drawUnknown(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  const CheckInResult& result = context.view.result;
  float top = drawTopBar(context);
  float contentWidth = m.width - 2 * m.margin();
  float centerX = m.width / 2;

  drawStatusBand(context, top, colors::Warning);

  std::string title;
  const char* detail = nullptr;
  if (result.outcome == CheckInOutcome::UnknownBib) {
    title = formatText(tr("We can't find bib {}"), result.bib);
    detail = tr("Check the number, or ask a staff member for help.");
  } else {
    title = tr("That code is not a race bib");
    detail = tr("Hold up the QR code printed on your bib, or type your bib number.");
  }

  float y = top + m.px(40);
  y += centeredText(context.fonts.title, title.c_str(), centerX, y, contentWidth, colors::Ink);
  y += m.px(12);
  centeredText(context.fonts.body, detail, centerX, y, contentWidth, colors::MutedInk);
  setSpokenMessage(title + " " + detail);

  Intent intent;
  float gap = m.px(16);
  float buttonWidth = std::min((contentWidth - gap) / 2, m.px(340));
  float buttonY = m.height - m.margin() - m.touch();
  float leftX = centerX - buttonWidth - gap / 2;
  if (touchButton("unknown.keypad", tr("Type bib number"), ImVec2(leftX, buttonY), ImVec2(buttonWidth, m.touch()),
                  context.fonts.body)) {
    intent.kind = IntentKind::OpenKeypad;
  }
  if (touchButton("unknown.retry", tr("Scan again"), ImVec2(centerX + gap / 2, buttonY),
                  ImVec2(buttonWidth, m.touch()), context.fonts.body, ButtonStyle::Secondary)) {
    intent.kind = IntentKind::StartScanning;
  }
  return intent;
}

}  // namespace chillnode::ui
