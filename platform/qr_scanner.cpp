#include "platform/qr_scanner.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <ZXing/ReadBarcode.h>
#include <ZXing/TextUtfEncoding.h>
#include <opencv2/imgproc.hpp>
#include <opencv2/wechat_qrcode.hpp>

namespace chillnode {
namespace {

using Clock = std::chrono::steady_clock;

enum class RetryStep {
  Inverted, Sharpened, LocalContrast, AdaptiveThreshold, GlobalHistogram, UpscaledCrop, Denoised,
  Equalized, WeChat
};

// Order of the retry steps, as measured with chillnode-bench on the generated image set.
// scanFrame runs one of them per missed frame in this rotation, skipping steps that do not
// apply, and scanStill runs them all in this order. A 1280x720 frame with no known code
// location has six live steps, so a code held for six frames meets each of them.
constexpr std::array<RetryStep, 9> RetryOrder{RetryStep::Inverted, RetryStep::Sharpened,
    RetryStep::LocalContrast, RetryStep::AdaptiveThreshold, RetryStep::GlobalHistogram,
    RetryStep::UpscaledCrop, RetryStep::Denoised, RetryStep::Equalized, RetryStep::WeChat};

// Margin added on each side of a remembered code location before cropping, as a fraction
// of the code's width and height, so a code that moved a little is still inside the crop.
constexpr double CropMargin = 0.6;
// The upscaled crop is at most this many pixels, which keeps its zxing read near the cost
// of a full 1280x720 read.
constexpr double MaxUpscaledPixels = 1280.0 * 960.0;
// Maximum side, in pixels, of the crop that scanFrame passes to WeChat. WeChat without its CNN
// models (OpenCV 4.6, 2 x86 cores) took 9 to 60 ms at this size, and up to 7 s on a noisy
// 1280x720 frame.
constexpr int WeChatLiveMaxSide = 256;
// Maximum side, in pixels, of the image that scanStill passes to WeChat. Bigger images are
// downscaled to it, which bounds the cost of a miss on a huge still.
constexpr int StillWeChatMaxSide = 1280;
// How recent a code location must be for a live WeChat attempt on a crop around it.
constexpr std::chrono::milliseconds WeChatFreshLocation{500};
// Frames up to this many pixels are upscaled whole in the upscaled-crop step.
constexpr int MaxWholeUpscalePixels = 640 * 480;

struct ReadOutcome {
  std::optional<QrDecode> decode;
  std::optional<cv::Rect> detected;  // a code that was found but failed to decode
};

// Converts any 8-bit frame to one grayscale channel; false for an empty or non-8-bit frame.
bool toGray(const cv::Mat& frame, cv::Mat& gray) {
  if (frame.empty() || frame.depth() != CV_8U) return false;
  switch (frame.channels()) {
    case 1: gray = frame; return true;
    case 3: cv::cvtColor(frame, gray, cv::COLOR_BGR2GRAY); return true;
    case 4: cv::cvtColor(frame, gray, cv::COLOR_BGRA2GRAY); return true;
    default: return false;
  }
}

// Maps a zxing position in an image that was cropped at `origin` and scaled by `scale`
// back to a bounding box in frame pixels.
cv::Rect frameRect(const ZXing::Position& position, cv::Point origin, double scale) {
  int minX = position[0].x, maxX = minX, minY = position[0].y, maxY = minY;
  for (const auto& point : position) {
    minX = std::min(minX, point.x);
    maxX = std::max(maxX, point.x);
    minY = std::min(minY, point.y);
    maxY = std::max(maxY, point.y);
  }
  auto toFrame = [scale](int value) { return static_cast<int>(std::lround(value / scale)); };
  return {origin.x + toFrame(minX), origin.y + toFrame(minY), toFrame(maxX - minX) + 1,
      toFrame(maxY - minY) + 1};
}

ReadOutcome readZxing(const cv::Mat& gray, const ZXing::DecodeHints& hints, const char* decoder,
    cv::Point origin = {}, double scale = 1.0) {
  ZXing::ImageView view(gray.data, gray.cols, gray.rows, ZXing::ImageFormat::Lum,
      static_cast<int>(gray.step));
  ZXing::Result result = ZXing::ReadBarcode(view, hints);
  ReadOutcome outcome;
  if (result.isValid()) {
    outcome.decode = QrDecode{ZXing::TextUtfEncoding::ToUtf8(result.text()),
        frameRect(result.position(), origin, scale), decoder};
  } else if (result.format() != ZXing::BarcodeFormat::None) {
    // With returnErrors set, zxing reports a code it located but could not decode.
    outcome.detected = frameRect(result.position(), origin, scale);
  }
  return outcome;
}

ZXing::DecodeHints makeHints(ZXing::Binarizer binarizer, bool returnErrors) {
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  // tryHarder read no extra code of the bench set but made the p95 1280x720 read 60% slower.
  hints.setTryHarder(false);
  hints.setTryRotate(false);  // QR finder patterns are found at any angle without it
  // Downscaling loses small codes, so blur is left to the sharpening and upscaling steps.
  hints.setTryDownscale(false);
  hints.setBinarizer(binarizer);
  hints.setReturnErrors(returnErrors);
  return hints;
}

// Expands `where` by CropMargin on each side and clips it to the frame.
cv::Rect cropAround(const cv::Rect& where, cv::Size frameSize) {
  int marginX = static_cast<int>(where.width * CropMargin) + 8;
  int marginY = static_cast<int>(where.height * CropMargin) + 8;
  cv::Rect grown(where.x - marginX, where.y - marginY, where.width + 2 * marginX,
      where.height + 2 * marginY);
  return grown & cv::Rect({0, 0}, frameSize);
}

}  // namespace

struct QrScanner::State {
  QrScannerOptions options;
  ZXing::DecodeHints plainHints = makeHints(ZXing::Binarizer::LocalAverage, true);
  ZXing::DecodeHints globalHints = makeHints(ZXing::Binarizer::GlobalHistogram, false);
  ZXing::DecodeHints fixedHints = makeHints(ZXing::Binarizer::FixedThreshold, false);
  cv::Ptr<cv::CLAHE> clahe = cv::createCLAHE(3.0, {8, 8});
  std::unique_ptr<cv::wechat_qrcode::WeChatQRCode> wechat;

  std::size_t nextStep = 0;
  std::optional<cv::Rect> lastLocation;
  Clock::time_point lastLocationTime;
  std::optional<Clock::time_point> lastWeChatTime;

  cv::Mat gray;
  cv::Mat work;
  cv::Mat blurred;

  void remember(const cv::Rect& where, Clock::time_point now) {
    lastLocation = where;
    lastLocationTime = now;
  }

  std::optional<cv::Rect> recentLocation(Clock::time_point now) const {
    if (lastLocation && now - lastLocationTime <= options.locationMemory) return lastLocation;
    return std::nullopt;
  }

  ReadOutcome readInverted(const cv::Mat& image) {
    cv::bitwise_not(image, work);
    return readZxing(work, plainHints, "inverted");
  }

  ReadOutcome readEqualized(const cv::Mat& image) {
    clahe->apply(image, work);
    return readZxing(work, plainHints, "equalized");
  }

  // Unsharp mask: restores module edges softened by focus or motion blur.
  ReadOutcome readSharpened(const cv::Mat& image) {
    cv::GaussianBlur(image, blurred, {}, 2.0);
    cv::addWeighted(image, 2.5, blurred, -1.5, 0, work);
    return readZxing(work, plainHints, "sharpened");
  }

  // Subtracts the local mean and multiplies the difference by four, which lifts codes with a
  // contrast below the local-average binarizer's minimum and codes half washed out by glare.
  ReadOutcome readLocalContrast(const cv::Mat& image) {
    cv::GaussianBlur(image, work, {3, 3}, 0);  // keeps the gain from amplifying sensor noise
    cv::blur(image, blurred, {31, 31});
    cv::addWeighted(work, 4.0, blurred, -4.0, 128, work);
    return readZxing(work, plainHints, "contrast");
  }

  // OpenCV's adaptive mean threshold over 15 pixels serves as a second binarizer. In the
  // bench it read more glare and perspective codes than zxing's own binarizers.
  ReadOutcome readAdaptiveThreshold(const cv::Mat& image) {
    cv::adaptiveThreshold(image, work, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY, 15, 2);
    return readZxing(work, fixedHints, "adaptive");
  }

  ReadOutcome readDenoised(const cv::Mat& image) {
    cv::GaussianBlur(image, work, {}, 1.2);
    return readZxing(work, plainHints, "denoised");
  }

  ReadOutcome readUpscaledCrop(const cv::Mat& image, const cv::Rect& where) {
    cv::Rect crop = cropAround(where, image.size());
    if (crop.area() < 16) return {};
    double scale = std::min(2.0, std::sqrt(MaxUpscaledPixels / crop.area()));
    if (scale < 1.2) return {};  // the code already fills the frame
    cv::resize(image(crop), work, {}, scale, scale, cv::INTER_CUBIC);
    return readZxing(work, plainHints, "upscaled", crop.tl(), scale);
  }

  std::optional<QrDecode> readWeChat(const cv::Mat& image, const std::optional<cv::Rect>& where,
      int maxSide);
  ReadOutcome runStep(RetryStep step, const cv::Mat& image, const std::optional<cv::Rect>& where,
      int weChatMaxSide);
  bool stepApplies(RetryStep step, cv::Size frameSize, Clock::time_point now) const;
};

// Runs WeChat on a crop around `where` when known, else on the image downscaled so its
// longest side is at most maxSide (0 keeps full resolution).
std::optional<QrDecode> QrScanner::State::readWeChat(const cv::Mat& image,
    const std::optional<cv::Rect>& where, int maxSide) {
  if (!wechat) wechat = std::make_unique<cv::wechat_qrcode::WeChatQRCode>();

  cv::Rect crop = where ? cropAround(*where, image.size()) : cv::Rect({0, 0}, image.size());
  double scale = 1.0;
  int longest = std::max(crop.width, crop.height);
  if (maxSide > 0 && longest > maxSide) scale = static_cast<double>(maxSide) / longest;
  cv::Mat input = image(crop);
  if (scale < 1.0) cv::resize(image(crop), input, {}, scale, scale, cv::INTER_AREA);

  std::vector<cv::Mat> corners;
  std::vector<std::string> texts;
  try {
    texts = wechat->detectAndDecode(input, corners);
  } catch (const cv::Exception&) {
    return std::nullopt;  // WeChat throws on some degenerate inputs, which counts as a miss
  }
  if (texts.empty()) return std::nullopt;

  cv::Rect box = crop;
  if (!corners.empty() && corners[0].total() == 4) {
    cv::Mat points;
    corners[0].reshape(2, 4).convertTo(points, CV_32FC2, 1.0 / scale);
    box = (cv::boundingRect(points) + crop.tl()) & cv::Rect({0, 0}, image.size());
  }
  return QrDecode{texts.front(), box, "wechat"};
}

ReadOutcome QrScanner::State::runStep(RetryStep step, const cv::Mat& image,
    const std::optional<cv::Rect>& where, int weChatMaxSide) {
  switch (step) {
    case RetryStep::Sharpened: return readSharpened(image);
    case RetryStep::Inverted: return readInverted(image);
    case RetryStep::LocalContrast: return readLocalContrast(image);
    case RetryStep::UpscaledCrop: {
      // A small frame is upscaled whole, so a remembered location that is already stale
      // (the next runner holds the bib elsewhere) cannot hide the code.
      if (image.total() <= MaxWholeUpscalePixels) {
        return readUpscaledCrop(image, {{0, 0}, image.size()});
      }
      if (where) return readUpscaledCrop(image, *where);
      return {};
    }
    case RetryStep::AdaptiveThreshold: return readAdaptiveThreshold(image);
    case RetryStep::Denoised: return readDenoised(image);
    case RetryStep::GlobalHistogram: return readZxing(image, globalHints, "global");
    case RetryStep::Equalized: return readEqualized(image);
    case RetryStep::WeChat: return {readWeChat(image, where, weChatMaxSide), std::nullopt};
  }
  return {};
}

bool QrScanner::State::stepApplies(RetryStep step, cv::Size frameSize,
                                   Clock::time_point now) const {
  switch (step) {
    case RetryStep::UpscaledCrop:
      return recentLocation(now).has_value() || frameSize.area() <= MaxWholeUpscalePixels;
    case RetryStep::WeChat:
      // WeChat runs only on a code located within WeChatFreshLocation. On a downscaled frame
      // or an older location it read almost nothing in the bench but cost 30 to 240 ms a miss.
      return options.wechatEnabled && lastLocation &&
             now - lastLocationTime <= WeChatFreshLocation &&
             (!lastWeChatTime || now - *lastWeChatTime >= options.wechatInterval);
    case RetryStep::Equalized:
      // Still images only: CLAHE read two codes of 330 that no other step read but costs
      // as much as a second full read.
      return false;
    default: return true;
  }
}

QrScanner::QrScanner(QrScannerOptions options) : m_state(std::make_unique<State>()) {
  m_state->options = options;
}

QrScanner::~QrScanner() = default;

std::optional<QrDecode> QrScanner::scanFrame(const cv::Mat& frame, Clock::time_point now) {
  State& state = *m_state;
  if (!toGray(frame, state.gray)) return std::nullopt;

  ReadOutcome plain = readZxing(state.gray, state.plainHints, "zxing");
  if (plain.decode) {
    state.remember(plain.decode->where, now);
    state.nextStep = 0;
    return plain.decode;
  }
  if (plain.detected) state.remember(*plain.detected, now);

  // One retry step per missed frame: the next one in rotation that applies right now.
  for (std::size_t tried = 0; tried < RetryOrder.size(); ++tried) {
    RetryStep step = RetryOrder[state.nextStep];
    state.nextStep = (state.nextStep + 1) % RetryOrder.size();
    if (!state.stepApplies(step, state.gray.size(), now)) continue;

    if (step == RetryStep::WeChat) state.lastWeChatTime = now;
    ReadOutcome outcome = state.runStep(step, state.gray, state.recentLocation(now),
        WeChatLiveMaxSide);
    if (outcome.decode) {
      state.remember(outcome.decode->where, now);
      state.nextStep = 0;
    } else if (outcome.detected) {
      state.remember(*outcome.detected, now);
    }
    return outcome.decode;
  }
  return std::nullopt;
}

std::optional<QrDecode> QrScanner::scanStill(const cv::Mat& image) {
  State& state = *m_state;
  cv::Mat gray;
  if (!toGray(image, gray)) return std::nullopt;

  ReadOutcome plain = readZxing(gray, state.plainHints, "zxing");
  if (plain.decode) return plain.decode;

  std::optional<cv::Rect> where = plain.detected;
  for (RetryStep step : RetryOrder) {
    if (step == RetryStep::WeChat && !state.options.wechatEnabled) continue;
    // WeChat gets the whole image here, because a still has no frame budget.
    bool wholeImage = step == RetryStep::WeChat;
    ReadOutcome outcome =
        state.runStep(step, gray, wholeImage ? std::nullopt : where, StillWeChatMaxSide);
    if (outcome.decode) return outcome.decode;
    if (outcome.detected) where = outcome.detected;
  }
  return std::nullopt;
}

}  // namespace chillnode
