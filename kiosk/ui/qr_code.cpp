#include "ui/qr_code.hpp"

#include <cmath>
#include <memory>

#include <qrencode.h>

namespace chillnode::ui {

QrModules encodeQr(const std::string& text) {
  QrModules modules;
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_L, QR_MODE_8, 1), &QRcode_free);
  if (!code) return modules;
  modules.size = code->width;
  modules.dark.resize(static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width));
  for (std::size_t i = 0; i < modules.dark.size(); ++i) modules.dark[i] = code->data[i] & 1;
  return modules;
}

void drawQr(const QrModules& modules, ImVec2 topLeft, float side) {
  if (modules.size == 0) return;
  constexpr int QuietZone = 4;
  int total = modules.size + 2 * QuietZone;
  float module = std::floor(side / static_cast<float>(total));
  if (module < 1) module = 1;
  float drawn = module * static_cast<float>(total);
  ImVec2 origin(std::floor(topLeft.x + (side - drawn) / 2), std::floor(topLeft.y + (side - drawn) / 2));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(origin, ImVec2(origin.x + drawn, origin.y + drawn), IM_COL32(255, 255, 255, 255));
  for (int row = 0; row < modules.size; ++row) {
    // Runs of dark modules in a row become one rectangle, which keeps the draw list short.
    int column = 0;
    while (column < modules.size) {
      if (!modules.dark[static_cast<std::size_t>(row * modules.size + column)]) {
        ++column;
        continue;
      }
      int start = column;
      while (column < modules.size && modules.dark[static_cast<std::size_t>(row * modules.size + column)]) ++column;
      ImVec2 min(origin.x + static_cast<float>(start + QuietZone) * module,
                 origin.y + static_cast<float>(row + QuietZone) * module);
      draw->AddRectFilled(min, ImVec2(min.x + static_cast<float>(column - start) * module, min.y + module),
                          IM_COL32(0, 0, 0, 255));
    }
  }
}

}  // namespace chillnode::ui
