#include <algorithm>
#include <string>

#include "ui/screens.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

namespace {

constexpr std::size_t MaxNameCharacters = 24;

}  // namespace

Intent drawWelcome(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  const CheckInResult& result = context.view.result;
  float top = drawTopBar(context);
  float contentWidth = m.width - 2 * m.margin();
  float centerX = m.width / 2;
  bool again = result.outcome == CheckInOutcome::AlreadyCheckedIn;

  float bandHeight = drawStatusBand(context, top, colors::Success);

  std::string name = displayName(result.firstName, MaxNameCharacters);
  std::string greeting;
  if (name.empty()) greeting = again ? tr("Welcome back!") : tr("Welcome!");
  else greeting = formatText(again ? tr("Welcome back, {}!") : tr("Welcome, {}!"), name);

  std::string bibLine = formatText(tr("Bib {}"), result.bib);
  const char* detail = again ? tr("You are already checked in today.") : tr("You are checked in.");

  // The message block sits in the middle of the space above the button, so a tall
  // portrait panel does not leave it stranded at the top.
  float buttonY = m.height - m.margin() - m.touch();
  float blockHeight = textHeight(context.fonts.title, greeting.c_str(), contentWidth) + m.px(8) +
                      textHeight(context.fonts.huge, bibLine.c_str(), contentWidth) +
                      textHeight(context.fonts.body, detail, contentWidth);
  float spaceTop = top + bandHeight + m.px(24);
  float y = std::max(spaceTop, spaceTop + (buttonY - m.px(24) - spaceTop - blockHeight) / 2);
  y += centeredText(context.fonts.title, greeting.c_str(), centerX, y, contentWidth, colors::Ink);
  y += m.px(4);
  y += centeredText(context.fonts.huge, bibLine.c_str(), centerX, y, contentWidth, colors::Success);
  y += m.px(4);
  centeredText(context.fonts.body, detail, centerX, y, contentWidth, colors::MutedInk);

  setSpokenMessage(greeting + " " + detail);
  Intent intent;
  if (!context.board) {
    float buttonWidth = std::min(contentWidth, m.px(360));
    if (touchButton("welcome.done", tr("Done"), ImVec2(centerX - buttonWidth / 2, buttonY),
                    ImVec2(buttonWidth, m.touch()), context.fonts.title)) {
      intent.kind = IntentKind::Done;
    }
    return intent;
  }
  // With sessions on offer, choosing one is the main action and Done the way out; a runner
  // with a voucher gets a button for it between them.
  float gap = m.px(16);
  bool voucher = context.view.voucher.has_value();
  float doneWidth = std::min(m.px(voucher ? 160 : 220), (contentWidth - gap) / 3);
  float restWidth = contentWidth - gap - doneWidth;
  float voucherWidth = voucher ? (restWidth - gap) / 2 : 0;
  float chooseWidth = voucher ? restWidth - gap - voucherWidth : restWidth;
  float x = m.margin();
  if (touchButton("welcome.done", tr("Done"), ImVec2(x, buttonY), ImVec2(doneWidth, m.touch()), context.fonts.body,
                  ButtonStyle::Secondary)) {
    intent.kind = IntentKind::Done;
  }
  x += doneWidth + gap;
  if (voucher) {
    if (touchButton("welcome.voucher", tr("My voucher"), ImVec2(x, buttonY), ImVec2(voucherWidth, m.touch()),
                    context.fonts.body, ButtonStyle::Secondary)) {
      intent.kind = IntentKind::ShowVoucher;
    }
    x += voucherWidth + gap;
  }
  const char* choose = voucher ? tr("Choose a session") : tr("Choose a recovery session");
  if (touchButton("welcome.choose", choose, ImVec2(x, buttonY), ImVec2(chooseWidth, m.touch()), context.fonts.body)) {
    intent.kind = IntentKind::ChooseSession;
  }
  return intent;
}

}  // namespace chillnode::ui
