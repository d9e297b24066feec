#include "platform/qr_scanner.hpp"

#include <ZXing/ReadBarcode.h>
#include <ZXing/TextUtfEncoding.h>
#include <opencv2/imgproc.hpp>

namespace chillnode {

// NOTE: placeholder with the plain zxing read only; the cascade replaces it.
struct QrScanner::State {
  QrScannerOptions options;
};

QrScanner::QrScanner(QrScannerOptions options) : m_state(std::make_unique<State>()) {
  m_state->options = options;
}

QrScanner::~QrScanner() = default;

std::optional<QrDecode> QrScanner::scanFrame(const cv::Mat& frame, std::chrono::steady_clock::time_point) {
  return scanStill(frame);
}

std::optional<QrDecode> QrScanner::scanStill(const cv::Mat& image) {
  cv::Mat gray;
  if (image.channels() == 3) cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
  else gray = image;
  ZXing::ImageView view(gray.data, gray.cols, gray.rows, ZXing::ImageFormat::Lum, static_cast<int>(gray.step));
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  auto result = ZXing::ReadBarcode(view, hints);
  if (!result.isValid()) return std::nullopt;
  return QrDecode{ZXing::TextUtfEncoding::ToUtf8(result.text()), {}, "zxing"};
}

}  // namespace chillnode
