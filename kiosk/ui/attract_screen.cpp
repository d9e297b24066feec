#include <string>

#include "ui/screens.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

namespace {

// One button per other language, labelled in that language, bottom right.
Intent drawLanguageButtons(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  Intent intent;
  float width = m.px(170);
  float x = m.width - m.margin() - width;
  float y = m.height - m.margin() - m.touch();
  for (const Language& language : languages()) {
    if (currentLanguage() == language.code) continue;
    std::string id = std::string("attract.language.") + language.code;
    if (touchButton(id.c_str(), language.nativeName, ImVec2(x, y), ImVec2(width, m.touch()),
                    context.fonts.body, ButtonStyle::Secondary)) {
      intent.kind = IntentKind::SetLanguage;
      intent.language = language.code;
    }
    x -= width + m.px(12);
  }
  return intent;
}

}  // namespace

Intent drawAttract(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  float top = drawTopBar(context);
  float contentWidth = m.width - 2 * m.margin();
  float centerX = m.width / 2;

  float y = top + m.px(28);
  bool camera = context.camera.connected;
  y += centeredText(context.fonts.huge, camera ? tr("Scan your bib") : tr("Check in here"), centerX, y,
                    contentWidth, colors::Ink);
  y += m.px(8);
  const char* detail = camera ? tr("Hold the QR code on your race bib up to the camera.")
                              : tr("Type the number printed on your race bib.");
  y += centeredText(context.fonts.body, detail, centerX, y, contentWidth, colors::MutedInk);

  Intent intent;
  float buttonWidth = std::min(contentWidth, m.px(420));
  float buttonX = centerX - buttonWidth / 2;
  float buttonY = y + m.px(28);
  if (!context.camera.connected) {
    // With no camera the keypad is the only way in, so it takes the main button.
    if (touchButton("attract.keypad", tr("Type bib number"), ImVec2(buttonX, buttonY),
                    ImVec2(buttonWidth, m.touch()), context.fonts.title)) {
      intent.kind = IntentKind::OpenKeypad;
    }
  } else {
    if (touchButton("attract.scan", tr("Start"), ImVec2(buttonX, buttonY), ImVec2(buttonWidth, m.touch()),
                    context.fonts.title)) {
      intent.kind = IntentKind::StartScanning;
    }
    float keypadY = m.height - m.margin() - m.touch();
    if (touchButton("attract.keypad", tr("Type bib number"), ImVec2(m.margin(), keypadY),
                    ImVec2(m.px(300), m.touch()), context.fonts.body, ButtonStyle::Secondary)) {
      intent.kind = IntentKind::OpenKeypad;
    }
  }
  Intent language = drawLanguageButtons(context);
  if (language.kind != IntentKind::None) intent = language;
  return intent;
}

}  // namespace chillnode::ui
