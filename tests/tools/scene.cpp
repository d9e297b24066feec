#include "scene.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "bib_card.hpp"

namespace chillnode::gen {
namespace {

constexpr double DegreesToRadians = std::numbers::pi / 180.0;

double uniform(std::mt19937& rng, double low, double high) {
  return std::uniform_real_distribution<double>(low, high)(rng);
}

// Spreads a single-channel image to the channel count of `like`. Other images pass through.
cv::Mat matchChannels(const cv::Mat& single, const cv::Mat& like) {
  if (single.channels() == like.channels()) return single;
  std::vector<cv::Mat> planes(static_cast<std::size_t>(like.channels()), single);
  cv::Mat merged;
  cv::merge(planes, merged);
  return merged;
}

// Pads a grayscale code image with `margin` pixels and maps 0..255 to ink..paper levels.
cv::Mat toCard(const cv::Mat& code, int margin, double ink, double paper) {
  cv::Mat padded;
  cv::copyMakeBorder(code, padded, margin, margin, margin, margin, cv::BORDER_CONSTANT, 255);
  cv::Mat card;
  padded.convertTo(card, CV_32F, (paper - ink) / 255.0, ink);
  return card;
}

}  // namespace

cv::Matx33d cardHomography(cv::Size cardSize, double scale, const Pose& pose, cv::Point2d center) {
  double yaw = pose.yawDegrees * DegreesToRadians;
  double pitch = pose.pitchDegrees * DegreesToRadians;
  double roll = pose.rollDegrees * DegreesToRadians;
  // Focal length of twice the card size, roughly a card held half a metre from a webcam.
  double focal = 2.0 * std::max(cardSize.width, cardSize.height) * scale;

  std::vector<cv::Point2f> source{{0, 0}, {static_cast<float>(cardSize.width), 0},
      {static_cast<float>(cardSize.width), static_cast<float>(cardSize.height)},
      {0, static_cast<float>(cardSize.height)}};
  std::vector<cv::Point2f> target;
  for (const auto& corner : source) {
    double x = (corner.x - cardSize.width / 2.0) * scale;
    double y = (corner.y - cardSize.height / 2.0) * scale;
    // Yaw turns x into depth, then pitch turns y into depth.
    double z = x * std::sin(yaw);
    x *= std::cos(yaw);
    z += y * std::sin(pitch);
    y *= std::cos(pitch);
    double projection = focal / (focal + z);
    x *= projection;
    y *= projection;
    double rolledX = x * std::cos(roll) - y * std::sin(roll);
    double rolledY = x * std::sin(roll) + y * std::cos(roll);
    target.emplace_back(static_cast<float>(center.x + rolledX),
        static_cast<float>(center.y + rolledY));
  }
  return cv::getPerspectiveTransform(source, target);
}

cv::Rect compositeCard(cv::Mat& frame, const cv::Mat& card, const cv::Matx33d& homography,
    double blurLength, double blurAngleDegrees) {
  // Work only on the part of the frame the card can reach, blur smear included.
  std::vector<cv::Point2f> corners{{0, 0}, {static_cast<float>(card.cols), 0},
      {static_cast<float>(card.cols), static_cast<float>(card.rows)},
      {0, static_cast<float>(card.rows)}};
  cv::perspectiveTransform(corners, corners, homography);
  int reach = static_cast<int>(std::ceil(blurLength)) + 4;
  cv::Rect area = cv::boundingRect(corners);
  area = cv::Rect(area.x - reach, area.y - reach, area.width + 2 * reach, area.height + 2 * reach) &
      cv::Rect(0, 0, frame.cols, frame.rows);
  if (area.empty()) return {};
  cv::Matx33d shift(1, 0, -area.x, 0, 1, -area.y, 0, 0, 1);

  cv::Mat warped;
  cv::Mat mask;
  cv::warpPerspective(matchChannels(card, frame), warped, shift * homography, area.size(),
      cv::INTER_LINEAR);
  cv::warpPerspective(cv::Mat(card.size(), CV_32F, cv::Scalar(1.0)), mask, shift * homography,
      area.size(), cv::INTER_LINEAR);
  if (blurLength > 1) {
    applyMotionBlur(warped, blurLength, blurAngleDegrees);
    applyMotionBlur(mask, blurLength, blurAngleDegrees);
  }

  // region = region * (1 - mask) + warped, since warped is already multiplied by the mask.
  cv::Mat region = frame(area);
  cv::Mat blended = region.mul(matchChannels(1.0 - mask, frame)) + warped;
  blended.copyTo(region);

  cv::Mat nonZero;
  cv::findNonZero(mask > 0.01, nonZero);
  return nonZero.empty() ? cv::Rect() : cv::boundingRect(nonZero) + area.tl();
}

cv::Rect placeCard(cv::Mat& frame, const cv::Mat& card, const Pose& pose, std::mt19937& rng) {
  double scale = pose.modulePixels / CardModulePixels;
  cv::Mat scaled;
  cv::resize(card, scaled, {}, scale, scale, cv::INTER_AREA);

  // Measure the tilted card at the origin, then shrink it until it fits with a margin.
  cv::Size room(frame.cols - 16, frame.rows - 16);
  double fit = 1.0;
  cv::Rect2d box;
  for (int attempt = 0; attempt < 8; ++attempt) {
    cv::Matx33d atOrigin = cardHomography(scaled.size(), fit, pose, {0, 0});
    std::vector<cv::Point2f> corners{{0, 0}, {static_cast<float>(scaled.cols), 0},
        {static_cast<float>(scaled.cols), static_cast<float>(scaled.rows)},
        {0, static_cast<float>(scaled.rows)}};
    cv::perspectiveTransform(corners, corners, atOrigin);
    box = cv::boundingRect(corners);
    if (box.width <= room.width && box.height <= room.height) break;
    fit *= 0.85;
  }

  cv::Point2d center(8 - box.x + uniform(rng, 0, std::max(1.0, room.width - box.width)),
      8 - box.y + uniform(rng, 0, std::max(1.0, room.height - box.height)));
  return compositeCard(frame, scaled, cardHomography(scaled.size(), fit, pose, center));
}

cv::Mat makeBackground(cv::Size size, std::mt19937& rng) {
  cv::Mat frame(size, CV_32F);
  double top = uniform(rng, 60, 190);
  double bottom = uniform(rng, 60, 190);
  for (int y = 0; y < size.height; ++y) {
    frame.row(y).setTo(top + (bottom - top) * y / size.height);
  }

  // Furniture, posters and people: blocks and bars of other gray levels.
  int shapes = std::uniform_int_distribution<int>(5, 12)(rng);
  for (int i = 0; i < shapes; ++i) {
    cv::Point corner(static_cast<int>(uniform(rng, 0, size.width)),
        static_cast<int>(uniform(rng, 0, size.height)));
    cv::Size extent(static_cast<int>(uniform(rng, 20, size.width / 3.0)),
        static_cast<int>(uniform(rng, 20, size.height / 3.0)));
    cv::rectangle(frame, cv::Rect(corner, extent), uniform(rng, 20, 235), cv::FILLED);
  }
  for (int i = 0; i < 4; ++i) {
    cv::Point from(static_cast<int>(uniform(rng, 0, size.width)),
        static_cast<int>(uniform(rng, 0, size.height)));
    cv::Point to(static_cast<int>(uniform(rng, 0, size.width)),
        static_cast<int>(uniform(rng, 0, size.height)));
    cv::line(frame, from, to, uniform(rng, 20, 235), std::uniform_int_distribution<int>(1, 6)(rng));
  }
  cv::GaussianBlur(frame, frame, {}, 1.5);
  return frame;
}

cv::Mat makeCodeCard(const std::string& payload, bool inverted, std::mt19937& rng) {
  cv::Mat code = renderQr(payload, CardModulePixels);
  double paper = uniform(rng, 205, 250);
  double ink = uniform(rng, 15, 50);
  if (inverted) {
    // Dark modules map to the light level and the card to the dark one.
    return toCard(code, 2 * CardModulePixels, uniform(rng, 190, 240), uniform(rng, 15, 50));
  }
  return toCard(code, 2 * CardModulePixels, ink, paper);
}

cv::Mat makePhoneScreen(const std::string& payload, std::mt19937& rng) {
  cv::Mat code = renderQr(payload, CardModulePixels);
  cv::Mat screen = toCard(code, CardModulePixels, uniform(rng, 8, 30), uniform(rng, 180, 240));
  cv::Mat phone;
  int side = 3 * CardModulePixels;
  int end = 10 * CardModulePixels;
  cv::copyMakeBorder(screen, phone, end, end, side, side, cv::BORDER_CONSTANT, uniform(rng, 5, 20));
  return phone;
}

void applyLightGradient(cv::Mat& frame, std::mt19937& rng) {
  double angle = uniform(rng, 0, 2 * std::numbers::pi);
  double dark = uniform(rng, 0.75, 1.0);
  double bright = uniform(rng, 0.95, 1.15);
  cv::Mat gain(frame.size(), CV_32F);
  double diagonal = std::hypot(frame.cols, frame.rows);
  for (int y = 0; y < frame.rows; ++y) {
    auto* row = gain.ptr<float>(y);
    for (int x = 0; x < frame.cols; ++x) {
      double along = (x * std::cos(angle) + y * std::sin(angle)) / diagonal + 0.5;
      row[x] = static_cast<float>(dark + (bright - dark) * std::clamp(along, 0.0, 1.0));
    }
  }
  frame = frame.mul(matchChannels(gain, frame));
}

void addNoise(cv::Mat& frame, double sigma, std::mt19937& rng) {
  cv::Mat noise(frame.size(), frame.type());
  cv::RNG cvRng(rng());
  cvRng.fill(noise, cv::RNG::NORMAL, 0.0, sigma);
  frame += noise;
}

void applyMotionBlur(cv::Mat& frame, double length, double angleDegrees) {
  int size = static_cast<int>(std::ceil(length)) | 1;
  cv::Mat kernel = cv::Mat::zeros(size + 2, size + 2, CV_32F);
  double angle = angleDegrees * DegreesToRadians;
  cv::Point2d middle((size + 1) / 2.0, (size + 1) / 2.0);
  cv::Point2d half(std::cos(angle) * length / 2, std::sin(angle) * length / 2);
  // Draw the line at 8x subpixel precision so short non-integer lengths differ.
  constexpr int Shift = 3;
  auto fixed = [](cv::Point2d point) {
    return cv::Point(static_cast<int>(std::lround(point.x * (1 << Shift))),
        static_cast<int>(std::lround(point.y * (1 << Shift))));
  };
  cv::line(kernel, fixed(middle - half), fixed(middle + half), 1.0, 1, cv::LINE_AA, Shift);
  double total = cv::sum(kernel)[0];
  if (total <= 0) return;
  kernel /= total;
  cv::filter2D(frame, frame, -1, kernel);
}

void addGlare(cv::Mat& frame, cv::Point2d center, double radius, double amplitude) {
  // Beyond four radii the spot adds less than a thousandth of its amplitude.
  int reach = static_cast<int>(std::ceil(4 * radius));
  cv::Rect area = cv::Rect(static_cast<int>(center.x) - reach, static_cast<int>(center.y) - reach,
      2 * reach + 1, 2 * reach + 1) & cv::Rect(0, 0, frame.cols, frame.rows);
  if (area.empty()) return;
  cv::Mat spot(area.size(), CV_32F);
  double twoSigmaSquared = 2 * radius * radius;
  for (int y = 0; y < area.height; ++y) {
    auto* row = spot.ptr<float>(y);
    double dy = area.y + y - center.y;
    for (int x = 0; x < area.width; ++x) {
      double dx = area.x + x - center.x;
      row[x] = static_cast<float>(amplitude * std::exp(-(dx * dx + dy * dy) / twoSigmaSquared));
    }
  }
  cv::Mat region = frame(area);
  region += matchChannels(spot, frame);
}

void addMoire(cv::Mat& frame, const cv::Rect& box, double period, double amplitude,
    std::mt19937& rng) {
  cv::Rect area = box & cv::Rect(0, 0, frame.cols, frame.rows);
  if (area.empty()) return;
  double first = uniform(rng, 0, std::numbers::pi);
  double second = first + uniform(rng, 2, 8) * DegreesToRadians;
  double secondPeriod = period * uniform(rng, 1.03, 1.1);
  cv::Mat pattern(area.size(), CV_32F);
  for (int y = 0; y < area.height; ++y) {
    auto* row = pattern.ptr<float>(y);
    for (int x = 0; x < area.width; ++x) {
      double a =
          std::sin(2 * std::numbers::pi * (x * std::cos(first) + y * std::sin(first)) / period);
      double b = std::sin(2 * std::numbers::pi * (x * std::cos(second) + y * std::sin(second)) /
          secondPeriod);
      row[x] = static_cast<float>(1.0 - amplitude * (0.5 + 0.5 * a) * (0.5 + 0.5 * b));
    }
  }
  cv::Mat region = frame(area);
  cv::multiply(region, matchChannels(pattern, frame), region);
}

}  // namespace chillnode::gen
