// The staff screen's today tab: intake alerts with their override, the day's figures per
// station type, and the device's health.

#include <cstdio>
#include <string>

#include "ui/staff_tabs.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

namespace {

// "2:05" for a duration rounded to the nearest second, "–" for none.
std::string formatMedian(const std::optional<std::int64_t>& ms) {
  if (!ms) return "\u2013";
  return formatCountdown(std::max<std::int64_t>(0, *ms + 500) / 1000 * 1000);
}

const TypeFigures* figuresFor(const StaffData* staff, const std::string& stationId) {
  if (!staff) return nullptr;
  for (const TypeFigures& figures : staff->figures) {
    if (figures.type == stationId) return &figures;
  }
  return nullptr;
}

// Returns the y below the alerts.
float drawAlerts(const ScreenContext& context, const StaffArea& area, float maxHeight, Intent& intent) {
  const Metrics& m = context.metrics;
  float touch = staffTouch(m);
  float headingHeight = m.px(34);
  std::size_t count = context.staff ? context.staff->blockedAlerts.size() : 0;
  std::size_t fits = static_cast<std::size_t>(std::max(0.0f, (maxHeight - headingHeight) / (touch + m.px(StaffGap))));
  std::string heading = count == 0 ? tr("No intake alerts") : formatText(tr("Intake alerts: {}"), std::to_string(count));
  if (count > fits) heading += " \u00b7 " + formatText(tr("{} more after these"), std::to_string(count - fits));
  rowText(context.fonts.body, heading, area.left, area.top, headingHeight, area.width,
          count == 0 ? colors::MutedInk : colors::Danger);
  float y = area.top + headingHeight;

  float buttonWidth = m.px(150);
  for (std::size_t i = 0; i < count && i < fits; ++i) {
    const IntakeAlert& alert = context.staff->blockedAlerts[i];
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(ImVec2(area.left, y), ImVec2(area.left + area.width, y + touch), colors::Panel, m.px(8));
    std::string station = context.board ? stationName(*context.board, alert.stationId) : alert.stationId;
    float textWidth = area.width - buttonWidth - m.px(24);
    std::string text = runnerLabel(alert.firstName, alert.bib, context.fonts.small, textWidth / 2) + " \u00b7 " +
                       formatText(tr("answered yes for {}"), station);
    rowText(context.fonts.small, text, area.left + m.px(8), y, touch, textWidth, colors::Ink);
    std::string id = "staff.alert." + std::to_string(i + 1) + ".override";
    if (touchButton(id.c_str(), tr("Override"), ImVec2(area.left + area.width - buttonWidth, y),
                    ImVec2(buttonWidth, touch), context.fonts.body, ButtonStyle::Danger)) {
      intent = staffIntent(IntentKind::StaffOverride, alert.bib);
      intent.station = alert.stationId;
    }
    y += touch + m.px(StaffGap);
  }
  return y;
}

// Draws one table row of figures, or of the column headings when heading is set.
void drawFiguresRow(const ScreenContext& context, const std::vector<std::string>& cells, float top, float height,
                    const StaffArea& area, bool heading) {
  const Metrics& m = context.metrics;
  float nameWidth = area.width * 0.3f;
  float columnWidth = (area.width - nameWidth) / static_cast<float>(cells.size() - 1);
  ImFont* font = context.fonts.small;
  ImU32 color = heading ? colors::MutedInk : colors::Ink;
  rowText(font, cells[0], area.left, top, height, nameWidth - m.px(8), color);
  for (std::size_t i = 1; i < cells.size(); ++i) {
    float centerX = area.left + nameWidth + columnWidth * (static_cast<float>(i) - 0.5f);
    float maxWidth = columnWidth - m.px(8);
    if (heading) {
      // Headings may wrap to two lines.
      float textTop = top + (height - textHeight(font, cells[i].c_str(), maxWidth)) / 2;
      centeredText(font, cells[i].c_str(), centerX, textTop, maxWidth, color);
      continue;
    }
    float width = std::min(maxWidth, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, cells[i].c_str()).x);
    rowText(font, cells[i], centerX - width / 2, top, height, maxWidth, color);
  }
}

float figuresRowHeight(const Metrics& metrics) {
  return metrics.px(28);
}

float figuresHeadingHeight(const ScreenContext& context) {
  return context.fonts.small->FontSize * 2.3f + context.metrics.px(4);
}

// Draws the figures table from top down to at most bottom. Types that do not fit are named
// by count on the last row.
void drawFigures(const ScreenContext& context, const StaffArea& area, float top, float bottom) {
  const Metrics& m = context.metrics;
  float rowHeight = figuresRowHeight(m);
  float headingHeight = figuresHeadingHeight(context);
  drawFiguresRow(context,
                 {tr("Station type"), tr("Started"), tr("Runners per hour"), tr("Median wait"),
                  tr("Median length"), tr("Stopped early")},
                 top, headingHeight, area, true);
  float y = top + headingHeight;
  if (!context.board) return;
  const std::vector<StationType>& stations = context.board->stations();
  std::size_t fits = static_cast<std::size_t>(std::max(0.0f, (bottom - y) / rowHeight));
  for (std::size_t i = 0; i < stations.size(); ++i) {
    const StationType& station = stations[i];
    if (i + 1 == fits && fits < stations.size()) {
      std::string more = formatText(tr("{} more station types do not fit"), std::to_string(stations.size() - i));
      rowText(context.fonts.small, more, area.left, y, rowHeight, area.width, colors::MutedInk);
      return;
    }
    if (i >= fits) return;
    const TypeFigures* figures = figuresFor(context.staff, station.id);
    TypeFigures none;
    const TypeFigures& shown = figures ? *figures : none;
    char rate[16];
    std::snprintf(rate, sizeof rate, "%.1f", shown.runnersPerHour);
    ImGui::GetWindowDrawList()->AddLine(ImVec2(area.left, y), ImVec2(area.left + area.width, y),
                                        colors::Secondary, m.px(1));
    drawFiguresRow(context,
                   {stationName(station), std::to_string(shown.started), rate, formatMedian(shown.medianWaitMs),
                    formatMedian(shown.medianSessionMs), std::to_string(shown.stoppedEarly)},
                   y, rowHeight, area, false);
    y += rowHeight;
  }
}

// One line on sending records to HQ: how many wait, when the last went, and the last error.
void drawSync(const ScreenContext& context, const StaffArea& area, float top) {
  const Metrics& m = context.metrics;
  if (!context.staff) return;
  const StaffData::SyncLine& sync = context.staff->sync;
  std::string text = tr("HQ sync: not set up on this unit");
  ImU32 color = colors::MutedInk;
  if (sync.configured) {
    text = formatText(tr("HQ sync: {} records waiting"), std::to_string(sync.pending));
    if (sync.secondsSinceSuccess) {
      text += " \u00b7 " + formatText(tr("last sent {} min ago"), std::to_string(*sync.secondsSinceSuccess / 60));
    }
    if (sync.quarantined > 0) {
      text += " \u00b7 " + formatText(tr("{} set aside"), std::to_string(sync.quarantined));
    }
    color = colors::Ink;
    if (!sync.lastError.empty()) {
      text += " \u00b7 " + sync.lastError;
      color = colors::Warning;
    }
    if (sync.quarantined > 0) color = colors::Danger;
  }
  rowText(context.fonts.small, text, area.left, top, figuresRowHeight(m), area.width, color);
}

// One line per offer: what this unit issued (a booth) or redeemed (a sponsor unit).
void drawVouchers(const ScreenContext& context, const StaffArea& area, float top) {
  const Metrics& m = context.metrics;
  if (!context.staff) return;
  float rowHeight = figuresRowHeight(m);
  float y = top;
  for (const StaffData::OfferLine& line : context.staff->vouchers) {
    std::string text = line.title + ": " + formatText(tr("{} issued"), std::to_string(line.issued)) + " \u00b7 " +
                       formatText(tr("{} redeemed"), std::to_string(line.redeemed));
    if (line.issued > 0) text += " (" + std::to_string(100 * line.redeemed / line.issued) + " %)";
    if (line.medianSecondsToRedeem) {
      text += " \u00b7 " + formatText(tr("median {} min to redeem"),
                                       std::to_string((*line.medianSecondsToRedeem + 30) / 60));
    }
    ImGui::GetWindowDrawList()->AddLine(ImVec2(area.left, y), ImVec2(area.left + area.width, y), colors::Secondary,
                                        m.px(1));
    rowText(context.fonts.small, text, area.left, y, rowHeight, area.width, colors::Ink);
    y += rowHeight;
  }
}

void drawHealth(const ScreenContext& context, const StaffArea& area, float top, float height) {
  const Metrics& m = context.metrics;
  const StaffData* staff = context.staff;
  std::string fps = "\u2013";
  if (staff && staff->cameraFps) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f fps", *staff->cameraFps);
    fps = text;
  }
  bool synced = staff && staff->clockSynced;
  struct Cell {
    const char* label;
    std::string value;
    ImU32 color;
  };
  const Cell cells[] = {
      {tr("Camera"), fps, colors::Ink},
      {tr("Free disk"), formatBytes(staff ? staff->freeDiskBytes : std::nullopt), colors::Ink},
      {tr("Database"), formatBytes(staff ? staff->databaseBytes : std::nullopt), colors::Ink},
      {tr("Clock"), synced ? tr("Synced") : tr("Not synced"), synced ? colors::Success : colors::Warning},
  };
  float gap = m.px(StaffGap);
  float width = (area.width - 3 * gap) / 4;
  for (std::size_t i = 0; i < 4; ++i) {
    ImVec2 at(area.left + static_cast<float>(i) * (width + gap), top);
    ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + width, at.y + height), colors::Panel, m.px(8));
    float pad = m.px(8);
    rowText(context.fonts.small, cells[i].label, at.x + pad, at.y, height / 2, width - 2 * pad, colors::MutedInk);
    ImFont* font = context.fonts.body;
    if (font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, cells[i].value.c_str()).x > width - 2 * pad) {
      font = context.fonts.small;
    }
    rowText(font, cells[i].value, at.x + pad, at.y + height / 2 - m.px(4), height / 2, width - 2 * pad,
            cells[i].color);
  }
}

}  // namespace

// A button per mounted USB drive (at most two), above the health row.
float drawExportButtons(const ScreenContext& context, const StaffArea& area, float bottom, Intent& intent) {
  const Metrics& m = context.metrics;
  if (!context.staff || context.staff->drives.empty()) return bottom;
  float touch = staffTouch(m);
  float top = bottom - touch;
  std::size_t count = std::min<std::size_t>(2, context.staff->drives.size());
  float gap = m.px(StaffGap);
  float width = (area.width - gap * static_cast<float>(count - 1)) / static_cast<float>(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string& drive = context.staff->drives[i];
    std::string name = drive.substr(drive.find_last_of('/') + 1);
    std::string label = formatText(tr("Export records to {}"), name);
    std::string id = "staff.export." + std::to_string(i + 1);
    if (touchButton(id.c_str(), label.c_str(), ImVec2(area.left + static_cast<float>(i) * (width + gap), top),
                    ImVec2(width, touch), context.fonts.small)) {
      intent = staffIntent(IntentKind::StaffExport, drive);
    }
  }
  return top - gap;
}

Intent drawStaffToday(const ScreenContext& context, const StaffArea& area) {
  const Metrics& m = context.metrics;
  // Health at the bottom, figures above it, and the alerts, which need action, on top. The
  // alerts keep room for one row however many station types there are.
  float healthHeight = m.px(60);
  if (context.staff && !context.staff->drives.empty()) healthHeight += staffTouch(m) + m.px(StaffGap);
  float space = area.height - healthHeight - 2 * m.px(8);
  std::size_t types = context.board ? context.board->stations().size() : 0;
  std::size_t offers = context.staff ? context.staff->vouchers.size() : 0;
  float vouchersHeight = figuresRowHeight(m) * static_cast<float>(offers + 1);
  float figuresHeight = figuresHeadingHeight(context) + figuresRowHeight(m) * static_cast<float>(types) + vouchersHeight;
  float oneAlert = m.px(34) + staffTouch(m) + m.px(StaffGap);
  float alertsHeight = std::max(oneAlert, space - figuresHeight);
  Intent intent;
  float y = drawAlerts(context, area, alertsHeight, intent);
  drawFigures(context, area, y + m.px(8), area.top + space + m.px(8) - vouchersHeight);
  drawVouchers(context, area, area.top + space + m.px(8) - vouchersHeight);
  drawSync(context, area, area.top + space + m.px(8) - figuresRowHeight(m));
  Intent exportIntent;
  drawExportButtons(context, area, area.top + area.height - m.px(60) - m.px(StaffGap), exportIntent);
  if (exportIntent.kind != IntentKind::None) intent = exportIntent;
  drawHealth(context, area, area.top + area.height - m.px(60), m.px(60));
  return intent;
}

}  // namespace chillnode::ui
