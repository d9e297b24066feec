#include "voucher_render.hpp"

#include <chrono>
#include <stdexcept>

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>
#include <opencv2/imgproc.hpp>

#include "ui/qr_code.hpp"
#include "ui/theme.hpp"

namespace chillnode::bench {
namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

VoucherRenderer::VoucherRenderer(int width, int height) : m_width(width), m_height(height) {
  // Bytes B, G, R, A: OpenCV's order, and ARGB8888 on a little-endian machine.
  m_surface = SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_BGRA32);
  if (!m_surface) throw std::runtime_error(std::string("failed to create an SDL surface: ") + SDL_GetError());
  m_renderer = SDL_CreateSoftwareRenderer(m_surface);
  if (!m_renderer) {
    SDL_FreeSurface(m_surface);
    throw std::runtime_error(std::string("failed to create SDL's software renderer: ") + SDL_GetError());
  }
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
  io.DeltaTime = 1.0f / 60;
  ImGui_ImplSDLRenderer_Init(m_renderer);
  ui::applyStyle();
}

VoucherRenderer::~VoucherRenderer() {
  ImGui_ImplSDLRenderer_Shutdown();
  ImGui::DestroyContext();
  SDL_DestroyRenderer(m_renderer);
  SDL_FreeSurface(m_surface);
}

RenderTimes VoucherRenderer::render(const std::string& code) {
  RenderTimes times;
  Clock::time_point start = Clock::now();
  ui::QrModules modules = ui::encodeQr(code);
  times.encodeMs = millisecondsSince(start);
  if (modules.size == 0) throw std::runtime_error("libqrencode rejected a voucher code");

  // The voucher screen's layout in landscape: below the 56 px top bar and a 12 px gap, down
  // to 12 px above the bottom edge, at the left margin.
  start = Clock::now();
  ui::Metrics m = ui::metricsFor(static_cast<float>(m_width), static_cast<float>(m_height));
  float top = m.px(56) + m.px(12);
  float side = m.height - m.px(12) - top;
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(m.width, m.height));
  ImGui::Begin("screen", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings);
  ui::drawQr(modules, ImVec2(m.margin(), top), side);
  ImGui::End();
  ImGui::Render();
  times.drawMs = millisecondsSince(start);

  // The same clear colour and calls as the kiosk's Display, without a window.
  start = Clock::now();
  SDL_SetRenderDrawColor(m_renderer, 246, 248, 251, 255);
  SDL_RenderClear(m_renderer);
  ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  SDL_RenderPresent(m_renderer);
  times.rasterMs = millisecondsSince(start);
  return times;
}

cv::Mat VoucherRenderer::pixels() const {
  cv::Mat bgra(m_height, m_width, CV_8UC4, m_surface->pixels, static_cast<std::size_t>(m_surface->pitch));
  cv::Mat bgr;
  cv::cvtColor(bgra, bgr, cv::COLOR_BGRA2BGR);
  return bgr;
}

}  // namespace chillnode::bench
