#include <algorithm>
#include <string>
#include <string_view>

#include "ui/screens.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

namespace {

constexpr std::string_view DigitKeys = "1234567890";
constexpr std::string_view LetterKeys = "ABCDEFGHIJKLMNOPQRSTUVWXYZ-";

void drawEntryField(const ScreenContext& context, ImVec2 min, ImVec2 max) {
  const Metrics& m = context.metrics;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, colors::Panel, m.px(12));
  draw->AddRect(min, max, colors::Brand, m.px(12), 0, m.px(3));
  const std::string& text = context.view.keypadText;
  bool empty = text.empty();
  const char* shown = empty ? tr("Bib number") : text.c_str();
  ImFont* font = empty ? context.fonts.body : context.fonts.title;
  float textY = min.y + (max.y - min.y - font->FontSize) / 2;
  draw->AddText(font, font->FontSize, ImVec2(min.x + m.px(20), textY), empty ? colors::MutedInk : colors::Ink,
                shown);
}

}  // namespace

Intent drawKeypad(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  const FlowView& view = context.view;
  float top = drawTopBar(context) + m.margin();
  float left = m.margin();
  float right = m.width - m.margin();
  float gap = m.px(12);
  Intent intent;

  drawEntryField(context, ImVec2(left, top), ImVec2(right, top + m.touch()));
  // The typed characters are left out, so a key press does not restart the message.
  setSpokenMessage(tr("Type the number printed on your race bib, then tap OK."));

  // Bottom row of actions: cancel, letters or digits, delete, OK.
  float rowY = m.height - m.margin() - m.touch();
  float actionWidth = (right - left - 3 * gap) / 4;
  ImVec2 size(actionWidth, m.touch());
  auto actionX = [&](int index) { return left + static_cast<float>(index) * (actionWidth + gap); };
  if (touchButton("keypad.cancel", tr("Cancel"), ImVec2(actionX(0), rowY), size, context.fonts.body,
                  ButtonStyle::Secondary)) {
    intent.kind = IntentKind::Back;
  }
  const char* toggle = view.keypadLetters ? "123" : "ABC";
  if (touchButton("keypad.toggle", toggle, ImVec2(actionX(1), rowY), size, context.fonts.body,
                  ButtonStyle::Secondary)) {
    intent.kind = IntentKind::KeypadToggleLetters;
  }
  if (touchButton("keypad.delete", tr("Delete"), ImVec2(actionX(2), rowY), size, context.fonts.body,
                  ButtonStyle::Secondary)) {
    intent.kind = IntentKind::KeypadDelete;
  }
  if (touchButton("keypad.ok", tr("OK"), ImVec2(actionX(3), rowY), size, context.fonts.body)) {
    intent.kind = IntentKind::KeypadSubmit;
  }

  // Character keys fill the space between the entry field and the action row.
  ImVec2 gridMin(left, top + m.touch() + gap);
  ImVec2 gridMax(right, rowY - gap);
  bool portrait = m.height > m.width;
  std::string_view keys = view.keypadLetters ? LetterKeys : DigitKeys;
  int columns = portrait ? 3 : 5;
  if (view.keypadLetters) columns = portrait ? 6 : 9;
  if (char key = keyGrid("keypad", keys, columns, gridMin, gridMax, context.fonts.title, m.px(8), 56.0f, m.px(120))) {
    intent.kind = IntentKind::KeypadKey;
    intent.key = key;
  }
  return intent;
}

}  // namespace chillnode::ui
