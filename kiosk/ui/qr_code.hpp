#pragma once
// Draws QR codes (vouchers) as ImGui rectangles, encoded with libqrencode.

#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

namespace chillnode::ui {

struct QrModules {
  int size = 0;                     // modules per side, without the quiet zone
  std::vector<std::uint8_t> dark;   // size * size, row by row; 1 for a dark module
};

// Encodes text at error correction level M, in alphanumeric mode where the text allows.
// Returns size 0 when libqrencode refuses it (too long).
QrModules encodeQr(const std::string& text);

// Draws the code with its 4-module quiet zone in white, filling a square of side pixels
// at topLeft. Modules are whole pixels wide, so the code stays sharp for a phone camera.
void drawQr(const QrModules& modules, ImVec2 topLeft, float side);

}  // namespace chillnode::ui
