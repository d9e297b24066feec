#include "phone_photo.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numbers>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <ZXing/ReadBarcode.h>

#include "bib_card.hpp"
#include "scene.hpp"

namespace chillnode::gen {
namespace {

constexpr std::array<std::string_view, 8> ClassNames{"nominal", "perspective", "rotation",
    "gaussian_blur", "motion_blur", "glare", "phone_moire", "bright_screen"};

constexpr double DegreesToRadians = std::numbers::pi / 180.0;

// The sponsor unit's camera: 1280x720 with a 70 degree horizontal field of view, an
// estimate for a typical USB webcam.
const cv::Size CameraSize(1280, 720);
constexpr double CameraFieldOfViewDegrees = 70;

// The runner's photo is 3:4 portrait, shown across the whole width of a phone screen of
// 6.8 x 14.7 cm (a 6.4 inch 19.5:9 phone held upright), with black bars above and below.
constexpr int PhotoWidth = 900;
constexpr int PhotoHeight = 1200;
constexpr double PhoneScreenWidthCm = 6.8;
constexpr double PhoneScreenHeightCm = 14.7;
constexpr double PhoneSideBezelCm = 0.4;
constexpr double PhoneEndBezelCm = 1.2;

constexpr double MinDistanceCm = 10;
constexpr double MaxDistanceCm = 40;

double uniform(std::mt19937& rng, double low, double high) {
  return std::uniform_real_distribution<double>(low, high)(rng);
}

double focalPixels() {
  return CameraSize.width / 2.0 / std::tan(CameraFieldOfViewDegrees / 2 * DegreesToRadians);
}

// Everything that shapes one frame, drawn from the class's ranges.
struct Shot {
  std::string_view className;
  double distanceCm = 0;
  double codeFill = 0;  // symbol width over photo width: how closely the runner framed the code
  Pose photoPose;       // the phone facing the kiosk screen when the photo was taken
  cv::Point2d photoOffset;  // the symbol centre's offset from the photo centre, in photo pixels
  Pose pose;            // the phone facing the sponsor unit's camera
  double screenBlack = 0;  // camera levels of the phone screen's black and white
  double screenWhite = 0;
};

Shot planShot(std::string_view className, int index, int perClass, std::mt19937& rng) {
  Shot shot;
  shot.className = className;
  // Distances are spread evenly over the class, so each 10 cm band gets its share of frames.
  double band = (index + uniform(rng, 0, 1)) / perClass;
  shot.distanceCm = MinDistanceCm + (MaxDistanceCm - MinDistanceCm) * band;
  shot.codeFill = uniform(rng, 0.3, 0.7);

  shot.photoPose.yawDegrees = uniform(rng, -15, 15);
  shot.photoPose.pitchDegrees = uniform(rng, -15, 15);
  shot.photoPose.rollDegrees = uniform(rng, -8, 8);
  shot.photoOffset = {uniform(rng, -0.1, 0.1) * PhotoWidth, uniform(rng, -0.1, 0.1) * PhotoWidth};

  Pose& pose = shot.pose;
  pose.yawDegrees = uniform(rng, -15, 15);
  pose.pitchDegrees = uniform(rng, -15, 15);
  pose.rollDegrees = uniform(rng, -20, 20);
  if (className == "perspective") {
    double strong = uniform(rng, 35, 55) * (rng() % 2 == 0 ? 1 : -1);
    (rng() % 2 == 0 ? pose.yawDegrees : pose.pitchDegrees) = strong;
  } else if (className == "rotation") {
    pose.rollDegrees = uniform(rng, 0, 360);
  }

  // A phone screen at full brightness in a dim tent clips its white and lifts its black.
  bool bright = className == "bright_screen";
  shot.screenBlack = bright ? uniform(rng, 45, 90) : uniform(rng, 8, 30);
  shot.screenWhite = bright ? uniform(rng, 320, 450) : uniform(rng, 185, 245);
  return shot;
}

// Maps `homography` so that the card point `anchor` lands on `target`.
cv::Matx33d moveAnchor(const cv::Matx33d& homography, cv::Point2d anchor, cv::Point2d target) {
  cv::Vec3d mapped = homography * cv::Vec3d(anchor.x, anchor.y, 1);
  cv::Point2d at(mapped[0] / mapped[2], mapped[1] / mapped[2]);
  cv::Matx33d shift(1, 0, target.x - at.x, 0, 1, target.y - at.y, 0, 0, 1);
  return shift * homography;
}

// Saves and reloads an 8-bit copy as a phone camera app does, JPEG artefacts included.
cv::Mat jpegRoundTrip(const cv::Mat& image, int quality) {
  cv::Mat bytes;
  image.convertTo(bytes, CV_8U);
  std::vector<unsigned char> encoded;
  cv::imencode(".jpg", bytes, encoded, {cv::IMWRITE_JPEG_QUALITY, quality});
  cv::Mat decoded = cv::imdecode(encoded, cv::IMREAD_GRAYSCALE);
  cv::Mat result;
  decoded.convertTo(result, CV_32F);
  return result;
}

// The runner's photo of the kiosk screen (CV_32F, 0..255): the screen in its dark bezel in
// front of the booth, framed so the symbol is codeFill of the photo's width.
cv::Mat takePhoto(const cv::Mat& screen, const PhotoSetOptions& options, const Shot& shot,
    std::mt19937& rng) {
  cv::Mat photo = makeBackground({PhotoWidth, PhotoHeight}, rng);

  int bezel = std::max(8, screen.cols / 25);
  cv::Mat lit = screen * uniform(rng, 0.8, 1.0);
  cv::Mat kiosk;
  cv::copyMakeBorder(lit, kiosk, bezel, bezel, bezel, bezel, cv::BORDER_CONSTANT,
      uniform(rng, 25, 50));
  double scale = shot.codeFill * PhotoWidth / options.codeBox.width;
  if (shot.className == "phone_moire") {
    // The kiosk's own pixel grid beats against the phone camera's sensor.
    addMoire(kiosk, {{0, 0}, kiosk.size()}, uniform(rng, 1.8, 3.5) / scale,
        uniform(rng, 0.15, 0.3), rng);
  }

  cv::Point2d codeCenter(bezel + options.codeBox.x + options.codeBox.width / 2.0,
      bezel + options.codeBox.y + options.codeBox.height / 2.0);
  cv::Point2d target = cv::Point2d(PhotoWidth / 2.0, PhotoHeight / 2.0) + shot.photoOffset;
  cv::Matx33d homography =
      moveAnchor(cardHomography(kiosk.size(), scale, shot.photoPose, {0, 0}), codeCenter, target);
  compositeCard(photo, kiosk, homography);
  applyLightGradient(photo, rng);
  addNoise(photo, 2.0, rng);
  return jpegRoundTrip(photo, static_cast<int>(uniform(rng, 80, 92)));
}

// The phone card's borders around the photo, in photo pixels.
struct PhoneLayout {
  int bar = 0;   // black bar above and below the photo
  int side = 0;  // bezel left and right
  int end = 0;   // bezel above and below the screen
};

PhoneLayout phoneLayout() {
  double pixelsPerCm = PhotoWidth / PhoneScreenWidthCm;
  PhoneLayout layout;
  layout.bar = std::max(0, static_cast<int>(PhoneScreenHeightCm * pixelsPerCm - PhotoHeight) / 2);
  layout.side = static_cast<int>(PhoneSideBezelCm * pixelsPerCm);
  layout.end = static_cast<int>(PhoneEndBezelCm * pixelsPerCm);
  return layout;
}

// The photo on the phone's screen, with black bars above and below and the phone's bezel
// around it, at the camera levels of the shot.
cv::Mat makePhone(const cv::Mat& photo, const Shot& shot, std::mt19937& rng) {
  PhoneLayout layout = phoneLayout();
  cv::Mat displayed;
  photo.convertTo(displayed, CV_32F, (shot.screenWhite - shot.screenBlack) / 255.0,
      shot.screenBlack);
  cv::Mat screen;
  cv::copyMakeBorder(displayed, screen, layout.bar, layout.bar, 0, 0, cv::BORDER_CONSTANT,
      shot.screenBlack);
  cv::Mat phone;
  cv::copyMakeBorder(screen, phone, layout.end, layout.end, layout.side, layout.side,
      cv::BORDER_CONSTANT, uniform(rng, 5, 20));
  return phone;
}

// Where the symbol's centre is on the phone card that makePhone returns.
cv::Point2d codeOnPhone(const Shot& shot) {
  PhoneLayout layout = phoneLayout();
  return cv::Point2d(layout.side + PhotoWidth / 2.0, layout.end + layout.bar + PhotoHeight / 2.0) +
      shot.photoOffset;
}

// Picks where the symbol's centre goes in the frame: anywhere the tilted symbol fits with a
// margin, or the frame's centre when it cannot fit.
cv::Point2d pickCodeCenter(const cv::Matx33d& atOrigin, cv::Point2d code, double symbolSide,
    std::mt19937& rng) {
  double half = symbolSide / 2;
  std::vector<cv::Point2f> corners{{static_cast<float>(code.x - half), static_cast<float>(code.y - half)},
      {static_cast<float>(code.x + half), static_cast<float>(code.y - half)},
      {static_cast<float>(code.x + half), static_cast<float>(code.y + half)},
      {static_cast<float>(code.x - half), static_cast<float>(code.y + half)}};
  cv::perspectiveTransform(corners, corners, atOrigin);
  cv::Vec3d mapped = atOrigin * cv::Vec3d(code.x, code.y, 1);
  cv::Point2d center(mapped[0] / mapped[2], mapped[1] / mapped[2]);
  cv::Rect2d box = cv::boundingRect(corners);

  constexpr double Margin = 8;
  auto pick = [&](double low, double high, double middle) {
    return low <= high ? uniform(rng, low, high) : middle;
  };
  double x = pick(Margin + center.x - box.x, CameraSize.width - Margin - (box.x + box.width - center.x),
      CameraSize.width / 2.0);
  double y = pick(Margin + center.y - box.y, CameraSize.height - Margin - (box.y + box.height - center.y),
      CameraSize.height / 2.0);
  return {x, y};
}

struct Frame {
  cv::Mat image;
  double symbolPixels = 0;
};

Frame renderShot(const cv::Mat& screen, const PhotoSetOptions& options, const Shot& shot,
    std::mt19937& rng) {
  cv::Mat photo = takePhoto(screen, options, shot, rng);
  cv::Mat phone = makePhone(photo, shot, rng);

  // Card pixels are photo pixels, PhotoWidth of them across the phone screen's width.
  double scale = focalPixels() * PhoneScreenWidthCm / (PhotoWidth * shot.distanceCm);
  double symbolSide = shot.codeFill * PhotoWidth;
  Frame frame;
  frame.symbolPixels = symbolSide * scale;
  double modulePixels = frame.symbolPixels / options.modules;
  if (shot.className == "phone_moire") {
    // The phone's pixel grid beats against the camera's, with its period in frame pixels.
    addMoire(phone, {{0, 0}, phone.size()}, uniform(rng, 1.8, 3.5) / scale,
        uniform(rng, 0.35, 0.6), rng);
  }

  frame.image = makeBackground(CameraSize, rng);
  if (shot.className == "bright_screen") frame.image *= uniform(rng, 0.45, 0.7);
  cv::Point2d code = codeOnPhone(shot);
  cv::Matx33d atOrigin = cardHomography(phone.size(), scale, shot.pose, {0, 0});
  cv::Point2d center = pickCodeCenter(atOrigin, code, symbolSide, rng);
  cv::Matx33d homography = moveAnchor(atOrigin, code, center);
  double blurLength = 0;
  double blurAngle = 0;
  if (shot.className == "motion_blur") {
    blurLength = modulePixels * uniform(rng, 0.8, 1.8);
    blurAngle = uniform(rng, 0, 180);
  }
  compositeCard(frame.image, phone, homography, blurLength, blurAngle);

  if (shot.className == "gaussian_blur") {
    cv::GaussianBlur(frame.image, frame.image, {}, modulePixels * uniform(rng, 0.3, 0.5));
  } else if (shot.className == "glare") {
    // A lamp reflected in the phone's glass, somewhere over the symbol.
    double spread = frame.symbolPixels * uniform(rng, 0.25, 0.5);
    cv::Point2d spot(center.x + frame.symbolPixels * uniform(rng, -0.3, 0.3),
        center.y + frame.symbolPixels * uniform(rng, -0.3, 0.3));
    addGlare(frame.image, spot, spread, uniform(rng, 120, 220));
  } else if (shot.className == "bright_screen") {
    // Light above the sensor's full scale bleeds into the dark modules around it.
    cv::Mat excess = cv::max(frame.image - 255.0, 0.0);
    cv::GaussianBlur(excess, excess, {}, std::max(1.0, modulePixels * uniform(rng, 0.3, 0.6)));
    frame.image += excess;
  }
  applyLightGradient(frame.image, rng);
  addNoise(frame.image, 2.5, rng);
  return frame;
}

// Returns the width in pixels of the top-left finder pattern's top edge, which is 7 modules:
// the longest dark run from the symbol's left edge within its first module row.
int finderTopEdge(const cv::Mat& gray, const cv::Rect& box) {
  int longest = 0;
  int firstRowPixels = std::max(1, box.height / 21);  // no symbol has fewer than 21 modules
  for (int y = box.y; y < std::min(gray.rows, box.y + firstRowPixels); ++y) {
    // The detected corner may sit a pixel or two off the symbol's edge.
    int x = std::max(0, box.x - 2);
    while (x < box.x + box.width / 7 && gray.at<unsigned char>(y, x) >= 128) ++x;
    int run = 0;
    while (x + run < gray.cols && gray.at<unsigned char>(y, x + run) < 128) ++run;
    longest = std::max(longest, run);
  }
  return longest;
}

// Finds the QR symbol in a clean, upright screenshot with zxing-cpp, the kiosk's own
// decoder, and counts its modules from the finder pattern. OpenCV's detector missed some
// symbols, which made the voucher test fail now and then.
void locateCode(const cv::Mat& gray, PhotoSetOptions& options) {
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  ZXing::ImageView view(gray.data, gray.cols, gray.rows, ZXing::ImageFormat::Lum, static_cast<int>(gray.step));
  ZXing::Result result = ZXing::ReadBarcode(view, hints);
  if (!result.isValid()) {
    throw GenError("no QR code found in screenshot " + options.screenPath.string() +
        ": pass --code and --modules");
  }
  std::vector<cv::Point> corners;
  for (const auto& point : result.position()) corners.emplace_back(point.x, point.y);
  cv::Rect box = cv::boundingRect(corners) & cv::Rect(0, 0, gray.cols, gray.rows);
  double modulePixels = finderTopEdge(gray, box) / 7.0;
  if (modulePixels < 1) {
    throw GenError("the QR code in screenshot " + options.screenPath.string() +
        " is not upright and sharp: pass --code and --modules");
  }
  // Symbols are 21, 25, 29 ... modules across.
  int versionSteps = static_cast<int>(std::lround((box.width / modulePixels - 21) / 4));
  options.modules = 21 + 4 * std::max(0, versionSteps);
  options.codeBox = box;
}

cv::Mat readScreen(PhotoSetOptions& options) {
  cv::Mat gray = cv::imread(options.screenPath.string(), cv::IMREAD_GRAYSCALE);
  if (gray.empty()) throw GenError("failed to read screenshot " + options.screenPath.string());
  if (options.codeBox.empty() && options.modules == 0) locateCode(gray, options);
  cv::Rect inside(0, 0, gray.cols, gray.rows);
  if (options.codeBox.empty() || (options.codeBox & inside) != options.codeBox) {
    throw GenError("invalid code box: it must lie inside the " + std::to_string(gray.cols) + "x" +
        std::to_string(gray.rows) + " screenshot");
  }
  if (options.modules < 21) {
    throw GenError("invalid module count " + std::to_string(options.modules) +
        ": a QR code has at least 21 modules across");
  }
  cv::Mat screen;
  gray.convertTo(screen, CV_32F);
  return screen;
}

}  // namespace

void writePhotoSet(const std::filesystem::path& dir, PhotoSetOptions options) {
  cv::Mat screen = readScreen(options);
  std::filesystem::create_directories(dir);
  std::ofstream manifest(dir / "manifest.tsv");
  if (!manifest) throw GenError("failed to write " + (dir / "manifest.tsv").string());
  manifest << "file\tclass\tdistance_cm\tsymbol_px\tmodule_px\n";

  for (std::size_t classIndex = 0; classIndex < ClassNames.size(); ++classIndex) {
    for (int index = 0; index < options.perClass; ++index) {
      std::seed_seq seq{options.seed, static_cast<unsigned>(classIndex), static_cast<unsigned>(index)};
      std::mt19937 rng(seq);
      Shot shot = planShot(ClassNames[classIndex], index, options.perClass, rng);
      Frame frame = renderShot(screen, options, shot, rng);
      cv::Mat out;
      frame.image.convertTo(out, CV_8U);

      char name[64];
      std::snprintf(name, sizeof name, "%.*s_%03d.png", static_cast<int>(shot.className.size()),
          shot.className.data(), index);
      if (!cv::imwrite((dir / name).string(), out)) {
        throw GenError("failed to write " + (dir / name).string());
      }
      char row[160];
      std::snprintf(row, sizeof row, "%s\t%.*s\t%.1f\t%.0f\t%.2f\n", name,
          static_cast<int>(shot.className.size()), shot.className.data(), shot.distanceCm,
          frame.symbolPixels, frame.symbolPixels / options.modules);
      manifest << row;
    }
  }
  if (!manifest.flush()) throw GenError("failed to write " + (dir / "manifest.tsv").string());
}

}  // namespace chillnode::gen
