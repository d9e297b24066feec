#include "ui/widgets.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>

#include <imgui_internal.h>

#include "ui/theme.hpp"

namespace chillnode::ui {

namespace {

std::map<std::string, WidgetRect> g_buttons;
std::vector<std::string> g_texts;

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

// Logs once per button when a word of its label is wider than the wrap width, because ImGui
// then breaks the word between letters, which the size check above cannot see.
void reportBrokenWord(const char* id, ImFont* font, std::string_view label, float wrapWidth) {
  static std::set<std::string> reported;
  std::size_t start = 0;
  while (start < label.size()) {
    std::size_t end = label.find_first_of(" \n", start);
    if (end == std::string_view::npos) end = label.size();
    const char* word = label.data() + start;
    float width = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, word, label.data() + end).x;
    if (width > wrapWidth && reported.insert(id).second) {
      std::fprintf(stderr, "layout: label of button %s does not fit: the word \"%.*s\" is %.0f wide in %.0f\n",
                   id, static_cast<int>(end - start), word, static_cast<double>(width),
                   static_cast<double>(wrapWidth));
    }
    start = end + 1;
  }
}

}  // namespace

namespace {

// Places the invisible ImGui button, records its rectangle and draws its background.
// Returns whether it was tapped in this frame.
bool buttonBase(const char* id, ImVec2 topLeft, ImVec2 size, ButtonStyle style, float rounding) {
  ImGui::SetCursorScreenPos(topLeft);
  bool tapped = ImGui::InvisibleButton(id, size);
  bool held = ImGui::IsItemActive();
  ImVec2 bottomRight(topLeft.x + size.x, topLeft.y + size.y);
  g_buttons[id] = {topLeft, bottomRight};
  ButtonColors palette = colorsFor(style);
  ImGui::GetWindowDrawList()->AddRectFilled(topLeft, bottomRight, held ? palette.pressed : palette.fill,
                                            std::min(size.x, size.y) * rounding);
  return tapped;
}

}  // namespace

bool touchButton(const char* id, const char* label, ImVec2 topLeft, ImVec2 size, ImFont* font,
                 ButtonStyle style) {
  bool tapped = buttonBase(id, topLeft, size, style, 0.22f);
  ButtonColors palette = colorsFor(style);
  ImDrawList* draw = ImGui::GetWindowDrawList();

  ImGui::PushFont(font);
  ImVec2 textSize = ImGui::CalcTextSize(label, nullptr, false, size.x - 16);
  reportOverflow(id, textSize, size);
  reportBrokenWord(id, font, label, size.x - 16);
  ImVec2 textPos(topLeft.x + (size.x - textSize.x) / 2, topLeft.y + (size.y - textSize.y) / 2);
  draw->AddText(font, font->FontSize, textPos, palette.text, label, nullptr, size.x - 16);
  ImGui::PopFont();
  return tapped;
}

bool cardButton(const char* id, const char* title, const char* detail, ImVec2 topLeft, ImVec2 size,
                ImFont* titleFont, ImFont* detailFont, ButtonStyle style) {
  bool tapped = buttonBase(id, topLeft, size, style, 0.18f);
  ButtonColors palette = colorsFor(style);
  ImDrawList* draw = ImGui::GetWindowDrawList();

  float wrap = size.x - 16;
  ImVec2 titleSize = titleFont->CalcTextSizeA(titleFont->FontSize, FLT_MAX, wrap, title);
  ImVec2 detailSize = detailFont->CalcTextSizeA(detailFont->FontSize, FLT_MAX, wrap, detail);
  ImVec2 total(std::max(titleSize.x, detailSize.x), titleSize.y + detailSize.y);
  reportOverflow(id, total, size);
  float y = topLeft.y + (size.y - total.y) / 2;
  draw->AddText(titleFont, titleFont->FontSize, ImVec2(topLeft.x + (size.x - titleSize.x) / 2, y), palette.text,
                title, nullptr, wrap);
  draw->AddText(detailFont, detailFont->FontSize,
                ImVec2(topLeft.x + (size.x - detailSize.x) / 2, y + titleSize.y), palette.text, detail, nullptr, wrap);
  return tapped;
}

char keyGrid(const char* idPrefix, std::string_view keys, int columns, ImVec2 min, ImVec2 max, ImFont* font,
             float gap, float minKey, float maxKey) {
  int rows = static_cast<int>((keys.size() + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns));
  float keyWidth = (max.x - min.x - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  float fillHeight = (max.y - min.y - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
  float keyHeight = std::clamp(fillHeight, minKey, std::max(minKey, maxKey));
  // Sit the keys on the bottom of the area, within thumb reach, when they do not fill it.
  float gridHeight = keyHeight * static_cast<float>(rows) + gap * static_cast<float>(rows - 1);
  min.y = std::max(min.y, max.y - gridHeight);
  char tapped = 0;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    int row = static_cast<int>(i) / columns;
    int column = static_cast<int>(i) % columns;
    ImVec2 topLeft(min.x + static_cast<float>(column) * (keyWidth + gap),
                   min.y + static_cast<float>(row) * (keyHeight + gap));
    char label[2] = {keys[i], 0};
    std::string id = std::string(idPrefix) + "." + label;
    if (touchButton(id.c_str(), label, topLeft, ImVec2(keyWidth, keyHeight), font, ButtonStyle::Secondary)) {
      tapped = keys[i];
    }
  }
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
  g_texts.emplace_back(text);
  return layoutCentered(font, text, centerX, top, maxWidth, color, true);
}

std::string displayName(const std::string& name, std::size_t maxCharacters) {
  std::string shown;
  std::size_t characters = 0;
  for (std::size_t i = 0; i < name.size();) {
    unsigned int codepoint = 0;
    int length = ImTextCharFromUtf8(&codepoint, name.c_str() + i, name.c_str() + name.size());
    if (length <= 0 || codepoint > 0x017F || codepoint < 0x20) return {};
    if (characters == maxCharacters) return shown + "\u2026";
    shown.append(name, i, static_cast<std::size_t>(length));
    i += static_cast<std::size_t>(length);
    ++characters;
  }
  return shown;
}

std::string fitText(ImFont* font, const std::string& text, float maxWidth) {
  auto width = [font](const std::string& candidate) {
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, candidate.c_str()).x;
  };
  if (width(text) <= maxWidth) return text;
  std::string cut = text;
  while (!cut.empty()) {
    // Drop one whole UTF-8 character: its continuation bytes, then its first byte.
    while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
    if (!cut.empty()) cut.pop_back();
    while (!cut.empty() && cut.back() == ' ') cut.pop_back();
    if (width(cut + "\u2026") <= maxWidth) break;
  }
  return cut + "\u2026";
}

void drawText(ImFont* font, const std::string& text, ImVec2 topLeft, float maxWidth, ImU32 color) {
  std::string shown = fitText(font, text, maxWidth);
  ImGui::GetWindowDrawList()->AddText(font, font->FontSize, topLeft, color, shown.c_str());
  g_texts.push_back(std::move(shown));
}

const std::map<std::string, WidgetRect>& drawnButtons() {
  return g_buttons;
}

const std::vector<std::string>& drawnTexts() {
  return g_texts;
}

void clearDrawnWidgets() {
  g_buttons.clear();
  g_texts.clear();
}

}  // namespace chillnode::ui
