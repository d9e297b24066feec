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

// Encodes text at error correction level L, in alphanumeric mode where the text allows.
// Level L, not M: a voucher reaches the sponsor's camera as a phone photo of this screen,
// where module size limits reading more than damage does. A voucher of about 190 characters
// needs 41 modules at L and 49 at M, and tests/integration/test_voucher_qr.cpp read about 79%
// of its frames at L against 63% at M, with L ahead in every distortion class.
// Returns size 0 when libqrencode rejects it (too long).
QrModules encodeQr(const std::string& text);

// Draws the code with its 4-module quiet zone in white, filling a square of side pixels
// at topLeft. Modules are whole pixels wide, so the code stays sharp for a phone camera.
void drawQr(const QrModules& modules, ImVec2 topLeft, float side);

}  // namespace chillnode::ui
