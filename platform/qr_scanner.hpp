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
  std::string decoder;    // which step found it: "zxing", "inverted", "wechat" ...
};

struct QrScannerOptions {
  // Minimum time between two WeChat attempts; a miss costs about 300 ms on a 1280x720 frame.
  std::chrono::milliseconds wechatInterval{400};
  bool wechatEnabled = true;
};

// Not thread-safe: one scanner per camera thread.
class QrScanner {
public:
  explicit QrScanner(QrScannerOptions options = {});
  ~QrScanner();
  QrScanner(const QrScanner&) = delete;
  QrScanner& operator=(const QrScanner&) = delete;

  // Scans one frame of a live stream (BGR or grayscale, any size). Runs the plain zxing
  // read and at most one retry step of the cascade per call, so each call stays cheap;
  // `now` drives the WeChat rate limit.
  std::optional<QrDecode> scanFrame(const cv::Mat& frame, std::chrono::steady_clock::time_point now);

  // Scans a still image with every step of the cascade, WeChat included.
  std::optional<QrDecode> scanStill(const cv::Mat& image);

private:
  struct State;
  std::unique_ptr<State> m_state;
};

}  // namespace chillnode
