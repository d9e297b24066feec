#include "app/display.hpp"

#include <cstdio>

#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <spdlog/spdlog.h>

namespace chillnode {

bool Display::open(const Config& config) {
  if (!config.renderer.empty()) SDL_SetHint(SDL_HINT_RENDER_DRIVER, config.renderer.c_str());
  // Otherwise SDL backs a software window with an OpenGL texture, which under Xvfb loads
  // Mesa's llvmpipe and about 50 MB of LLVM for nothing.
  if (config.renderer == "software") SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) return fail("cannot start SDL video");
  Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI | (config.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
  m_window = SDL_CreateWindow("Chill Node", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, config.width,
                              config.height, flags);
  if (!m_window) return fail("cannot create the window");
  m_renderer = SDL_CreateRenderer(m_window, -1, SDL_RENDERER_PRESENTVSYNC);
  if (!m_renderer) m_renderer = SDL_CreateRenderer(m_window, -1, SDL_RENDERER_SOFTWARE);
  if (!m_renderer) return fail("cannot create a renderer");
  SDL_RendererInfo info{};
  SDL_GetRendererInfo(m_renderer, &info);
  spdlog::info("display: renderer {}", info.name);
  SDL_ShowCursor(config.fullscreen ? SDL_DISABLE : SDL_ENABLE);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui_ImplSDL2_InitForSDLRenderer(m_window);
  ImGui_ImplSDLRenderer_Init(m_renderer);
  m_imgui = true;
  return true;
}

Display::~Display() {
  for (SDL_Texture* image : m_images) SDL_DestroyTexture(image);
  if (m_preview) SDL_DestroyTexture(m_preview);
  if (m_imgui) {
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
  }
  if (m_renderer) SDL_DestroyRenderer(m_renderer);
  if (m_window) SDL_DestroyWindow(m_window);
  SDL_Quit();
}

const ui::Metrics& Display::updateMetrics(const Config& config) {
  int width = 0;
  int height = 0;
  SDL_GetRendererOutputSize(m_renderer, &width, &height);
  if (width != m_outputWidth || height != m_outputHeight) {
    m_metrics = ui::metricsFor(static_cast<float>(width), static_cast<float>(height));
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    m_fonts = ui::loadFonts(config.fontRegular, config.fontBold, m_metrics);
    ImGui_ImplSDLRenderer_CreateFontsTexture();
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    spdlog::info("display: {}x{}, font atlas {}x{}", width, height, atlas->TexWidth, atlas->TexHeight);
    // The texture has the glyphs now, so the CPU copies (alpha and RGBA) are freed.
    atlas->ClearTexData();
    ui::applyStyle();
    m_outputWidth = width;
    m_outputHeight = height;
  }
  return m_metrics;
}

void Display::uploadPreview(const cv::Mat& rgb) {
  if (!m_preview || rgb.cols != m_previewWidth || rgb.rows != m_previewHeight) {
    if (m_preview) SDL_DestroyTexture(m_preview);
    m_preview = SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_RGB24, SDL_TEXTUREACCESS_STREAMING, rgb.cols, rgb.rows);
    m_previewWidth = rgb.cols;
    m_previewHeight = rgb.rows;
  }
  if (m_preview) SDL_UpdateTexture(m_preview, nullptr, rgb.data, static_cast<int>(rgb.step));
}

SDL_Texture* Display::loadImage(const std::string& path, float& aspect) {
  cv::Mat image;
  try {
    image = cv::imread(path, cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception&) {
  }
  if (image.empty()) {
    spdlog::warn("image {} cannot be read; it is left out", path);
    return nullptr;
  }
  cv::Mat rgba;
  if (image.channels() == 4) cv::cvtColor(image, rgba, cv::COLOR_BGRA2RGBA);
  else if (image.channels() == 3) cv::cvtColor(image, rgba, cv::COLOR_BGR2RGBA);
  else cv::cvtColor(image, rgba, cv::COLOR_GRAY2RGBA);
  SDL_Texture* texture =
      SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, rgba.cols, rgba.rows);
  if (!texture) return nullptr;
  SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
  SDL_UpdateTexture(texture, nullptr, rgba.data, static_cast<int>(rgba.step));
  m_images.push_back(texture);
  aspect = static_cast<float>(rgba.cols) / static_cast<float>(rgba.rows);
  return texture;
}

bool Display::saveScreenshot(const std::string& path) {
  cv::Mat pixels(m_outputHeight, m_outputWidth, CV_8UC3);
  if (SDL_RenderReadPixels(m_renderer, nullptr, SDL_PIXELFORMAT_BGR24, pixels.data,
                           static_cast<int>(pixels.step)) != 0) {
    spdlog::error("screenshot {} failed: {}", path, SDL_GetError());
    return false;
  }
  try {
    return cv::imwrite(path, pixels);
  } catch (const cv::Exception& error) {
    spdlog::error("screenshot {} failed: {}", path, error.what());
    return false;
  }
}

bool Display::fail(const char* what) {
  std::fprintf(stderr, "chillnode: %s: %s\n", what, SDL_GetError());
  return false;
}

}  // namespace chillnode
