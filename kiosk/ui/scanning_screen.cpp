#include <algorithm>
#include <string>

#include "ui/screens.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

namespace {

// Corner brackets in the middle of the preview showing where to hold the code.
void drawGuideFrame(ImVec2 min, ImVec2 max, float thickness) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  float side = std::min(max.x - min.x, max.y - min.y) * 0.62f;
  ImVec2 center((min.x + max.x) / 2, (min.y + max.y) / 2);
  ImVec2 a(center.x - side / 2, center.y - side / 2);
  ImVec2 b(center.x + side / 2, center.y + side / 2);
  float arm = side * 0.22f;
  ImU32 color = colors::OnColor;
  draw->AddLine(a, ImVec2(a.x + arm, a.y), color, thickness);
  draw->AddLine(a, ImVec2(a.x, a.y + arm), color, thickness);
  draw->AddLine(ImVec2(b.x, a.y), ImVec2(b.x - arm, a.y), color, thickness);
  draw->AddLine(ImVec2(b.x, a.y), ImVec2(b.x, a.y + arm), color, thickness);
  draw->AddLine(ImVec2(a.x, b.y), ImVec2(a.x + arm, b.y), color, thickness);
  draw->AddLine(ImVec2(a.x, b.y), ImVec2(a.x, b.y - arm), color, thickness);
  draw->AddLine(b, ImVec2(b.x - arm, b.y), color, thickness);
  draw->AddLine(b, ImVec2(b.x, b.y - arm), color, thickness);
}

}  // namespace

void drawCameraPreview(const ScreenContext& context, ImVec2 min, ImVec2 max, const char* noCameraMessage) {
  const Metrics& m = context.metrics;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, colors::Ink, m.px(12));
  if (context.camera.connected && context.camera.texture) {
    // Fit the frame inside the box, keeping its aspect ratio.
    float boxW = max.x - min.x;
    float boxH = max.y - min.y;
    float w = std::min(boxW, boxH * context.camera.aspect);
    float h = w / context.camera.aspect;
    ImVec2 a(min.x + (boxW - w) / 2, min.y + (boxH - h) / 2);
    // Mirrored horizontally, so runners see themselves as in a mirror.
    draw->AddImage(context.camera.texture, a, ImVec2(a.x + w, a.y + h), ImVec2(1, 0), ImVec2(0, 1));
    drawGuideFrame(a, ImVec2(a.x + w, a.y + h), m.px(6));
    return;
  }
  const char* message = context.camera.connected ? tr("Starting the camera...") : noCameraMessage;
  float width = max.x - min.x - 2 * m.margin();
  float height = textHeight(context.fonts.body, message, width);
  centeredText(context.fonts.body, message, (min.x + max.x) / 2, (min.y + max.y - height) / 2, width,
               colors::OnColor);
}

Intent drawScanning(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  float top = drawTopBar(context) + m.margin();
  bool portrait = m.height > m.width;
  Intent intent;

  // Landscape: preview on the left, instructions and buttons on the right. Portrait: stacked.
  float panelWidth = portrait ? m.width - 2 * m.margin() : m.px(300);
  float buttonsHeight = 2 * m.touch() + m.px(12);
  ImVec2 previewMin(m.margin(), top);
  ImVec2 previewMax = portrait ? ImVec2(m.width - m.margin(), m.height * 0.55f)
                               : ImVec2(m.width - 2 * m.margin() - panelWidth, m.height - m.margin());
  drawCameraPreview(context, previewMin, previewMax, tr("The camera is not available. Please type your bib number."));

  float panelX = portrait ? m.margin() : previewMax.x + m.margin();
  float panelY = portrait ? previewMax.y + m.margin() : top;
  float centerX = panelX + panelWidth / 2;
  float y = panelY;
  bool camera = context.camera.connected;
  y += centeredText(context.fonts.title, camera ? tr("Show your bib") : tr("No camera"), centerX, y, panelWidth,
                    colors::Ink);
  y += m.px(8);
  setSpokenMessage(std::string(camera ? tr("Show your bib") : tr("No camera")) + ". " +
                   (camera ? tr("Hold the QR code inside the frame.") : tr("Type your bib number instead.")));
  centeredText(context.fonts.body, camera ? tr("Hold the QR code inside the frame.") : tr("Type your bib number instead."),
               centerX, y, panelWidth, colors::MutedInk);

  float buttonsY = m.height - m.margin() - buttonsHeight;
  if (touchButton("scanning.keypad", tr("Type bib number"), ImVec2(panelX, buttonsY),
                  ImVec2(panelWidth, m.touch()), context.fonts.body, ButtonStyle::Secondary)) {
    intent.kind = IntentKind::OpenKeypad;
  }
  if (touchButton("scanning.back", tr("Back"), ImVec2(panelX, buttonsY + m.touch() + m.px(12)),
                  ImVec2(panelWidth, m.touch()), context.fonts.body, ButtonStyle::Secondary)) {
    intent.kind = IntentKind::Back;
  }
  return intent;
}

}  // namespace chillnode::ui
