#pragma once
// Draws a voucher's QR code as the kiosk's voucher screen does, offscreen: ImGui draw list
// from ui::drawQr, rasterized by SDL's software renderer into a memory surface.

#include <string>

#include <opencv2/core.hpp>

struct SDL_Renderer;
struct SDL_Surface;

namespace chillnode::bench {

// Times of one render, in ms.
struct RenderTimes {
  double encodeMs = 0;  // ui::encodeQr: libqrencode and the module copy
  double drawMs = 0;    // ImGui frame with ui::drawQr, up to ImGui::Render
  double rasterMs = 0;  // clear, the SDL renderer backend's draw, present
};

// One ImGui context and one software renderer; not thread-safe, one instance at a time.
// Throws std::runtime_error when SDL cannot create the surface or the renderer.
class VoucherRenderer {
public:
  VoucherRenderer(int width, int height);
  ~VoucherRenderer();
  VoucherRenderer(const VoucherRenderer&) = delete;
  VoucherRenderer& operator=(const VoucherRenderer&) = delete;

  // Encodes `code` and draws it where the voucher screen puts it: the largest square below
  // the top bar, at the left margin. The text beside the code is not drawn. Throws
  // std::runtime_error when libqrencode rejects the code.
  RenderTimes render(const std::string& code);

  // The surface's pixels as BGR, as a screenshot of the kiosk would hold them.
  cv::Mat pixels() const;

private:
  int m_width;
  int m_height;
  SDL_Surface* m_surface = nullptr;
  SDL_Renderer* m_renderer = nullptr;
};

}  // namespace chillnode::bench
