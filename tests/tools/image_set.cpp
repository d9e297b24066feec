#include "image_set.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numbers>
#include <random>
#include <string>
#include <string_view>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "bib_card.hpp"
#include "scene.hpp"

namespace chillnode::gen {
namespace {

constexpr std::array<std::string_view, 11> ClassNames{"nominal", "perspective", "rotation",
    "gaussian_blur", "motion_blur", "noise", "low_contrast", "glare", "small_code", "inverted",
    "phone_moire"};

// The Base45 alphabet (RFC 9285) without the space, so every voucher stays in QR
// alphanumeric mode and no payload has leading or trailing blanks.
constexpr std::string_view VoucherAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$%*+-./:";

double uniform(std::mt19937& rng, double low, double high) {
  return std::uniform_real_distribution<double>(low, high)(rng);
}

std::string voucherPayload(std::mt19937& rng) {
  int length = std::uniform_int_distribution<int>(90, 120)(rng);
  std::uniform_int_distribution<std::size_t> pick(0, VoucherAlphabet.size() - 1);
  std::string text = "CN1:";
  while (static_cast<int>(text.size()) < length) text += VoucherAlphabet[pick(rng)];
  return text;
}

// Everything that shapes one image, drawn from the class's ranges.
struct Shot {
  std::string_view className;
  cv::Size size;
  std::string payload;
  Pose pose;
  bool inverted = false;
  bool phone = false;
};

Shot planShot(std::string_view className, int index, std::mt19937& rng) {
  Shot shot;
  shot.className = className;
  bool large = index % 2 == 1;
  shot.size = large ? cv::Size(1280, 720) : cv::Size(640, 480);
  shot.payload = (index / 2) % 2 == 0
      ? bibPayload(randomBib(rng), std::uniform_int_distribution<int>(0, 3)(rng))
      : voucherPayload(rng);

  Pose& pose = shot.pose;
  pose.modulePixels = large ? uniform(rng, 3.0, 5.5) : uniform(rng, 2.4, 4.0);
  pose.yawDegrees = uniform(rng, -15, 15);
  pose.pitchDegrees = uniform(rng, -15, 15);
  pose.rollDegrees = uniform(rng, -20, 20);
  if (className == "perspective") {
    double strong = uniform(rng, 40, 58) * (rng() % 2 == 0 ? 1 : -1);
    (rng() % 2 == 0 ? pose.yawDegrees : pose.pitchDegrees) = strong;
  } else if (className == "rotation") {
    pose.rollDegrees = uniform(rng, 0, 360);
  } else if (className == "small_code") {
    pose.modulePixels = large ? uniform(rng, 1.7, 2.5) : uniform(rng, 1.6, 2.3);
  }
  shot.inverted = className == "inverted";
  shot.phone = className == "phone_moire";
  return shot;
}

// Applies the class's own distortion to the composed frame (CV_32F, 0..255).
void distort(const Shot& shot, const cv::Rect& codeBox, cv::Mat& frame, std::mt19937& rng) {
  std::string_view name = shot.className;
  double module = shot.pose.modulePixels;
  if (name == "gaussian_blur") {
    double sigma = module * uniform(rng, 0.3, 0.5);
    cv::GaussianBlur(frame, frame, {}, sigma);
  } else if (name == "motion_blur") {
    applyMotionBlur(frame, module * uniform(rng, 0.8, 1.8), uniform(rng, 0, 180));
  } else if (name == "noise") {
    addNoise(frame, uniform(rng, 25, 45), rng);
  } else if (name == "low_contrast") {
    double mean = uniform(rng, 90, 150);
    frame = (frame - mean) * uniform(rng, 0.08, 0.2) + mean;
    cv::GaussianBlur(frame, frame, {}, 0.6);
    addNoise(frame, 3, rng);
  } else if (name == "glare") {
    cv::Point2d center(codeBox.x + codeBox.width * uniform(rng, 0.2, 0.8),
        codeBox.y + codeBox.height * uniform(rng, 0.2, 0.8));
    double radius = std::max(codeBox.width, codeBox.height) * uniform(rng, 0.25, 0.5);
    addGlare(frame, center, radius, uniform(rng, 120, 220));
  } else if (name == "phone_moire") {
    cv::GaussianBlur(frame, frame, {}, 0.7);
  }
}

cv::Mat renderShot(const Shot& shot, std::mt19937& rng) {
  cv::Mat frame = makeBackground(shot.size, rng);
  cv::Mat card = shot.phone ? makePhoneScreen(shot.payload, rng)
                            : makeCodeCard(shot.payload, shot.inverted, rng);
  if (shot.phone) {
    // The beat pattern is drawn on the screen only, with its period given in frame pixels.
    double toCardPixels = CardModulePixels / shot.pose.modulePixels;
    addMoire(card, {{0, 0}, card.size()}, uniform(rng, 1.8, 3.5) * toCardPixels,
        uniform(rng, 0.35, 0.6), rng);
  }
  cv::Rect codeBox = placeCard(frame, card, shot.pose, rng);
  applyLightGradient(frame, rng);
  distort(shot, codeBox, frame, rng);
  addNoise(frame, 2.5, rng);
  cv::Mat out;
  frame.convertTo(out, CV_8U);
  return out;
}

std::string fileName(std::string_view className, cv::Size size, int index) {
  char name[96];
  std::snprintf(name, sizeof name, "%.*s_%dx%d_%03d.png", static_cast<int>(className.size()),
      className.data(), size.width, size.height, index);
  return name;
}

}  // namespace

void writeImageSet(const std::filesystem::path& dir, unsigned seed, int perClass) {
  std::filesystem::create_directories(dir);
  std::ofstream manifest(dir / "manifest.tsv");
  if (!manifest) throw GenError("failed to write " + (dir / "manifest.tsv").string());
  manifest << "file\tclass\tsize\tpayload\n";

  for (std::size_t classIndex = 0; classIndex < ClassNames.size(); ++classIndex) {
    for (int index = 0; index < perClass; ++index) {
      std::seed_seq seq{seed, static_cast<unsigned>(classIndex), static_cast<unsigned>(index)};
      std::mt19937 rng(seq);
      Shot shot = planShot(ClassNames[classIndex], index, rng);
      cv::Mat image = renderShot(shot, rng);

      std::string name = fileName(shot.className, shot.size, index);
      if (!cv::imwrite((dir / name).string(), image)) {
        throw GenError("failed to write " + (dir / name).string());
      }
      manifest << name << '\t' << shot.className << '\t' << shot.size.width << 'x'
               << shot.size.height << '\t' << shot.payload << '\n';
    }
  }
  if (!manifest.flush()) throw GenError("failed to write " + (dir / "manifest.tsv").string());
}

}  // namespace chillnode::gen
