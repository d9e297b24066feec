// The staff screens: the PIN pad and the staff screen behind it.

#include <string>

#include "ui/screens.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

Intent drawStaffPin(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  float top = drawTopBar(context) + m.px(12);
  Intent intent;
  const StaffLockView* lock = context.staffLock;
  std::string dots(lock ? lock->digitsEntered : 0, '*');
  centeredText(context.fonts.title, dots.empty() ? tr("Staff PIN") : dots.c_str(), m.width / 2, top,
               m.width - 2 * m.margin(), colors::Ink);
  float rowY = m.height - m.margin() - m.touch();
  float gap = m.px(12);
  float width = (m.width - 2 * m.margin() - 2 * gap) / 3;
  if (touchButton("pin.cancel", tr("Cancel"), ImVec2(m.margin(), rowY), ImVec2(width, m.touch()), context.fonts.body,
                  ButtonStyle::Secondary)) {
    intent.kind = IntentKind::Back;
  }
  if (touchButton("pin.delete", tr("Delete"), ImVec2(m.margin() + width + gap, rowY), ImVec2(width, m.touch()),
                  context.fonts.body, ButtonStyle::Secondary)) {
    intent.kind = IntentKind::PinDelete;
  }
  if (touchButton("pin.ok", tr("OK"), ImVec2(m.margin() + 2 * (width + gap), rowY), ImVec2(width, m.touch()),
                  context.fonts.body)) {
    intent.kind = IntentKind::PinSubmit;
  }
  ImVec2 gridMin(m.margin(), top + context.fonts.title->FontSize * 1.3f);
  ImVec2 gridMax(m.width - m.margin(), rowY - gap);
  if (char key = keyGrid("pin", "1234567890", 5, gridMin, gridMax, context.fonts.title, m.px(8), 56.0f, m.px(120))) {
    intent.kind = IntentKind::PinDigit;
    intent.key = key;
  }
  return intent;
}

Intent drawStaff(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  drawTopBar(context);
  Intent intent;
  if (touchButton("staff.lock", tr("Lock"), ImVec2(m.width - m.margin() - m.px(160), m.height - m.margin() - m.touch()),
                  ImVec2(m.px(160), m.touch()), context.fonts.body, ButtonStyle::Secondary)) {
    intent.kind = IntentKind::StaffLock;
  }
  return intent;
}

}  // namespace chillnode::ui
