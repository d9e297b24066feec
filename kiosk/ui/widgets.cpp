#include "ui/widgets.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string_view>

#include "ui/theme.hpp"

namespace chillnode::ui {

namespace {

std::map<std::string, WidgetRect> g_buttons;

struct ButtonColors {
  ImU32 fill;
  ImU32 pressed;
  ImU32 text;
};

ButtonColors colorsFor(ButtonStyle style) {
  switch (style) {
    case ButtonStyle::Primary: return {colors::Brand, colors::BrandPressed, colors::OnColor};
    case ButtonStyle::Secondary: return {colors::Secondary, colors::SecondaryPressed, colors::Ink};
    case ButtonStyle::Danger: return {colors::Danger, colors::BrandPressed, colors::OnColor};
  }
  return {colors::Brand, colors::BrandPressed, colors::OnColor};
}

// Logs once per button when its label does not fit, so layout tests catch clipped text.
void reportOverflow(const char* id, ImVec2 textSize, ImVec2 buttonSize) {
  static std::set<std::string> reported;
  if (textSize.x <= buttonSize.x - 8 && textSize.y <= buttonSize.y) return;
  if (reported.insert(id).second) {
    std::fprintf(stderr, "layout: label of button %s does not fit (%.0fx%.0f text in %.0fx%.0f)\n", id,
                 static_cast<double>(textSize.x), static_cast<double>(textSize.y),
                 static_cast<double>(buttonSize.x), static_cast<double>(buttonSize.y));
  }
}

}  // namespace

bool touchButton(const char* id, const char* label, ImVec2 topLeft, ImVec2 size, ImFont* font,
                 ButtonStyle style) {
  ImGui::SetCursorScreenPos(topLeft);
  bool tapped = ImGui::InvisibleButton(id, size);
  bool held = ImGui::IsItemActive();
  ImVec2 bottomRight(topLeft.x + size.x, topLeft.y + size.y);
  g_buttons[id] = {topLeft, bottomRight};

  ButtonColors palette = colorsFor(style);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(topLeft, bottomRight, held ? palette.pressed : palette.fill,
                      std::min(size.x, size.y) * 0.22f);

  ImGui::PushFont(font);
  ImVec2 textSize = ImGui::CalcTextSize(label, nullptr, false, size.x - 16);
  reportOverflow(id, textSize, size);
  ImVec2 textPos(topLeft.x + (size.x - textSize.x) / 2, topLeft.y + (size.y - textSize.y) / 2);
  draw->AddText(font, font->FontSize, textPos, palette.text, label, nullptr, size.x - 16);
  ImGui::PopFont();
  return tapped;
}

namespace {

// Lays text out line by line so each wrapped line is centred on its own; draws it when
// `draw` is set. Returns the height the lines take.
float layoutCentered(ImFont* font, const char* text, float centerX, float top, float maxWidth,
                     ImU32 color, bool draw) {
  ImDrawList* drawList = ImGui::GetWindowDrawList();
  float lineHeight = font->FontSize * 1.15f;
  float y = top;
  const char* lineStart = text;
  const char* end = text + std::string_view(text).size();
  while (lineStart < end) {
    const char* lineEnd = font->CalcWordWrapPositionA(1.0f, lineStart, end, maxWidth);
    if (lineEnd == lineStart) ++lineEnd;
    for (const char* c = lineStart; c < lineEnd; ++c) {
      if (*c == '\n') {
        lineEnd = c;
        break;
      }
    }
    if (draw) {
      ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, lineStart, lineEnd);
      drawList->AddText(font, font->FontSize, ImVec2(centerX - size.x / 2, y), color, lineStart, lineEnd);
    }
    y += lineHeight;
    lineStart = lineEnd;
    while (lineStart < end && (*lineStart == ' ' || *lineStart == '\n')) ++lineStart;
  }
  return y - top;
}

}  // namespace

float textHeight(ImFont* font, const char* text, float maxWidth) {
  return layoutCentered(font, text, 0, 0, maxWidth, 0, false);
}

float centeredText(ImFont* font, const char* text, float centerX, float top, float maxWidth, ImU32 color) {
  return layoutCentered(font, text, centerX, top, maxWidth, color, true);
}

const std::map<std::string, WidgetRect>& drawnButtons() {
  return g_buttons;
}

void clearDrawnButtons() {
  g_buttons.clear();
}

}  // namespace chillnode::ui
