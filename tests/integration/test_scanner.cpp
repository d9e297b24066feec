// The QR scanner on data from chillnode-gen: the demo booth clip, a distorted image set and
// garbled frames.

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "core/payload.hpp"
#include "platform/qr_scanner.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// Images that `chillnode-bench scanner --live-only` decoded live on the image set of
// ImageSetPerClass images per class (seed 1): 95 of 110, as recorded in BENCHMARKS.md under
// "QR scanner". Raise both together.
constexpr int RecordedLiveDecodes = 95;
constexpr int ImageSetPerClass = 10;
// Same as chillnode-bench: a code is held in front of the camera for up to 6 frames at 15 fps,
// and the next runner steps up 2 s later.
constexpr int LiveFrames = 6;
constexpr std::chrono::milliseconds FrameInterval{66};
constexpr std::chrono::milliseconds RunnerGap{2000};
// Decodes of the same payload closer together than this are one check-in.
constexpr std::chrono::seconds RepeatWindow{5};

fs::path testDataDir() {
  fs::path dir = fs::path(CHILLNODE_BUILD_DIR) / "test-data";
  fs::create_directories(dir);
  return dir;
}

void runGen(const std::string& arguments) {
  std::string command = std::string(CHILLNODE_GEN) + " " + arguments + " >/dev/null";
  INFO("command: " << command);
  REQUIRE(std::system(command.c_str()) == 0);
}

// Generates the demo clip once per build folder, where scripts/demo, the end-to-end test
// and scripts/bench use it too. chillnode-gen renames a finished clip into place, so one
// that exists is complete.
fs::path demoClip() {
  fs::path clip = fs::path(CHILLNODE_BUILD_DIR) / "demo" / "demo-clip.avi";
  if (fs::exists(clip)) return clip;
  fs::create_directories(clip.parent_path());
  runGen("clip " + clip.string() + " --seconds 32 --seed 1");
  return clip;
}

fs::path imageSet() {
  fs::path dir = testDataDir() / ("scanner_images_seed1_" + std::to_string(ImageSetPerClass));
  if (fs::exists(dir / "manifest.tsv")) return dir;

  fs::path partial = testDataDir() / ("partial_images_" + std::to_string(getpid()));
  runGen("images " + partial.string() + " --seed 1 --per-class " +
         std::to_string(ImageSetPerClass));
  fs::rename(partial, dir);
  return dir;
}

std::vector<std::string> readLines(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// Scans the clip frame by frame as the kiosk would, with video time as the clock, and
// returns each check-in's payload once.
std::vector<std::string> scanClip(const fs::path& clip) {
  cv::VideoCapture capture(clip.string());
  REQUIRE(capture.isOpened());
  double fps = capture.get(cv::CAP_PROP_FPS);
  REQUIRE(fps > 0);

  chillnode::QrScanner scanner;
  std::vector<std::string> payloads;
  std::map<std::string, Clock::time_point> lastSeen;
  const Clock::time_point start{};
  cv::Mat frame;
  for (int index = 0; capture.read(frame); ++index) {
    auto now = start + std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(index / fps));
    auto decode = scanner.scanFrame(frame, now);
    if (!decode) continue;
    auto seen = lastSeen.find(decode->text);
    bool repeat = seen != lastSeen.end() && now - seen->second < RepeatWindow;
    lastSeen[decode->text] = now;
    if (!repeat) payloads.push_back(decode->text);
  }
  return payloads;
}

cv::Mat bibCard(const std::string& arguments, const std::string& name) {
  fs::path path = testDataDir() / name;
  runGen("bib " + path.string() + " " + arguments);
  cv::Mat card = cv::imread(path.string());
  REQUIRE_FALSE(card.empty());
  return card;
}

}  // namespace

TEST_CASE("scanner decodes clip bibs in order", "[scanner][clip]") {
  fs::path clip = demoClip();
  std::vector<std::string> expected = readLines(clip.string() + ".expected.txt");
  REQUIRE(expected.size() >= 8);

  std::vector<std::string> payloads = scanClip(clip);
  REQUIRE(payloads.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("check-in " << i << ": payload '" << payloads[i] << "'");
    CHECK_THAT(payloads[i], Catch::Matchers::Contains(expected[i]));
  }
}

// NOTE: fails while BibPayloadParser is the placeholder that accepts only plain bibs, because
// the clip also prints URL, "BIB:" and JSON payloads, forms that payload.hpp lists as accepted.
TEST_CASE("clip payloads parse to expected bibs", "[scanner][clip][payload]") {
  fs::path clip = demoClip();
  std::vector<std::string> expected = readLines(clip.string() + ".expected.txt");
  std::vector<std::string> payloads = scanClip(clip);

  chillnode::BibPayloadParser parser;
  std::vector<std::string> bibs;
  for (const std::string& payload : payloads) {
    chillnode::BibPayload parsed = parser.parse(payload);
    INFO("payload '" << payload << "': " << chillnode::describe(parsed.error));
    CHECK(parsed.ok());
    bibs.push_back(parsed.bib);
  }
  CHECK(bibs == expected);
}

TEST_CASE("scanner keeps recorded rate on image set", "[scanner][images]") {
  fs::path dir = imageSet();
  std::vector<std::string> rows = readLines(dir / "manifest.tsv");
  REQUIRE(rows.size() > 1);

  chillnode::QrScanner scanner;
  Clock::time_point now{};
  int images = 0;
  int decoded = 0;
  int wrong = 0;
  for (std::size_t row = 1; row < rows.size(); ++row) {
    std::istringstream fields(rows[row]);
    std::string file, className, size, payload;
    std::getline(fields, file, '\t');
    std::getline(fields, className, '\t');
    std::getline(fields, size, '\t');
    std::getline(fields, payload);
    cv::Mat image = cv::imread((dir / file).string(), cv::IMREAD_GRAYSCALE);
    REQUIRE_FALSE(image.empty());

    ++images;
    for (int frame = 0; frame < LiveFrames; ++frame) {
      now += frame == 0 ? RunnerGap : FrameInterval;
      auto decode = scanner.scanFrame(image, now);
      if (!decode) continue;
      if (decode->text == payload) {
        ++decoded;
      } else {
        ++wrong;
        UNSCOPED_INFO(file << ": decoded '" << decode->text << "', expected '" << payload << "'");
      }
      break;
    }
  }

  INFO("decoded " << decoded << " of " << images << " images");
  CHECK(images == 11 * ImageSetPerClass);
  CHECK(decoded >= RecordedLiveDecodes);
  CHECK(wrong == 0);
}

TEST_CASE("scanner survives garbled frames", "[scanner][garbled]") {
  chillnode::QrScanner scanner;
  Clock::time_point now{};
  auto scanLive = [&](const cv::Mat& frame) {
    std::optional<chillnode::QrDecode> last;
    for (int i = 0; i < 10; ++i) {
      now += FrameInterval;
      last = scanner.scanFrame(frame, now);
    }
    return last;
  };

  SECTION("all-black frame") {
    cv::Mat black(720, 1280, CV_8UC3, cv::Scalar::all(0));
    CHECK_FALSE(scanLive(black).has_value());
    CHECK_FALSE(scanner.scanStill(black).has_value());
  }
  SECTION("random noise") {
    cv::Mat noise(720, 1280, CV_8UC1);
    cv::randu(noise, 0, 256);
    CHECK_FALSE(scanLive(noise).has_value());
  }
  SECTION("1x1 image") {
    cv::Mat tiny(1, 1, CV_8UC3, cv::Scalar(255, 255, 255));
    CHECK_FALSE(scanLive(tiny).has_value());
    CHECK_FALSE(scanner.scanStill(tiny).has_value());
  }
  SECTION("empty image") {
    CHECK_FALSE(scanLive(cv::Mat()).has_value());
    CHECK_FALSE(scanner.scanStill(cv::Mat()).has_value());
  }
  SECTION("16-bit image") {
    cv::Mat deep(480, 640, CV_16UC1, cv::Scalar(40000));
    CHECK_FALSE(scanLive(deep).has_value());
  }
  SECTION("huge frame with a bib") {
    cv::Mat huge(3000, 4000, CV_8UC3, cv::Scalar(120, 130, 140));
    cv::Mat card = bibCard("0042 --bib 0042", "garbled_huge_bib.png");
    card.copyTo(huge(cv::Rect({1500, 1200}, card.size())));
    auto live = scanLive(huge);
    REQUIRE(live.has_value());
    CHECK(live->text == "0042");
    auto still = scanner.scanStill(huge);
    REQUIRE(still.has_value());
    CHECK(still->text == "0042");
  }
  SECTION("code with junk binary payload") {
    // NUL, control characters, bytes that are invalid UTF-8, and a quote.
    cv::Mat card = bibCard("00ff1b0a80c0fe22415a7f01 --hex", "garbled_junk_payload.png");
    auto still = scanner.scanStill(card);
    scanLive(card);
    if (still) {
      chillnode::BibPayload parsed = chillnode::BibPayloadParser().parse(still->text);
      CHECK_FALSE(parsed.ok());
    }
  }
}
