// The staff screen's bays tab: one tile per bay of every station type, with the runner, a
// large countdown, the state's colour and the buttons that apply to the session.

#include <string>
#include <vector>

#include "ui/staff_tabs.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

namespace {

constexpr ImU32 AlarmTint = IM_COL32(253, 226, 228, 255);

struct BaySlot {
  const StationType* station = nullptr;
  int bay = 0;  // 0-based
  const Session* session = nullptr;
};

std::vector<BaySlot> allBays(const BayBoard& board) {
  std::vector<BaySlot> slots;
  for (const StationType& station : board.stations()) {
    std::vector<const Session*> holders = board.bays(station.id);
    for (std::size_t bay = 0; bay < holders.size(); ++bay) {
      slots.push_back({&station, static_cast<int>(bay), holders[bay]});
    }
  }
  return slots;
}

ImU32 toneColor(BayTone tone) {
  switch (tone) {
    case BayTone::Free: return colors::Secondary;
    case BayTone::Called: return colors::Brand;
    case BayTone::Running: return colors::Success;
    case BayTone::Warning: return colors::Warning;
    case BayTone::Alarm: return colors::Danger;
  }
  return colors::Secondary;
}

const char* actionLabel(BayAction action) {
  switch (action) {
    case BayAction::ConfirmWatching: return tr("Confirm watching");
    case BayAction::Start: return tr("Start");
    case BayAction::Remove: return tr("Remove");
    case BayAction::Stop: return tr("Stop");
    case BayAction::Extend: return tr("Extend");
    case BayAction::Acknowledge: return tr("Acknowledge");
  }
  return "";
}

const char* actionId(BayAction action) {
  switch (action) {
    case BayAction::ConfirmWatching: return "confirm";
    case BayAction::Start: return "start";
    case BayAction::Remove: return "remove";
    case BayAction::Stop: return "stop";
    case BayAction::Extend: return "extend";
    case BayAction::Acknowledge: return "ack";
  }
  return "";
}

IntentKind actionIntent(BayAction action) {
  switch (action) {
    case BayAction::ConfirmWatching: return IntentKind::StaffConfirmWatching;
    case BayAction::Start: return IntentKind::StaffStart;
    case BayAction::Remove: return IntentKind::StaffRemove;
    case BayAction::Stop: return IntentKind::StaffStop;
    case BayAction::Extend: return IntentKind::StaffExtend;
    case BayAction::Acknowledge: return IntentKind::StaffAcknowledge;
  }
  return IntentKind::None;
}

// The word on the runner's line that names the state, so colour is not the only sign. A
// running session's countdown and an alarm's cause show it already.
const char* stateWord(const Session& session, BayTone tone) {
  const SessionData& data = session.data();
  if (data.state == SessionState::Called) {
    bool watched = session.limits().attended && !data.watchingStaffId.empty();
    return watched ? tr("Watched") : tr("Called");
  }
  return tone == BayTone::Warning ? tr("Ending") : "";
}

struct TileRect {
  ImVec2 min;
  ImVec2 size;
};

// The coloured band across the tile's top: station type name and bay number.
float drawBand(const ScreenContext& context, const BaySlot& slot, const TileRect& tile, ImU32 color) {
  const Metrics& m = context.metrics;
  ImFont* font = context.fonts.small;
  float height = font->FontSize;
  float pad = m.px(6);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(tile.min, ImVec2(tile.min.x + tile.size.x, tile.min.y + height), color, m.px(8),
                      ImDrawFlags_RoundCornersTop);
  ImU32 text = slot.session ? colors::OnColor : colors::Ink;
  std::string number = std::to_string(slot.bay + 1);
  float numberWidth = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, number.c_str()).x;
  float numberX = tile.min.x + tile.size.x - pad - numberWidth;
  rowText(font, stationName(*slot.station), tile.min.x + pad, tile.min.y, height,
          numberX - tile.min.x - 2 * pad, text);
  rowText(font, number, numberX, tile.min.y, height, numberWidth + 1, text);
  return height;
}

// The large line: the time left, the call's time left, or the alarm's cause.
void drawBigLine(const ScreenContext& context, const Session& session, BayTone tone, ImVec2 min, float width,
                 float height) {
  const Metrics& m = context.metrics;
  const SessionData& data = session.data();
  if (tone == BayTone::Alarm) {
    const char* cause = data.state == SessionState::Interrupted ? tr("Interrupted") : tr("Hard stop");
    rowText(context.fonts.body, cause, min.x, min.y, height, width, colors::Danger);
    return;
  }
  if (data.state == SessionState::Called) {
    // The call's countdown is not a session length, so it is smaller and named.
    std::string callEnds = formatText(tr("Call ends in {}"), formatCountdown(session.callRemainingMs(context.nowMs)));
    ImFont* font = context.fonts.body;
    if (font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, callEnds.c_str()).x > width) font = context.fonts.small;
    rowText(font, callEnds, min.x, min.y, height, width, toneColor(tone));
    return;
  }
  std::string countdown = formatCountdown(session.remainingMs(context.nowMs));
  ImFont* font = context.fonts.title;
  // A digit's ink fills about the middle 60 % of the line box, so the box may overlap the
  // lines around it by a few pixels to centre the digits in the row.
  float textTop = min.y + height / 2 - font->FontSize / 2;
  drawText(font, countdown, ImVec2(min.x, textTop), width, toneColor(tone));
  bool atMaximum = data.state == SessionState::Running && data.plannedMs >= session.limits().maxMs;
  if (atMaximum) {
    float countdownWidth = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, countdown.c_str()).x;
    rowText(context.fonts.small, tr("at max"), min.x + countdownWidth + m.px(8), min.y, height,
            width - countdownWidth - m.px(8), colors::MutedInk);
  }
}

// Shares the row's width so that each label fits on one line where the row allows it. Every
// button gets its label's width and padding, then an equal part of what is left.
std::vector<float> buttonWidths(const ScreenContext& context, const std::vector<BayAction>& actions, float width) {
  const Metrics& m = context.metrics;
  ImFont* font = context.fonts.small;
  float count = static_cast<float>(actions.size());
  float space = width - m.px(StaffGap) * (count - 1);
  std::vector<float> widths;
  float needed = 0;
  for (BayAction action : actions) {
    widths.push_back(font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, actionLabel(action)).x + m.px(20));
    needed += widths.back();
  }
  float extra = (space - needed) / count;
  for (float& buttonWidth : widths) buttonWidth = extra >= 0 ? buttonWidth + extra : space / count;
  return widths;
}

Intent drawButtonRow(const ScreenContext& context, const BaySlot& slot, const std::vector<BayAction>& actions,
                     ImVec2 min, float width, float height) {
  Intent intent;
  if (actions.empty()) return intent;
  std::vector<float> widths = buttonWidths(context, actions, width);
  float gap = context.metrics.px(StaffGap);
  std::string prefix = "staff.bay." + slot.station->id + "." + std::to_string(slot.bay + 1) + ".";
  float x = min.x;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    BayAction action = actions[i];
    ButtonStyle style = ButtonStyle::Secondary;
    if (action == BayAction::ConfirmWatching || action == BayAction::Start) style = ButtonStyle::Primary;
    if (action == BayAction::Acknowledge) style = ButtonStyle::Danger;
    std::string id = prefix + actionId(action);
    if (touchButton(id.c_str(), actionLabel(action), ImVec2(x, min.y), ImVec2(widths[i], height),
                    context.fonts.small, style)) {
      intent = staffIntent(actionIntent(action), slot.session->data().id);
    }
    x += widths[i] + gap;
  }
  return intent;
}

Intent drawTile(const ScreenContext& context, const BaySlot& slot, const TileRect& tile) {
  const Metrics& m = context.metrics;
  BayTone tone = bayTone(slot.session, context.nowMs);
  ImU32 color = toneColor(tone);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 max(tile.min.x + tile.size.x, tile.min.y + tile.size.y);
  draw->AddRectFilled(tile.min, max, tone == BayTone::Alarm ? AlarmTint : colors::Panel, m.px(8));
  draw->AddRect(tile.min, max, color, m.px(8), 0, m.px(2));
  float y = tile.min.y + drawBand(context, slot, tile, color);

  float pad = m.px(6);
  float left = tile.min.x + pad;
  float width = tile.size.x - 2 * pad;
  ImFont* small = context.fonts.small;
  float lineHeight = small->FontSize;
  if (!slot.session) {
    rowText(small, tr("Free"), left, y, lineHeight, width, colors::MutedInk);
    return {};
  }

  // The runner's label gives way to the state word on their shared line.
  const Session& session = *slot.session;
  const char* word = stateWord(session, tone);
  float wordWidth = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, word).x;
  float labelWidth = width - wordWidth - pad;
  rowText(small, runnerLabel(context, session.data().bib, small, labelWidth), left, y, lineHeight, labelWidth,
          colors::Ink);
  rowText(small, word, left + width - wordWidth, y, lineHeight, wordWidth + 1, colors::MutedInk);
  y += lineHeight + m.px(2);

  // Two rows at the bottom: the large line (or the confirm button), then the buttons.
  float touch = staffTouch(m);
  float buttonsY = max.y - m.px(2) - touch;
  float bigHeight = buttonsY - m.px(2) - y;
  std::vector<BayAction> actions = bayActions(slot.session);
  if (!actions.empty() && actions.front() == BayAction::ConfirmWatching) {
    Intent confirm = drawButtonRow(context, slot, {actions.front()}, ImVec2(left, y), width, bigHeight);
    Intent rest = drawButtonRow(context, slot, {actions.begin() + 1, actions.end()}, ImVec2(left, buttonsY), width,
                                touch);
    return confirm.kind != IntentKind::None ? confirm : rest;
  }
  drawBigLine(context, session, tone, ImVec2(left, y), width, bigHeight);
  return drawButtonRow(context, slot, actions, ImVec2(left, buttonsY), width, touch);
}

}  // namespace

Intent drawStaffBays(const ScreenContext& context, const StaffArea& area, StaffPages& pages) {
  const Metrics& m = context.metrics;
  if (!context.board) {
    centeredText(context.fonts.body, tr("This unit offers no recovery sessions."), area.left + area.width / 2,
                 area.top + m.px(24), area.width, colors::MutedInk);
    return {};
  }
  std::vector<BaySlot> slots = allBays(*context.board);
  BayGrid grid = bayGridFor(m, area);
  int perPage = grid.perPage();
  pages.idPrefix = "staff.bays";
  pages.count = pageCount(static_cast<int>(slots.size()), perPage);
  pages.page = clampPage(context.view.staffPage, pages.count);

  float gap = m.px(StaffGap);
  float columns = static_cast<float>(grid.columns);
  float rows = static_cast<float>(grid.rows);
  ImVec2 size((area.width - gap * (columns - 1)) / columns, (area.height - gap * (rows - 1)) / rows);
  Intent intent;
  std::size_t first = static_cast<std::size_t>(pages.page * perPage);
  for (std::size_t i = first; i < slots.size() && i < first + static_cast<std::size_t>(perPage); ++i) {
    int place = static_cast<int>(i - first);
    ImVec2 at(area.left + static_cast<float>(place % grid.columns) * (size.x + gap),
              area.top + static_cast<float>(place / grid.columns) * (size.y + gap));
    Intent tapped = drawTile(context, slots[i], {at, size});
    if (tapped.kind != IntentKind::None) intent = tapped;
  }
  return intent;
}

}  // namespace chillnode::ui
