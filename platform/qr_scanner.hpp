#pragma once
// QR code scanner for camera frames: zxing-cpp first, then a cascade of cheaper retries
// spread over the following frames, and OpenCV's WeChat decoder as a rate-limited last resort.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

namespace chillnode {

struct QrDecode {
  std::string text;
  cv::Rect where;         // bounding box of the code in frame pixels
  std::string decoder;    // step that read it: "zxing", "inverted", "sharpened", "contrast",
                          // "adaptive", "global", "upscaled", "denoised", "equalized", "wechat"
};

struct QrScannerOptions {
  // Minimum time between two WeChat attempts in scanFrame. WeChat runs there only on a crop
  // around a code located in the last 500 ms, and a miss still costs several zxing reads.
  std::chrono::milliseconds wechatInterval{400};
  bool wechatEnabled = true;
  // How long scanFrame keeps the last place where a code was decoded or detected, for the
  // upscaled-crop retry on frames larger than 640x480.
  std::chrono::milliseconds locationMemory{3000};
};

// Not thread-safe: one scanner per camera thread.
class QrScanner {
public:
  explicit QrScanner(QrScannerOptions options = {});
  ~QrScanner();
  QrScanner(const QrScanner&) = delete;
  QrScanner& operator=(const QrScanner&) = delete;

  // Scans one frame of a live stream (BGR, BGRA or grayscale, 8 bits per channel, any
  // size). Runs the plain zxing read and, on a miss, one retry step of the cascade per
  // call in rotation, so each call stays cheap. `now` drives the WeChat rate limit and the
  // age of the remembered code location. Returns nullopt for an empty or non-8-bit frame.
  std::optional<QrDecode> scanFrame(const cv::Mat& frame, std::chrono::steady_clock::time_point now);

  // Scans a still image with every step of the cascade in order until one decodes, WeChat
  // last on the whole image downscaled to at most 1280 pixels a side. A miss can take
  // seconds on a noisy image. Leaves the live-stream state untouched.
  std::optional<QrDecode> scanStill(const cv::Mat& image);

private:
  struct State;
  std::unique_ptr<State> m_state;
};

}  // namespace chillnode
