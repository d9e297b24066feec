#include <string>

#include "ui/screens.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

float drawTopBar(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  float height = m.px(56);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(ImVec2(0, 0), ImVec2(m.width, height), colors::Brand);
  ImFont* font = context.fonts.body;
  float textY = (height - font->FontSize) / 2;
  draw->AddText(font, font->FontSize, ImVec2(m.margin(), textY), colors::OnColor, "Chill Node");
  const char* zone = context.view.screen == Screen::Redeem ? tr("Voucher check") : tr("Recovery zone");
  float zoneWidth = context.fonts.small->CalcTextSizeA(context.fonts.small->FontSize, FLT_MAX, 0, zone).x;
  float zoneY = (height - context.fonts.small->FontSize) / 2;
  draw->AddText(context.fonts.small, context.fonts.small->FontSize,
                ImVec2(m.width - m.margin() - zoneWidth, zoneY), colors::OnColor, zone);
  return height;
}

float drawStatusBand(const ScreenContext& context, float top, ImU32 color) {
  const Metrics& m = context.metrics;
  float height = m.px(12);
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(0, top), ImVec2(m.width, top + height), color);
  return height;
}

void drawIdleWarning(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  float panelHeight = m.px(150);
  ImVec2 min(0, m.height - panelHeight);
  draw->AddRectFilled(min, ImVec2(m.width, m.height), colors::Warning);
  std::string title = tr("Still there?");
  std::string detail = formatText(tr("Touch the screen to stay. Going back to the start in {} s"),
                                  std::to_string(context.view.idleSecondsLeft));
  ImFont* big = context.fonts.title;
  ImFont* body = context.fonts.body;
  float titleWidth = big->CalcTextSizeA(big->FontSize, FLT_MAX, 0, title.c_str()).x;
  draw->AddText(big, big->FontSize, ImVec2((m.width - titleWidth) / 2, min.y + m.px(16)), colors::OnColor,
                title.c_str());
  float detailWidth = body->CalcTextSizeA(body->FontSize, FLT_MAX, m.width - 2 * m.margin(), detail.c_str()).x;
  draw->AddText(body, body->FontSize, ImVec2((m.width - detailWidth) / 2, min.y + m.px(16) + big->FontSize * 1.2f),
                colors::OnColor, detail.c_str(), nullptr, m.width - 2 * m.margin());
}

namespace {
SpokenMessage g_spokenMessage;
}  // namespace

void setSpokenMessage(std::string text) {
  g_spokenMessage.stableText = text;
  g_spokenMessage.text = std::move(text);
}

void setSpokenMessage(std::string text, std::string stableText) {
  g_spokenMessage.text = std::move(text);
  g_spokenMessage.stableText = std::move(stableText);
}

const SpokenMessage& spokenMessage() {
  return g_spokenMessage;
}

Intent drawScreen(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(m.width, m.height));
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                           ImGuiWindowFlags_NoScrollWithMouse;
  ImGui::Begin("screen", nullptr, flags);
  clearDrawnWidgets();
  g_spokenMessage = {};
  Intent intent;
  switch (context.view.screen) {
    case Screen::Attract: intent = drawAttract(context); break;
    case Screen::Scanning: intent = drawScanning(context); break;
    case Screen::Welcome: intent = drawWelcome(context); break;
    case Screen::Unknown: intent = drawUnknown(context); break;
    case Screen::Keypad: intent = drawKeypad(context); break;
    case Screen::ChooseSession: intent = drawChooseSession(context); break;
    case Screen::Intake: intent = drawIntake(context); break;
    case Screen::IntakeBlocked: intent = drawIntakeBlocked(context); break;
    case Screen::Queued: intent = drawQueued(context); break;
    case Screen::Called: intent = drawCalled(context); break;
    case Screen::Running: intent = drawRunning(context); break;
    case Screen::SessionOver: intent = drawSessionOver(context); break;
    case Screen::StaffPin: intent = drawStaffPin(context); break;
    case Screen::Staff: intent = drawStaff(context); break;
    case Screen::Voucher: intent = drawVoucher(context); break;
    case Screen::FollowUp: intent = drawFollowUp(context); break;
    case Screen::Redeem: intent = drawRedeem(context); break;
    case Screen::NotSaved: intent = drawNotSaved(context); break;
  }
  if (context.view.idleWarning) drawIdleWarning(context);
  ImGui::End();
  return intent;
}

}  // namespace chillnode::ui
