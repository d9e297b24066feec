#include "ui/staff_layout.hpp"

#include <algorithm>
#include <cmath>

namespace chillnode::ui {

namespace {

// Fits as many items of size plus gap into length as possible. The small slack keeps a
// length that is an exact multiple from losing an item to rounding.
int fitCount(float length, float size, float gap) {
  return std::max(1, static_cast<int>(std::floor((length + gap) / (size + gap) + 0.001f)));
}

}  // namespace

float staffTouch(const Metrics& metrics) {
  return std::max(44.0f, metrics.px(44));
}

float staffTabBarHeight(const Metrics& metrics) {
  return staffTouch(metrics) + 2 * metrics.px(StaffMargin);
}

StaffArea staffContentArea(const Metrics& metrics) {
  float margin = metrics.px(StaffMargin);
  StaffArea area;
  area.left = margin;
  area.top = staffTabBarHeight(metrics) + margin / 2;
  area.width = metrics.width - 2 * margin;
  area.height = metrics.height - area.top - margin / 2;
  return area;
}

BayGrid bayGridFor(const Metrics& metrics, const StaffArea& area) {
  // The tile's height follows its touch targets where 44 px is more than px(44).
  float minHeight = metrics.px(BayTileMinHeight) + 2 * (staffTouch(metrics) - metrics.px(44));
  BayGrid grid;
  grid.columns = fitCount(area.width, metrics.px(BayTileMinWidth), metrics.px(StaffGap));
  grid.rows = fitCount(area.height, minHeight, metrics.px(StaffGap));
  return grid;
}

int pageCount(int items, int perPage) {
  if (items <= 0 || perPage <= 0) return 1;
  return (items + perPage - 1) / perPage;
}

int clampPage(int page, int pages) {
  return std::clamp(page, 0, std::max(0, pages - 1));
}

BayTone bayTone(const Session* session, std::int64_t nowMs) {
  if (!session) return BayTone::Free;
  const SessionData& data = session->data();
  if (data.alarmPending) return BayTone::Alarm;
  if (data.state == SessionState::Called) return BayTone::Called;
  if (data.state != SessionState::Running) return BayTone::Free;
  bool ending = session->remainingMs(nowMs) <= session->limits().warningBeforeMs;
  return ending ? BayTone::Warning : BayTone::Running;
}

std::vector<BayAction> bayActions(const Session* session) {
  if (!session) return {};
  const SessionData& data = session->data();
  if (data.alarmPending) return {BayAction::Acknowledge};
  if (data.state == SessionState::Called) {
    bool watchNeeded = session->limits().attended && data.watchingStaffId.empty();
    return {watchNeeded ? BayAction::ConfirmWatching : BayAction::Start, BayAction::Remove};
  }
  if (data.state == SessionState::Running) {
    if (data.plannedMs < session->limits().maxMs) return {BayAction::Stop, BayAction::Extend};
    return {BayAction::Stop};
  }
  return {};
}

}  // namespace chillnode::ui
