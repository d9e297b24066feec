#include "ui/theme.hpp"

#include <algorithm>
#include <filesystem>
#include <cstdio>

namespace chillnode::ui {

namespace {

// Latin, Latin-1 Supplement and Latin Extended-A (names such as Łukasz, Zoë, Núñez), plus
// typographic dashes, quotes and the ellipsis.
constexpr ImWchar NameGlyphs[] = {0x0020, 0x017F, 0x2013, 0x2026, 0};
// The title font, and the small font through addNameGlyphs, draw runners' names. The others
// show catalog text and bib numbers, which Latin-1 covers for English and Spanish, and the
// arrow of the attract screen's calls.
constexpr ImWchar TextGlyphs[] = {0x0020, 0x00FF, 0x2013, 0x2026, 0x2192, 0x2192, 0};

// The atlas becomes one RGBA texture (16 MB at 2048x2048 on the software renderer), so
// glyph ranges and oversampling are kept to what the screens show.
ImFont* addFont(const std::string& file, float size, const ImWchar* glyphs) {
  ImGuiIO& io = ImGui::GetIO();
  ImFontConfig config;
  // Horizontal oversampling sharpens small text; large glyphs do not need it.
  config.OversampleH = size < 40 ? 2 : 1;
  config.OversampleV = 1;
  if (std::filesystem::is_regular_file(file)) {
    return io.Fonts->AddFontFromFileTTF(file.c_str(), size, &config, glyphs);
  }
  config.SizePixels = size;
  return io.Fonts->AddFontDefault(&config);
}

// Merges Latin Extended-A into the font added last, so the staff screen's small text can
// show names. These glyphs are rare, so they get no oversampling. With it the atlas grew
// from 1024x2048 to 1024x4096 at 1280x720; without it the atlas keeps its size at 800x480,
// 1280x720 and 1920x1080.
void addNameGlyphs(const std::string& file, float size) {
  static constexpr ImWchar ExtendedA[] = {0x0100, 0x017F, 0};
  if (!std::filesystem::is_regular_file(file)) return;
  ImFontConfig config;
  config.MergeMode = true;
  config.OversampleH = 1;
  config.OversampleV = 1;
  ImGui::GetIO().Fonts->AddFontFromFileTTF(file.c_str(), size, &config, ExtendedA);
}

}  // namespace

float Metrics::touch() const {
  return std::max(56.0f, px(76));
}

Metrics metricsFor(float width, float height) {
  Metrics metrics;
  metrics.width = width;
  metrics.height = height;
  metrics.scale = std::max(0.5f, std::min(width / 800.0f, height / 480.0f));
  return metrics;
}

Fonts loadFonts(const std::string& regularFile, const std::string& boldFile, const Metrics& metrics) {
  if (!std::filesystem::is_regular_file(regularFile) || !std::filesystem::is_regular_file(boldFile)) {
    std::fprintf(stderr, "font file %s or %s not found: run scripts/setup to install fonts-inter\n",
                 regularFile.c_str(), boldFile.c_str());
  }
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  Fonts fonts;
  fonts.body = addFont(regularFile, metrics.px(30), TextGlyphs);
  fonts.small = addFont(regularFile, metrics.px(22), TextGlyphs);
  addNameGlyphs(regularFile, metrics.px(22));
  fonts.title = addFont(boldFile, metrics.px(50), NameGlyphs);
  fonts.huge = addFont(boldFile, metrics.px(92), TextGlyphs);
  io.Fonts->Build();
  return fonts;
}

void applyStyle() {
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowPadding = ImVec2(0, 0);
  style.WindowBorderSize = 0;
  style.WindowRounding = 0;
  style.FrameRounding = 14;
  style.ItemSpacing = ImVec2(0, 0);
  style.Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(colors::Background);
  style.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(colors::Ink);
}

}  // namespace chillnode::ui
