#include "bib_card.hpp"

#include <cstdio>
#include <memory>

#include <opencv2/imgproc.hpp>
#include <qrencode.h>

namespace chillnode::gen {
namespace {

using QrPointer = std::unique_ptr<QRcode, decltype(&QRcode_free)>;

QrPointer encode(const std::string& bytes) {
  // encodeString picks alphanumeric mode where it can, which keeps voucher codes small, but
  // stops at a NUL byte, so binary payloads go through encodeData in byte mode.
  QRcode* code = nullptr;
  if (bytes.find('\0') == std::string::npos) {
    code = QRcode_encodeString(bytes.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  } else {
    code = QRcode_encodeData(static_cast<int>(bytes.size()),
        reinterpret_cast<const unsigned char*>(bytes.data()), 0, QR_ECLEVEL_M);
  }
  if (code == nullptr) {
    throw GenError("libqrencode failed to encode a payload of " + std::to_string(bytes.size()) +
        " bytes: level M holds at most 2331 bytes");
  }
  return {code, &QRcode_free};
}

}  // namespace

int qrModuleCount(const std::string& bytes) {
  return encode(bytes)->width;
}

cv::Mat renderQr(const std::string& bytes, int modulePixels) {
  QrPointer code = encode(bytes);
  int modules = code->width;
  int side = (modules + 2 * QuietZoneModules) * modulePixels;
  cv::Mat image(side, side, CV_8UC1, cv::Scalar(255));
  for (int y = 0; y < modules; ++y) {
    for (int x = 0; x < modules; ++x) {
      // Bit 0 of each libqrencode byte is set for a dark module.
      if ((code->data[y * modules + x] & 1) == 0) continue;
      cv::Rect cell((x + QuietZoneModules) * modulePixels, (y + QuietZoneModules) * modulePixels,
          modulePixels, modulePixels);
      image(cell).setTo(0);
    }
  }
  return image;
}

cv::Mat renderBibCard(const std::string& bib, const std::string& payload) {
  constexpr int Width = 900;
  constexpr int Height = 620;
  cv::Mat card(Height, Width, CV_8UC3, cv::Scalar(250, 250, 250));

  // Branding band across the top, sponsor strip along the bottom.
  cv::rectangle(card, {0, 0, Width, 110}, cv::Scalar(150, 70, 10), cv::FILLED);
  cv::putText(card, "CHILL CITY MARATHON", {30, 75}, cv::FONT_HERSHEY_DUPLEX, 1.9,
      cv::Scalar(255, 255, 255), 3, cv::LINE_AA);
  cv::rectangle(card, {0, Height - 70, Width, 70}, cv::Scalar(40, 160, 240), cv::FILLED);
  cv::putText(card, "42.195 KM  *  RECOVERY ZONE", {30, Height - 22}, cv::FONT_HERSHEY_SIMPLEX,
      1.1, cv::Scalar(20, 20, 20), 2, cv::LINE_AA);

  // Bib number on the left, sized to the space left by the code.
  double scale = bib.size() <= 4 ? 4.2 : 3.2;
  cv::putText(card, bib, {30, 390}, cv::FONT_HERSHEY_DUPLEX, scale, cv::Scalar(10, 10, 10), 14,
      cv::LINE_AA);

  // Code on the right, as large as fits the 360-pixel box.
  int modules = qrModuleCount(payload) + 2 * QuietZoneModules;
  int modulePixels = std::max(2, 360 / modules);
  cv::Mat qr = renderQr(payload, modulePixels);
  cv::Mat qrBgr;
  cv::cvtColor(qr, qrBgr, cv::COLOR_GRAY2BGR);
  cv::Rect box(Width - 30 - qr.cols, 130 + (360 - qr.rows) / 2, qr.cols, qr.rows);
  qrBgr.copyTo(card(box));
  return card;
}

std::string bibPayload(const std::string& bib, int form) {
  switch (((form % 4) + 4) % 4) {
    case 0: return bib;
    case 1: return "https://race.example/runner?bib=" + bib;
    case 2: return "BIB:" + bib;
    default: return "{\"bib\":\"" + bib + "\"}";
  }
}

std::string randomBib(std::mt19937& rng) {
  char text[8];
  std::snprintf(text, sizeof text, "%04d", std::uniform_int_distribution<int>(1, 300)(rng));
  return text;
}

}  // namespace chillnode::gen
