#pragma once
// An ImGui context with the built-in font, enough to draw the kiosk's real screens in unit
// tests without a window or a renderer.

#include <imgui.h>

#include "ui/screens.hpp"

namespace chillnode::test {

class HeadlessImGui {
public:
  explicit HeadlessImGui(float width = 800, float height = 480) : m_metrics(ui::metricsFor(width, height)) {
    m_context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(m_metrics.width, m_metrics.height);
    io.DeltaTime = 1.0f / 60;
    io.IniFilename = nullptr;
    ImFont* font = io.Fonts->AddFontDefault();
    unsigned char* pixels = nullptr;
    int atlasWidth = 0;
    int atlasHeight = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &atlasWidth, &atlasHeight);
    m_fonts = ui::Fonts{font, font, font, font};
  }
  ~HeadlessImGui() { ImGui::DestroyContext(m_context); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

  const ui::Metrics& metrics() const { return m_metrics; }
  const ui::Fonts& fonts() const { return m_fonts; }

  // Draws one frame of the screen that context describes.
  void draw(const ui::ScreenContext& context) {
    ImGui::NewFrame();
    ui::drawScreen(context);
    ImGui::EndFrame();
  }

private:
  ImGuiContext* m_context = nullptr;
  ui::Metrics m_metrics;
  ui::Fonts m_fonts;
};

}  // namespace chillnode::test
