#pragma once
// Look of the kiosk: colours for sunlight, fonts sized to the display, and the one scale
// helper every screen uses for sizes.

#include <string>

#include <imgui.h>

namespace chillnode::ui {

namespace colors {
// Dark text on a light ground: on a glossy panel in sun, a bright screen fights glare best.
constexpr ImU32 Background = IM_COL32(246, 248, 251, 255);
constexpr ImU32 Panel = IM_COL32(255, 255, 255, 255);
constexpr ImU32 Ink = IM_COL32(10, 26, 42, 255);
constexpr ImU32 MutedInk = IM_COL32(62, 78, 96, 255);
constexpr ImU32 Brand = IM_COL32(0, 84, 166, 255);
constexpr ImU32 BrandPressed = IM_COL32(0, 58, 120, 255);
constexpr ImU32 Success = IM_COL32(0, 122, 61, 255);
constexpr ImU32 Warning = IM_COL32(178, 84, 0, 255);
constexpr ImU32 Danger = IM_COL32(190, 30, 45, 255);
constexpr ImU32 OnColor = IM_COL32(255, 255, 255, 255);
constexpr ImU32 Secondary = IM_COL32(222, 229, 238, 255);
constexpr ImU32 SecondaryPressed = IM_COL32(196, 206, 219, 255);
constexpr ImU32 Scrim = IM_COL32(10, 26, 42, 200);
}  // namespace colors

// Sizes in pixels for the current display. The layout is designed at 800x480 and scaled by
// the smaller of the two ratios, so it also fits portrait panels.
struct Metrics {
  float width = 800;
  float height = 480;
  float scale = 1;

  // Scales a length designed at 800x480.
  float px(float designPixels) const { return designPixels * scale; }
  // Height of a touch target: at least 56 px, 9 mm on a 7" 800x480 panel.
  float touch() const;
  float margin() const { return px(24); }
};

Metrics metricsFor(float width, float height);

struct Fonts {
  ImFont* small = nullptr;
  ImFont* body = nullptr;
  ImFont* title = nullptr;
  ImFont* huge = nullptr;
};

// Loads the kiosk fonts at sizes for `metrics` into ImGui's atlas, replacing what it held.
// Falls back to ImGui's built-in font with an error in the log when fontFile is missing.
Fonts loadFonts(const std::string& regularFile, const std::string& boldFile, const Metrics& metrics);

// Applies the kiosk's ImGui style (no window chrome, rounded controls).
void applyStyle();

}  // namespace chillnode::ui
