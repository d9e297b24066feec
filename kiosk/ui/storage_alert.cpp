// The storage alert: a red strip on the attract screen and a red banner on the staff screen
// while the unit cannot store records, and the runner's screen for a record not stored.

#include <algorithm>
#include <cstdio>
#include <string>

#include "ui/screens.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

namespace {

const char* headline(StorageAlert::Problem problem) {
  switch (problem) {
    case StorageAlert::Problem::Full: return tr("Storage full: new records cannot be saved");
    case StorageAlert::Problem::ReadOnly: return tr("Storage is read-only: new records cannot be saved");
    case StorageAlert::Problem::IoError: return tr("Storage is failing: new records cannot be saved");
  }
  return tr("Storage is failing: new records cannot be saved");
}

const char* advice(StorageAlert::Problem problem) {
  if (problem == StorageAlert::Problem::Full) {
    return tr("Free space on the unit's data partition, or call the organizers.");
  }
  return tr("Call the organizers: the unit's SD card may need replacing.");
}

}  // namespace

std::string formatBytes(std::optional<std::uint64_t> bytes) {
  if (!bytes) return "\u2013";
  double value = static_cast<double>(*bytes);
  const char* unit = "KB";
  value /= 1e3;
  if (value >= 1e3) {
    value /= 1e3;
    unit = "MB";
  }
  if (value >= 1e3) {
    value /= 1e3;
    unit = "GB";
  }
  char text[32];
  std::snprintf(text, sizeof text, value < 10 ? "%.1f %s" : "%.0f %s", value, unit);
  return text;
}

float drawStorageStrip(const ScreenContext& context, float top) {
  if (!context.storage || !context.storage->raised) return 0;
  const Metrics& m = context.metrics;
  ImFont* font = context.fonts.small;
  float height = font->FontSize + m.px(12);
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, top), ImVec2(m.width, top + height), colors::Danger);
  std::string text = std::string(tr("Staff:")) + " " + headline(context.storage->problem);
  float maxWidth = m.width - 2 * m.margin();
  std::string shown = fitText(font, text, maxWidth);
  float width = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, shown.c_str()).x;
  drawText(font, shown, ImVec2((m.width - width) / 2, top + m.px(6)), maxWidth, colors::OnColor);
  return height;
}

float drawStaffStorageBanner(const ScreenContext& context, float left, float top, float width) {
  if (!context.storage || !context.storage->raised) return 0;
  const Metrics& m = context.metrics;
  const StorageAlert& alert = *context.storage;
  ImFont* title = context.fonts.body;
  ImFont* small = context.fonts.small;
  float pad = m.px(8);
  float textWidth = width - 2 * pad;
  std::string detail = formatText(tr("Free space: {}."), formatBytes(alert.freeDiskBytes));
  if (alert.pendingSessionChanges > 0) {
    detail += " " + formatText(tr("Session changes waiting in memory, retried until stored: {}."),
                               std::to_string(alert.pendingSessionChanges));
  }
  detail += " ";
  detail += advice(alert.problem);
  float height = pad + title->FontSize * 1.15f + textHeight(small, detail.c_str(), textWidth) + pad;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(ImVec2(left, top), ImVec2(left + width, top + height), colors::Danger, m.px(8));
  drawText(title, headline(alert.problem), ImVec2(left + pad, top + pad), textWidth, colors::OnColor);
  centeredText(small, detail.c_str(), left + width / 2, top + pad + title->FontSize * 1.15f, textWidth,
               colors::OnColor);
  return height;
}

Intent drawNotSaved(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  float top = drawTopBar(context);
  top += drawStatusBand(context, top, colors::Warning);
  float contentWidth = m.width - 2 * m.margin();
  float centerX = m.width / 2;

  const char* title = tr("We cannot save your check-in right now.");
  if (context.view.notSaved == UnsavedRecord::QueuePlace) title = tr("We cannot save your place in the queue right now.");
  if (context.view.notSaved == UnsavedRecord::IntakeAnswers) title = tr("We cannot save your answers right now.");
  const char* detail = tr("Please ask a staff member.");

  float buttonY = m.height - m.margin() - m.touch();
  float blockHeight = textHeight(context.fonts.title, title, contentWidth) + m.px(16) +
                      textHeight(context.fonts.title, detail, contentWidth);
  float spaceTop = top + m.px(24);
  float y = std::max(spaceTop, spaceTop + (buttonY - m.px(24) - spaceTop - blockHeight) / 2);
  y += centeredText(context.fonts.title, title, centerX, y, contentWidth, colors::Ink);
  y += m.px(16);
  centeredText(context.fonts.title, detail, centerX, y, contentWidth, colors::Warning);
  setSpokenMessage(std::string(title) + " " + detail);

  Intent intent;
  float buttonWidth = std::min(contentWidth, m.px(360));
  if (touchButton("not_saved.done", tr("Done"), ImVec2(centerX - buttonWidth / 2, buttonY),
                  ImVec2(buttonWidth, m.touch()), context.fonts.title)) {
    intent.kind = IntentKind::Done;
  }
  return intent;
}

}  // namespace chillnode::ui
