#pragma once
// Image operations shared by the image-set and clip generators. Frames are CV_32F with one or
// three channels and values on the 0..255 scale, which saturate when converted to 8 bits.

#include <random>
#include <string>

#include <opencv2/core.hpp>

namespace chillnode::gen {

// Placement of a flat card in front of the camera.
struct Pose {
  double modulePixels = 4.0;  // image sets: QR module size in frame pixels before tilting
  double yawDegrees = 0;      // turn about the vertical axis
  double pitchDegrees = 0;    // turn about the horizontal axis
  double rollDegrees = 0;     // rotation in the image plane
};

// Pixels per module in the cards that makeCodeCard and makePhoneScreen return.
constexpr int CardModulePixels = 8;

// Homography that maps a card of `cardSize` pixels, scaled by `scale`, turned by the pose's
// yaw, pitch and roll under a pinhole camera, to a frame position centred on `center`.
cv::Matx33d cardHomography(cv::Size cardSize, double scale, const Pose& pose, cv::Point2d center);

// Warps `card` into `frame` with `homography` and blends it in along its own edges. A
// blurLength above 1 smears card and edge by that many pixels at blurAngleDegrees, as a card
// moving during the exposure does. Returns the card's bounding box in the frame.
cv::Rect compositeCard(cv::Mat& frame, const cv::Mat& card, const cv::Matx33d& homography,
    double blurLength = 0, double blurAngleDegrees = 0);

// Scales `card` to the pose's module size, picks a random position where it fits whole (shrinking
// it if it cannot fit) and composites it. Returns the card's bounding box.
cv::Rect placeCard(cv::Mat& frame, const cv::Mat& card, const Pose& pose, std::mt19937& rng);

// A cluttered grayscale background: a gradient with random blurred shapes.
cv::Mat makeBackground(cv::Size size, std::mt19937& rng);

// A printed QR code on a paper card with random paper and ink levels, CardModulePixels per
// module. `inverted` prints light modules on a dark card.
cv::Mat makeCodeCard(const std::string& payload, bool inverted, std::mt19937& rng);

// A QR code on a phone screen: a lit code inside a black bezel.
cv::Mat makePhoneScreen(const std::string& payload, std::mt19937& rng);

void applyLightGradient(cv::Mat& frame, std::mt19937& rng);
void addNoise(cv::Mat& frame, double sigma, std::mt19937& rng);
void applyMotionBlur(cv::Mat& frame, double length, double angleDegrees);
// Adds a Gaussian bright spot of `amplitude` levels, as a lamp reflected on a glossy card.
void addGlare(cv::Mat& frame, cv::Point2d center, double radius, double amplitude);
// Multiplies `box` by two crossed sine gratings of nearly equal period, the beat pattern a
// camera records from a screen's pixel grid.
void addMoire(cv::Mat& frame, const cv::Rect& box, double period, double amplitude,
    std::mt19937& rng);

}  // namespace chillnode::gen
