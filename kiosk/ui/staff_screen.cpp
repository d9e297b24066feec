// The staff screens: the PIN pad, and the staff screen behind it with its tab bar. Each tab
// has its own file (staff_bays.cpp, staff_queues.cpp, staff_runners.cpp, staff_today.cpp).

#include <string>

#include "ui/staff_tabs.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

namespace {

// How long the result of a staff action stays on screen.
constexpr std::int64_t NoticeShowMs = 5000;

struct StatusMessage {
  std::string text;
  ImU32 color = colors::Ink;
};

StatusMessage pinMessage(const ScreenContext& context) {
  const StaffLockView* lock = context.staffLock;
  if (!context.staffPinSet || (lock && lock->hashInvalid)) {
    return {tr("No staff PIN is set on this unit"), colors::Danger};
  }
  if (!lock) return {};
  switch (lock->state) {
    case StaffLockState::LockedOut:
      return {formatText(tr("Locked for {} s"), std::to_string(lock->lockoutSecondsLeft)), colors::Danger};
    case StaffLockState::Verifying: return {tr("Checking\u2026"), colors::MutedInk};
    default: break;
  }
  if (!lock->lastPinWrong) return {};
  if (lock->failuresLeft == 1) return {tr("Wrong PIN, 1 try left"), colors::Danger};
  return {formatText(tr("Wrong PIN, {} tries left"), std::to_string(lock->failuresLeft)), colors::Danger};
}

// The PIN screen's spoken message. Its stable text leaves out the lockout's countdown.
void setPinSpokenMessage(const ScreenContext& context, const StatusMessage& message) {
  std::string text = std::string(tr("Staff PIN")) + ". " + tr("Type the staff PIN, then tap OK.");
  if (message.text.empty()) {
    setSpokenMessage(text);
    return;
  }
  bool lockedOut = context.staffLock && context.staffLock->state == StaffLockState::LockedOut;
  std::string stable = text + " " + (lockedOut ? std::string("locked out") : message.text);
  setSpokenMessage(text + " " + message.text, stable);
}

// The message for FlowView::staffNotice, which is a sessionErrorName or "override".
StatusMessage noticeMessage(const std::string& notice) {
  if (notice == "override") return {tr("Intake block overridden"), colors::Success};
  if (notice == StaffNoticeNotStored) return {tr("Not saved: the unit's storage is full or failing"), colors::Danger};
  if (notice.rfind("exported:", 0) == 0) return {formatText(tr("Records exported to {}"), notice.substr(9)), colors::Success};
  if (notice.rfind("export failed:", 0) == 0) {
    return {formatText(tr("Export failed: {}"), notice.substr(14)), colors::Danger};
  }
  const std::pair<SessionError, const char*> texts[] = {
      {SessionError::WrongState, tr("Not possible now: the session has moved on")},
      {SessionError::StaffNotWatching, tr("Confirm watching first")},
      {SessionError::MissingStaffId, tr("No staff id is set")},
      {SessionError::AtMaximum, tr("Already at the maximum duration")},
      {SessionError::InvalidExtension, tr("The extension must be longer than zero")},
      {SessionError::InvalidBay, tr("No bay was given")},
      {SessionError::NothingToAcknowledge, tr("No alarm to acknowledge")},
      {SessionError::UnknownSession, tr("That session has ended")},
  };
  for (const auto& [error, text] : texts) {
    if (sessionErrorName(error) == notice) return {text, colors::Warning};
  }
  return {notice, colors::Warning};
}

// Shows the last staff action's notice over the top of the tab for NoticeShowMs.
void drawNotice(const ScreenContext& context, const StaffArea& area) {
  static int s_shownCount = 0;
  static std::int64_t s_shownSinceMs = 0;
  const std::string& notice = context.view.staffNotice;
  if (context.view.staffNoticeCount != s_shownCount) {
    s_shownCount = context.view.staffNoticeCount;
    s_shownSinceMs = context.nowMs;
  }
  if (notice.empty() || context.nowMs - s_shownSinceMs > NoticeShowMs) return;

  const Metrics& m = context.metrics;
  StatusMessage message = noticeMessage(notice);
  ImFont* font = context.fonts.body;
  float maxWidth = area.width - m.px(48);
  std::string text = fitText(font, message.text, maxWidth);
  float textWidth = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.c_str()).x;
  float height = font->FontSize + m.px(16);
  ImVec2 min(area.left + (area.width - textWidth) / 2 - m.px(16), area.top + m.px(8));
  ImVec2 max(min.x + textWidth + m.px(32), min.y + height);
  ImGui::GetWindowDrawList()->AddRectFilled(min, max, message.color, m.px(10));
  drawText(font, text, ImVec2(min.x + m.px(16), min.y + m.px(8)), maxWidth, colors::OnColor);
}

float tabWidth(const ScreenContext& context, ImFont* font, const char* label) {
  float text = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, label).x;
  return std::max(context.metrics.px(96), text + context.metrics.px(28));
}

// Draws the count of intake alerts as a red badge on the corner of a tab.
void drawBadge(const ScreenContext& context, ImVec2 tabMax, float tabTop, std::size_t count) {
  const Metrics& m = context.metrics;
  ImFont* font = context.fonts.small;
  std::string text = std::to_string(count);
  float radius = m.px(12);
  ImVec2 center(tabMax.x - m.px(4), tabTop + m.px(4));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddCircleFilled(center, radius, colors::Danger);
  ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.c_str());
  draw->AddText(font, font->FontSize, ImVec2(center.x - size.x / 2, center.y - size.y / 2), colors::OnColor,
                text.c_str());
}

// Width of the page buttons and the "2 / 3" between them.
float pageButtonsWidth(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  return 2 * std::max(staffTouch(m), m.px(56)) + m.px(80);
}

// Draws previous, "2 / 3" and next, ending at right, when the tab has more than one page.
Intent drawPageButtons(const ScreenContext& context, const StaffPages& pages, float right) {
  Intent intent;
  if (pages.count <= 1 || !pages.idPrefix) return intent;
  const Metrics& m = context.metrics;
  float touch = staffTouch(m);
  float top = m.px(StaffMargin);
  float buttonWidth = std::max(touch, m.px(56));
  float positionWidth = pageButtonsWidth(context) - 2 * buttonWidth;
  float nextX = right - buttonWidth;
  float prevX = nextX - positionWidth - buttonWidth;
  std::string prefix = pages.idPrefix;
  if (pages.page > 0 && touchButton((prefix + ".prev").c_str(), "\u00ab", ImVec2(prevX, top),
                                    ImVec2(buttonWidth, touch), context.fonts.body, ButtonStyle::Secondary)) {
    intent = staffIntent(IntentKind::StaffPage, "prev");
  }
  std::string position = std::to_string(pages.page + 1) + " / " + std::to_string(pages.count);
  ImFont* font = context.fonts.small;
  float textWidth = std::min(positionWidth, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, position.c_str()).x);
  rowText(font, position, prevX + buttonWidth + (positionWidth - textWidth) / 2, top, touch, positionWidth,
          colors::OnColor);
  if (pages.page + 1 < pages.count &&
      touchButton((prefix + ".next").c_str(), "\u00bb", ImVec2(nextX, top), ImVec2(buttonWidth, touch),
                  context.fonts.body, ButtonStyle::Secondary)) {
    intent = staffIntent(IntentKind::StaffPage, "next");
  }
  return intent;
}

// Draws who is signed in at the right end of the tab bar's free space from left to right: the
// whole line, else the name shortened to fit, else nothing when under three letters' width is free.
void drawSignedIn(const ScreenContext& context, float left, float right) {
  const std::string& name = context.view.staffMemberName;
  if (name.empty()) return;
  const Metrics& m = context.metrics;
  ImFont* font = context.fonts.small;
  auto width = [font](const std::string& text) { return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.c_str()).x; };
  float maxWidth = right - left;
  if (maxWidth < font->FontSize * 3) return;
  std::string text = formatText(tr("Signed in: {}"), name);
  if (width(text) > maxWidth) text = fitText(font, name, maxWidth);
  rowText(font, text, right - width(text), m.px(StaffMargin), staffTouch(m), maxWidth, colors::OnColor);
}

Intent drawTabBar(const ScreenContext& context, const StaffPages& pages) {
  const Metrics& m = context.metrics;
  float margin = m.px(StaffMargin);
  float touch = staffTouch(m);
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, 0), ImVec2(m.width, staffTabBarHeight(m)), colors::Ink);

  struct Tab {
    StaffTab tab;
    const char* id;
    const char* label;
  };
  const Tab tabs[] = {
      {StaffTab::Bays, "staff.tab.bays", tr("Bays")},
      {StaffTab::Queues, "staff.tab.queues", tr("Queues")},
      {StaffTab::Runners, "staff.tab.runners", tr("Runners")},
      {StaffTab::Today, "staff.tab.today", tr("Today")},
  };
  // Long labels (Spanish) and page buttons may not fit beside each other in the body font.
  const char* lockLabel = tr("Lock");
  float pagesWidth = pages.count > 1 ? pageButtonsWidth(context) + m.px(12) : 0;
  ImFont* font = context.fonts.body;
  float needed = tabWidth(context, font, lockLabel) + pagesWidth + 2 * margin;
  for (const Tab& tab : tabs) needed += tabWidth(context, font, tab.label) + m.px(StaffGap);
  if (needed > m.width) font = context.fonts.small;

  Intent intent;
  float x = margin;
  for (const Tab& tab : tabs) {
    float width = tabWidth(context, font, tab.label);
    bool active = context.view.staffTab == tab.tab;
    if (touchButton(tab.id, tab.label, ImVec2(x, margin), ImVec2(width, touch), font,
                    active ? ButtonStyle::Primary : ButtonStyle::Secondary)) {
      intent = staffIntent(IntentKind::StaffTab, std::string(staffTabName(tab.tab)));
    }
    std::size_t alerts = context.staff ? context.staff->blockedAlerts.size() : 0;
    if (tab.tab == StaffTab::Today && alerts > 0) drawBadge(context, ImVec2(x + width, margin + touch), margin, alerts);
    x += width + m.px(StaffGap);
  }

  float lockWidth = tabWidth(context, font, lockLabel);
  float lockX = m.width - margin - lockWidth;
  if (touchButton("staff.lock", lockLabel, ImVec2(lockX, margin), ImVec2(lockWidth, touch), font,
                  ButtonStyle::Secondary)) {
    intent.kind = IntentKind::StaffLock;
  }

  float pagesLeft = lockX - m.px(12) - (pages.count > 1 ? pageButtonsWidth(context) : 0);
  drawSignedIn(context, x, pagesLeft - m.px(12));
  Intent page = drawPageButtons(context, pages, lockX - m.px(12));
  return page.kind != IntentKind::None ? page : intent;
}

}  // namespace

Intent staffIntent(IntentKind kind, std::string target) {
  Intent intent;
  intent.kind = kind;
  intent.target = std::move(target);
  return intent;
}

std::string runnerLabel(const std::string& firstName, const std::string& bib, ImFont* font, float maxWidth) {
  std::string name = displayName(firstName, 24);
  std::string suffix = " \u00b7 " + bib;
  float suffixWidth = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, suffix.c_str()).x;
  float nameWidth = maxWidth - suffixWidth;
  if (name.empty()) return bib;
  std::string fitted = fitText(font, name, nameWidth);
  // A name cut to less than about two letters and the ellipsis helps nobody.
  if (fitted != name && nameWidth < font->FontSize * 2) return bib;
  return fitted + suffix;
}

std::string runnerLabel(const ScreenContext& context, const std::string& bib, ImFont* font, float maxWidth) {
  std::string firstName;
  if (context.staff) {
    auto found = context.staff->firstNames.find(bib);
    if (found != context.staff->firstNames.end()) firstName = found->second;
  }
  return runnerLabel(firstName, bib, font, maxWidth);
}

void rowText(ImFont* font, const std::string& text, float left, float top, float height, float maxWidth,
             ImU32 color) {
  drawText(font, text, ImVec2(left, top + (height - font->FontSize) / 2), maxWidth, color);
}

Intent drawStaffPin(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  float top = drawTopBar(context) + m.px(12);
  Intent intent;
  const StaffLockView* lock = context.staffLock;
  std::string dots(lock ? lock->digitsEntered : 0, '*');
  float width = m.width - 2 * m.margin();
  top += centeredText(context.fonts.title, dots.empty() ? tr("Staff PIN") : dots.c_str(), m.width / 2, top, width,
                      colors::Ink);
  StatusMessage message = pinMessage(context);
  setPinSpokenMessage(context, message);
  // The line stays reserved when empty, so the keys do not jump when a message shows.
  centeredText(context.fonts.body, message.text.c_str(), m.width / 2, top, width, message.color);
  top += context.fonts.body->FontSize * 1.15f + m.px(8);

  float rowY = m.height - m.margin() - m.touch();
  float gap = m.px(12);
  float buttonWidth = (width - 2 * gap) / 3;
  if (touchButton("pin.cancel", tr("Cancel"), ImVec2(m.margin(), rowY), ImVec2(buttonWidth, m.touch()),
                  context.fonts.body, ButtonStyle::Secondary)) {
    intent.kind = IntentKind::Back;
  }
  // Without a usable PIN hash nothing can unlock, so only Cancel is offered.
  if (!context.staffPinSet || (lock && lock->hashInvalid)) return intent;

  if (touchButton("pin.delete", tr("Delete"), ImVec2(m.margin() + buttonWidth + gap, rowY),
                  ImVec2(buttonWidth, m.touch()), context.fonts.body, ButtonStyle::Secondary)) {
    intent.kind = IntentKind::PinDelete;
  }
  if (touchButton("pin.ok", tr("OK"), ImVec2(m.margin() + 2 * (buttonWidth + gap), rowY),
                  ImVec2(buttonWidth, m.touch()), context.fonts.body)) {
    intent.kind = IntentKind::PinSubmit;
  }
  ImVec2 gridMin(m.margin(), top);
  ImVec2 gridMax(m.width - m.margin(), rowY - gap);
  if (char key = keyGrid("pin", "1234567890", 5, gridMin, gridMax, context.fonts.title, m.px(8), 56.0f, m.px(120))) {
    intent.kind = IntentKind::PinDigit;
    intent.key = key;
  }
  return intent;
}

Intent drawStaff(const ScreenContext& context) {
  StaffArea area = staffContentArea(context.metrics);
  // The storage alert comes first on every tab, and the tab gets the room below it.
  float banner = drawStaffStorageBanner(context, area.left, area.top, area.width);
  if (banner > 0) {
    float used = banner + context.metrics.px(StaffGap);
    area.top += used;
    area.height -= used;
  }
  StaffPages pages;
  Intent intent;
  switch (context.view.staffTab) {
    case StaffTab::Bays: intent = drawStaffBays(context, area, pages); break;
    case StaffTab::Queues: intent = drawStaffQueues(context, area, pages); break;
    case StaffTab::Runners: intent = drawStaffRunners(context, area); break;
    case StaffTab::Today: intent = drawStaffToday(context, area); break;
  }
  Intent barIntent = drawTabBar(context, pages);
  if (barIntent.kind != IntentKind::None) intent = barIntent;
  drawNotice(context, area);
  return intent;
}

}  // namespace chillnode::ui
