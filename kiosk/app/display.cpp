#include "app/display.hpp"

#include <cstdio>
#include <utility>

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
  // A turned panel needs a renderer that can draw into a texture, so SDL is asked for one.
  m_rotation = config.orientation.rotation;
  Uint32 needed = m_rotation == PanelRotation::None ? 0 : SDL_RENDERER_TARGETTEXTURE;
  m_renderer = SDL_CreateRenderer(m_window, -1, SDL_RENDERER_PRESENTVSYNC | needed);
  if (!m_renderer) m_renderer = SDL_CreateRenderer(m_window, -1, SDL_RENDERER_SOFTWARE | needed);
  if (!m_renderer) return fail("cannot create a renderer");
  SDL_RendererInfo info{};
  SDL_GetRendererInfo(m_renderer, &info);
  spdlog::info("display: renderer {}", info.name);
  if ((info.flags & needed) != needed) {
    std::fprintf(stderr, "chillnode: renderer %s cannot draw into a texture, which display.rotation = %d needs: "
                 "set display.renderer to \"software\" or \"opengles2\"\n", info.name, degreesOf(m_rotation));
    return false;
  }
  if (m_rotation != PanelRotation::None) {
    ImVec2 ui = uiSize();
    if (!createUiTarget(static_cast<int>(ui.x), static_cast<int>(ui.y))) {
      return fail("cannot create the texture the turned UI is drawn into");
    }
  }
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
  if (m_uiTarget) SDL_DestroyTexture(m_uiTarget);
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
    bool turned = swapsWidthAndHeight(m_rotation);
    int uiWidth = turned ? height : width;
    int uiHeight = turned ? width : height;
    m_metrics = ui::metricsFor(static_cast<float>(uiWidth), static_cast<float>(uiHeight));
    // A new display mode changes the UI's size. A texture that cannot follow is logged, and
    // the frame is then drawn unturned.
    if (m_rotation != PanelRotation::None && !createUiTarget(uiWidth, uiHeight)) {
      spdlog::error("display: cannot create the {}x{} texture the turned UI is drawn into: {}", uiWidth, uiHeight,
                    SDL_GetError());
    }
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    m_fonts = ui::loadFonts(config.fontRegular, config.fontBold, m_metrics);
    ImGui_ImplSDLRenderer_CreateFontsTexture();
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    spdlog::info("display: {}x{} turned {} degrees, UI {}x{}, font atlas {}x{}", width, height, degreesOf(m_rotation),
                 uiWidth, uiHeight, atlas->TexWidth, atlas->TexHeight);
    // The texture has the glyphs now, so the CPU copies (alpha and RGBA) are freed.
    atlas->ClearTexData();
    ui::applyStyle();
    m_outputWidth = width;
    m_outputHeight = height;
  }
  return m_metrics;
}

// The texture takes the window's pixel format, and its copy replaces the screen's pixels
// without blending.
bool Display::createUiTarget(int width, int height) {
  int oldWidth = 0;
  int oldHeight = 0;
  if (m_uiTarget && SDL_QueryTexture(m_uiTarget, nullptr, nullptr, &oldWidth, &oldHeight) == 0 &&
      oldWidth == width && oldHeight == height) {
    return true;
  }
  if (m_uiTarget) SDL_DestroyTexture(m_uiTarget);
  Uint32 format = SDL_GetWindowPixelFormat(m_window);
  if (format == SDL_PIXELFORMAT_UNKNOWN) format = SDL_PIXELFORMAT_ARGB8888;
  m_uiTarget = SDL_CreateTexture(m_renderer, format, SDL_TEXTUREACCESS_TARGET, width, height);
  if (!m_uiTarget) return false;
  SDL_SetTextureBlendMode(m_uiTarget, SDL_BLENDMODE_NONE);
  SDL_SetTextureScaleMode(m_uiTarget, SDL_ScaleModeNearest);
  return true;
}

ImVec2 Display::uiSize() const {
  int width = 0;
  int height = 0;
  if (m_rotation == PanelRotation::None) {
    SDL_GetWindowSize(m_window, &width, &height);
    return ImVec2(static_cast<float>(width), static_cast<float>(height));
  }
  SDL_GetRendererOutputSize(m_renderer, &width, &height);
  if (swapsWidthAndHeight(m_rotation)) std::swap(width, height);
  return ImVec2(static_cast<float>(width), static_cast<float>(height));
}

void Display::newFrame() {
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  if (m_rotation == PanelRotation::None) return;
  // The platform backend set the window's size, but the turned UI is laid out in the texture's.
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = uiSize();
  io.DisplayFramebufferScale = ImVec2(1, 1);
}

void Display::render(ImDrawData* drawData) {
  if (m_uiTarget) SDL_SetRenderTarget(m_renderer, m_uiTarget);
  SDL_SetRenderDrawColor(m_renderer, 246, 248, 251, 255);
  SDL_RenderClear(m_renderer);
  ImGui_ImplSDLRenderer_RenderDrawData(drawData);
  if (!m_uiTarget) return;

  // SDL turns the copy clockwise about the centre of its destination, so the destination is
  // the texture's own size centred on the screen and the angle undoes the panel's rotation.
  SDL_SetRenderTarget(m_renderer, nullptr);
  SDL_SetRenderDrawColor(m_renderer, 0, 0, 0, 255);
  SDL_RenderClear(m_renderer);
  ImVec2 ui = uiSize();
  SDL_FRect destination{(static_cast<float>(m_outputWidth) - ui.x) / 2, (static_cast<float>(m_outputHeight) - ui.y) / 2,
                        ui.x, ui.y};
  double angle = 360 - degreesOf(m_rotation);
  SDL_RenderCopyExF(m_renderer, m_uiTarget, nullptr, &destination, angle, nullptr, SDL_FLIP_NONE);
}

void Display::present() {
  SDL_RenderPresent(m_renderer);
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
  return savePixels(path, m_outputWidth, m_outputHeight);
}

bool Display::saveUprightScreenshot(const std::string& path) {
  if (!m_uiTarget) {
    spdlog::error("screenshot {} failed: display.rotation is 0, so there is no turned UI to save", path);
    return false;
  }
  ImVec2 ui = uiSize();
  SDL_SetRenderTarget(m_renderer, m_uiTarget);
  bool saved = savePixels(path, static_cast<int>(ui.x), static_cast<int>(ui.y));
  SDL_SetRenderTarget(m_renderer, nullptr);
  return saved;
}

// Reads the current render target, which is the screen unless a caller set another.
bool Display::savePixels(const std::string& path, int width, int height) {
  cv::Mat pixels(height, width, CV_8UC3);
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
