#include "camera_clip.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <unistd.h>
#include <random>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "bib_card.hpp"
#include "core/roster.hpp"
#include "demo_roster.hpp"
#include "scene.hpp"

namespace chillnode::gen {
namespace {

const cv::Size FrameSize(1280, 720);
constexpr double FramesPerSecond = 15.0;
constexpr double MinimumSeconds = 30.0;
// The bibs every clip starts with; random bibs of the demo roster follow, so every bib in
// the clip checks in at a kiosk loaded with assets/demo/roster.csv.
constexpr std::array<const char*, 5> LeadingBibs{"0042", "1234", "A-17", "0007", "2718"};

std::vector<std::string> demoRosterBibs() {
  RosterParseResult roster = parseRoster(makeDemoRosterCsv(300, 1));
  if (roster.error) throw std::runtime_error("demo roster does not parse: " + roster.error->reason);
  std::vector<std::string> bibs;
  for (const Runner& runner : roster.runners) bibs.push_back(runner.bib);
  return bibs;
}

std::string randomRosterBib(std::mt19937& rng) {
  static const std::vector<std::string> bibs = demoRosterBibs();
  return bibs[std::uniform_int_distribution<std::size_t>(0, bibs.size() - 1)(rng)];
}

enum class Lighting { Normal, Dim, Glare };

// One runner holding one bib up to the camera.
struct Pass {
  std::string bib;
  std::string payload;
  double start = 0;     // seconds
  double duration = 0;  // seconds
  cv::Point2d entry;    // card centre off screen before and after the pass
  cv::Point2d exit;
  cv::Point2d hold;     // card centre while held still
  double cardWidth = 0; // pixels while held
  Pose pose;
  Lighting lighting = Lighting::Normal;
  cv::Point2d glareOffset;  // from the card centre, in card widths
};

double uniform(std::mt19937& rng, double low, double high) {
  return std::uniform_real_distribution<double>(low, high)(rng);
}

double smoothStep(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

cv::Point2d offScreen(std::mt19937& rng) {
  bool fromLeft = rng() % 2 == 0;
  return {fromLeft ? -500.0 : FrameSize.width + 500.0, uniform(rng, 150, FrameSize.height - 150)};
}

std::vector<Pass> planPasses(double seconds, std::mt19937& rng) {
  std::vector<Pass> passes;
  double time = 1.0;
  std::string previous;
  for (int index = 0;; ++index) {
    Pass pass;
    pass.start = time;
    pass.duration = uniform(rng, 2.2, 3.0);
    if (pass.start + pass.duration > seconds - 0.5) break;

    std::size_t slot = static_cast<std::size_t>(index);
    pass.bib = slot < LeadingBibs.size() ? LeadingBibs[slot] : randomRosterBib(rng);
    while (pass.bib == previous) pass.bib = randomRosterBib(rng);
    previous = pass.bib;
    pass.payload = bibPayload(pass.bib, index);

    pass.entry = offScreen(rng);
    pass.exit = offScreen(rng);
    pass.hold = {uniform(rng, 420, 860), uniform(rng, 260, 460)};
    pass.cardWidth = uniform(rng, 380, 560);
    pass.pose.yawDegrees = uniform(rng, -35, 35);
    pass.pose.pitchDegrees = uniform(rng, -25, 25);
    pass.pose.rollDegrees = uniform(rng, -25, 25);
    pass.lighting = static_cast<Lighting>(index % 3);
    pass.glareOffset = {uniform(rng, 0.05, 0.3), uniform(rng, -0.2, 0.2)};
    passes.push_back(pass);

    time += pass.duration + uniform(rng, 0.6, 1.4);
  }
  return passes;
}

// The booth: a wall with a banner, a table edge and a floor, in BGR float.
cv::Mat makeBooth() {
  cv::Mat booth(FrameSize, CV_32FC3);
  for (int y = 0; y < FrameSize.height; ++y) {
    double shade = 1.0 - 0.35 * y / FrameSize.height;
    booth.row(y).setTo(cv::Scalar(150 * shade, 175 * shade, 190 * shade));
  }
  cv::rectangle(booth, {120, 40, 1040, 120}, cv::Scalar(150, 70, 10), cv::FILLED);
  cv::putText(booth, "RECOVERY ZONE  -  CHECK IN HERE", {170, 118}, cv::FONT_HERSHEY_DUPLEX, 1.7,
      cv::Scalar(255, 255, 255), 3, cv::LINE_AA);
  cv::rectangle(booth, {0, 600, FrameSize.width, 120}, cv::Scalar(70, 80, 95), cv::FILLED);
  cv::rectangle(booth, {60, 560, 520, 40}, cv::Scalar(40, 45, 50), cv::FILLED);
  cv::circle(booth, {1140, 480}, 70, cv::Scalar(60, 120, 50), cv::FILLED);
  cv::GaussianBlur(booth, booth, {}, 2.0);
  return booth;
}

// Card centre and width at `time` seconds into the pass: it swings in, is held with a
// slight hand tremor, then swings out.
std::pair<cv::Point2d, double> cardAt(const Pass& pass, double time) {
  double t = time / pass.duration;
  double tremorX = 4 * std::sin(time * 9.0);
  double tremorY = 3 * std::sin(time * 7.0 + 1.0);
  if (t < 0.25) {
    double s = smoothStep(t / 0.25);
    return {pass.entry + (pass.hold - pass.entry) * s, pass.cardWidth * (0.7 + 0.3 * s)};
  }
  if (t > 0.8) {
    double s = smoothStep((t - 0.8) / 0.2);
    return {pass.hold + (pass.exit - pass.hold) * s, pass.cardWidth * (1.0 - 0.3 * s)};
  }
  return {pass.hold + cv::Point2d(tremorX, tremorY), pass.cardWidth};
}

void drawRunner(cv::Mat& frame, cv::Point2d cardCenter, double cardWidth) {
  cv::Point torso(static_cast<int>(cardCenter.x), static_cast<int>(cardCenter.y + cardWidth * 0.2));
  int width = static_cast<int>(cardWidth * 0.75);
  cv::ellipse(frame, torso, {width, static_cast<int>(cardWidth * 0.9)}, 0, 0, 360,
      cv::Scalar(120, 60, 160), cv::FILLED);
  cv::circle(frame, {torso.x, torso.y - static_cast<int>(cardWidth * 1.0)},
      static_cast<int>(cardWidth * 0.28), cv::Scalar(120, 150, 200), cv::FILLED);
}

void renderPassFrame(cv::Mat& frame, const Pass& pass, const cv::Mat& card, double time) {
  auto [center, width] = cardAt(pass, time);
  auto [nextCenter, nextWidth] = cardAt(pass, time + 1.0 / FramesPerSecond);
  drawRunner(frame, center, width);

  // The card turns a little as it is raised and lowered.
  Pose pose = pass.pose;
  double swing = 1.0 - std::min(1.0, std::abs(center.x - pass.hold.x) / 600.0);
  pose.rollDegrees += 20 * (1.0 - swing);
  pose.yawDegrees += 2 * std::sin(time * 5.0);

  // A shutter open for half the frame time smears the card by half its travel per frame.
  cv::Point2d travel = nextCenter - center;
  double blurLength = 0.5 * std::hypot(travel.x, travel.y);
  double blurAngle = std::atan2(travel.y, travel.x) * 180.0 / CV_PI;
  double scale = width / card.cols;
  compositeCard(frame, card, cardHomography(card.size(), scale, pose, center), blurLength,
                blurAngle);

  if (pass.lighting == Lighting::Glare) {
    cv::Point2d spot = center + pass.glareOffset * width;
    addGlare(frame, spot, width * 0.12, 170);
  }
}

void finishFrame(cv::Mat& frame, Lighting lighting, std::mt19937& rng) {
  if (lighting == Lighting::Dim) {
    frame *= 0.35;
    addNoise(frame, 5, rng);
  } else {
    addNoise(frame, 2, rng);
  }
}

}  // namespace

void writeClip(const std::filesystem::path& path, double seconds, unsigned seed) {
  seconds = std::max(seconds, MinimumSeconds);
  std::mt19937 rng(seed);
  std::vector<Pass> passes = planPasses(seconds, rng);

  // The expected list goes first and the video is renamed into place last, so a clip that
  // exists is complete even when an earlier run was killed half way.
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream expected(path.string() + ".expected.txt");
  for (const Pass& pass : passes) expected << pass.bib << '\n';
  if (!expected.flush()) throw GenError("failed to write " + path.string() + ".expected.txt");

  std::filesystem::path partial = path;
  partial.replace_filename(path.stem().string() + ".partial-" + std::to_string(getpid()) + ".avi");
  cv::VideoWriter writer(partial.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'),
      FramesPerSecond, FrameSize, true);
  if (!writer.isOpened()) {
    throw GenError("failed to open " + partial.string() +
                   " for MJPG video: check the folder and the .avi name");
  }
  writer.set(cv::VIDEOWRITER_PROP_QUALITY, 85);

  std::vector<cv::Mat> cards;
  for (const Pass& pass : passes) {
    cv::Mat card;
    renderBibCard(pass.bib, pass.payload).convertTo(card, CV_32FC3);
    cards.push_back(card);
  }

  const cv::Mat booth = makeBooth();
  int frameCount = static_cast<int>(seconds * FramesPerSecond);
  cv::Mat frame;
  cv::Mat out;
  for (int index = 0; index < frameCount; ++index) {
    double time = index / FramesPerSecond;
    booth.copyTo(frame);
    Lighting lighting = Lighting::Normal;
    for (std::size_t p = 0; p < passes.size(); ++p) {
      const Pass& pass = passes[p];
      if (time < pass.start || time >= pass.start + pass.duration) continue;
      renderPassFrame(frame, pass, cards[p], time - pass.start);
      lighting = pass.lighting;
    }
    finishFrame(frame, lighting, rng);
    frame.convertTo(out, CV_8UC3);
    writer.write(out);
  }
  writer.release();
  std::filesystem::rename(partial, path);
}

}  // namespace chillnode::gen
