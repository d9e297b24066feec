// The staff screen's runners tab: a keypad to look a runner up by bib or name, and the
// matches with a manual check-in for those not yet checked in today.

#include <string>
#include <string_view>

#include "ui/staff_tabs.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

namespace {

constexpr std::string_view DigitKeys = "1234567890";
constexpr std::string_view LetterKeys = "ABCDEFGHIJKLMNOPQRSTUVWXYZ-";

// The lookup entry, the keys and the letters and delete buttons, in the area's left part.
Intent drawLookupKeypad(const ScreenContext& context, ImVec2 min, ImVec2 max) {
  const Metrics& m = context.metrics;
  const FlowView& view = context.view;
  float touch = staffTouch(m);
  float gap = m.px(StaffGap) * 2;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 fieldMax(max.x, min.y + touch);
  draw->AddRectFilled(min, fieldMax, colors::Panel, m.px(8));
  draw->AddRect(min, fieldMax, colors::Brand, m.px(8), 0, m.px(2));
  bool empty = view.keypadText.empty();
  rowText(context.fonts.body, empty ? tr("Bib or name") : view.keypadText, min.x + m.px(12), min.y, touch,
          max.x - min.x - m.px(24), empty ? colors::MutedInk : colors::Ink);

  Intent intent;
  float actionY = max.y - touch;
  float actionWidth = (max.x - min.x - gap) / 2;
  const char* toggle = view.keypadLetters ? "123" : "ABC";
  if (touchButton("keypad.toggle", toggle, ImVec2(min.x, actionY), ImVec2(actionWidth, touch), context.fonts.body,
                  ButtonStyle::Secondary)) {
    intent.kind = IntentKind::KeypadToggleLetters;
  }
  if (touchButton("keypad.delete", tr("Delete"), ImVec2(min.x + actionWidth + gap, actionY),
                  ImVec2(actionWidth, touch), context.fonts.body, ButtonStyle::Secondary)) {
    intent.kind = IntentKind::KeypadDelete;
  }

  std::string_view keys = view.keypadLetters ? LetterKeys : DigitKeys;
  int columns = view.keypadLetters ? 7 : 5;
  ImVec2 gridMin(min.x, min.y + touch + gap);
  ImVec2 gridMax(max.x, actionY - gap);
  if (char key = keyGrid("keypad", keys, columns, gridMin, gridMax, context.fonts.body, m.px(StaffGap), touch,
                         m.px(90))) {
    intent.kind = IntentKind::KeypadKey;
    intent.key = key;
  }
  return intent;
}

Intent drawMatch(const ScreenContext& context, const RunnerMatch& match, std::size_t index, ImVec2 at, float width,
                 float height) {
  const Metrics& m = context.metrics;
  ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + width, at.y + height), colors::Panel, m.px(8));
  float pad = m.px(8);
  float buttonWidth = m.px(130);
  float textWidth = width - buttonWidth - 3 * pad;
  ImFont* small = context.fonts.small;
  std::string name = displayName(match.firstName + " " + match.lastName, 40);
  float lineHeight = height / 2;
  rowText(small, name.empty() ? match.bib : name, at.x + pad, at.y, lineHeight, textWidth, colors::Ink);
  rowText(small, match.bib, at.x + pad, at.y + lineHeight, lineHeight, textWidth, colors::MutedInk);

  float buttonX = at.x + width - pad - buttonWidth;
  if (match.checkedInToday) {
    rowText(small, tr("Checked in"), buttonX, at.y, height, buttonWidth, colors::Success);
    return {};
  }
  std::string id = "staff.runner." + std::to_string(index + 1) + ".checkin";
  float buttonHeight = staffTouch(m);
  ImVec2 buttonAt(buttonX, at.y + (height - buttonHeight) / 2);
  if (touchButton(id.c_str(), tr("Check in"), buttonAt, ImVec2(buttonWidth, buttonHeight), context.fonts.body)) {
    return staffIntent(IntentKind::StaffCheckIn, match.bib);
  }
  return {};
}

Intent drawMatches(const ScreenContext& context, ImVec2 min, ImVec2 max) {
  const Metrics& m = context.metrics;
  float width = max.x - min.x;
  if (context.view.keypadText.empty()) {
    centeredText(context.fonts.body, tr("Type a bib number or the start of a name."), min.x + width / 2,
                 min.y + m.px(16), width, colors::MutedInk);
    return {};
  }
  if (!context.staff || context.staff->matches.empty()) {
    centeredText(context.fonts.body, tr("No runner found"), min.x + width / 2, min.y + m.px(16), width,
                 colors::MutedInk);
    return {};
  }
  Intent intent;
  float gap = m.px(StaffGap);
  float height = std::max(staffTouch(m) + m.px(8), context.fonts.small->FontSize * 2 + m.px(8));
  float y = min.y;
  const std::vector<RunnerMatch>& matches = context.staff->matches;
  for (std::size_t i = 0; i < matches.size() && y + height <= max.y; ++i) {
    Intent tapped = drawMatch(context, matches[i], i, ImVec2(min.x, y), width, height);
    if (tapped.kind != IntentKind::None) intent = tapped;
    y += height + gap;
  }
  return intent;
}

}  // namespace

Intent drawStaffRunners(const ScreenContext& context, const StaffArea& area) {
  const Metrics& m = context.metrics;
  float keypadWidth = std::min(area.width * 0.5f, m.px(420));
  float gap = m.px(12);
  ImVec2 top(area.left, area.top + m.px(4));
  ImVec2 bottom(area.left + area.width, area.top + area.height);
  Intent keypad = drawLookupKeypad(context, top, ImVec2(area.left + keypadWidth, bottom.y));
  Intent match = drawMatches(context, ImVec2(area.left + keypadWidth + gap, top.y), bottom);
  return keypad.kind != IntentKind::None ? keypad : match;
}

}  // namespace chillnode::ui
