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
// On a turned panel (display.rotation other than 0) ImGui draws into a texture of the UI's
// size, which is copied turned onto the screen. At rotation 0 it draws onto the screen
// directly, with no extra copy.
class Display {
public:
  // Opens the window and renderer and starts ImGui. Returns false, with one line on stderr,
  // when SDL fails or when a turned panel's renderer cannot draw into a texture.
  bool open(const Config& config);
  ~Display();

  // Rebuilds the fonts, and the texture of a turned UI, when the output size changed.
  // Returns the metrics for this frame in the UI's orientation.
  const ui::Metrics& updateMetrics(const Config& config);

  // Returns the size the UI is laid out in, in ImGui's units: the window's size, with width
  // and height swapped on a panel turned 90 or 270 degrees.
  ImVec2 uiSize() const;

  // Starts the ImGui frame through both backends, then sets the turned UI's size.
  void newFrame();

  // Clears the frame and draws ImGui's output, turned for the panel.
  void render(ImDrawData* drawData);
  void present();

  // Uploads a camera preview frame (RGB) into the preview texture.
  void uploadPreview(const cv::Mat& rgb);

  // Loads a PNG (a sponsor's logo) into a texture the display owns; null when unreadable.
  SDL_Texture* loadImage(const std::string& path, float& aspect);

  // Saves the frame drawn but not yet presented as a PNG, as the panel shows it.
  bool saveScreenshot(const std::string& path);
  // Saves the turned UI's frame as a PNG, upright for a person in front of the panel.
  // Returns false at rotation 0, where saveScreenshot's PNG is upright already.
  bool saveUprightScreenshot(const std::string& path);

  SDL_Window* window() { return m_window; }
  SDL_Renderer* renderer() { return m_renderer; }
  SDL_Texture* preview() { return m_preview; }
  int outputWidth() const { return m_outputWidth; }  // the panel's pixels, as of updateMetrics
  int outputHeight() const { return m_outputHeight; }
  float previewAspect() const {
    return m_previewHeight > 0 ? static_cast<float>(m_previewWidth) / static_cast<float>(m_previewHeight) : 16.0f / 9;
  }
  const ui::Fonts& fonts() const { return m_fonts; }

private:
  bool fail(const char* what);
  // Creates the turned UI's texture, or keeps it when it has this size already.
  bool createUiTarget(int width, int height);
  bool savePixels(const std::string& path, int width, int height);

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
  PanelRotation m_rotation = PanelRotation::None;
  SDL_Texture* m_uiTarget = nullptr;  // the turned UI's frame; null at rotation 0
};

}  // namespace chillnode
