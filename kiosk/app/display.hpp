#pragma once
// The kiosk's SDL window and renderer, with the ImGui context drawn into them.

#include <string>
#include <vector>

#include <SDL.h>
#include <imgui.h>
#include <opencv2/core/mat.hpp>

#include "app/config.hpp"
#include "ui/theme.hpp"

namespace chillnode {

// Owns the SDL window, renderer and ImGui context, and frees them in reverse order.
class Display {
public:
  // Opens the window and renderer and starts ImGui; false with one line on stderr when SDL fails.
  bool open(const Config& config);
  ~Display();

  // Rebuilds the fonts when the output size changed; returns the metrics for this frame.
  const ui::Metrics& updateMetrics(const Config& config);

  // Uploads a camera preview frame (RGB) into the preview texture.
  void uploadPreview(const cv::Mat& rgb);

  // Loads a PNG (a sponsor's logo) into a texture the display owns; null when unreadable.
  SDL_Texture* loadImage(const std::string& path, float& aspect);

  bool saveScreenshot(const std::string& path);

  SDL_Window* window() { return m_window; }
  SDL_Renderer* renderer() { return m_renderer; }
  SDL_Texture* preview() { return m_preview; }
  float previewAspect() const {
    return m_previewHeight > 0 ? static_cast<float>(m_previewWidth) / static_cast<float>(m_previewHeight) : 16.0f / 9;
  }
  const ui::Fonts& fonts() const { return m_fonts; }

private:
  bool fail(const char* what);

  SDL_Window* m_window = nullptr;
  SDL_Renderer* m_renderer = nullptr;
  SDL_Texture* m_preview = nullptr;
  std::vector<SDL_Texture*> m_images;
  int m_previewWidth = 0;
  int m_previewHeight = 0;
  bool m_imgui = false;
  int m_outputWidth = 0;
  int m_outputHeight = 0;
  ui::Metrics m_metrics;
  ui::Fonts m_fonts;
};

}  // namespace chillnode
