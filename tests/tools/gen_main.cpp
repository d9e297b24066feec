// chillnode-gen: test and demo data from a fixed seed. Each subcommand is one entry in
// Commands below; run without arguments for the usage text.

#include <charconv>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "bib_card.hpp"
#include "camera_clip.hpp"
#include "image_set.hpp"
#include "phone_photo.hpp"

#if __has_include("demo_roster.hpp")
#include <fstream>

#include "demo_roster.hpp"
#define CHILLNODE_GEN_HAS_ROSTER 1
#endif

namespace {

using chillnode::gen::GenError;

// Positional arguments plus --name value options.
struct Arguments {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
  std::map<std::string, bool> flags;
};

Arguments parseArguments(int argc, char** argv, int first) {
  Arguments arguments;
  for (int i = first; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--hex") {
      arguments.flags["hex"] = true;
    } else if (arg.starts_with("--")) {
      if (i + 1 >= argc) throw GenError("option " + std::string(arg) + " is missing its value");
      arguments.options[std::string(arg.substr(2))] = argv[++i];
    } else {
      arguments.positional.emplace_back(arg);
    }
  }
  return arguments;
}

template <typename Number>
Number optionNumber(const Arguments& arguments, const std::string& name, Number fallback) {
  auto found = arguments.options.find(name);
  if (found == arguments.options.end()) return fallback;
  const std::string& text = found->second;
  Number value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw GenError("invalid value '" + text + "' for --" + name + ": expected a number");
  }
  return value;
}

void requirePositional(const Arguments& arguments, std::size_t count, const char* usage) {
  if (arguments.positional.size() != count) throw GenError(std::string("usage: ") + usage);
}

std::string decodeHex(const std::string& hex) {
  if (hex.size() % 2 != 0) throw GenError("invalid hex payload: odd number of digits");
  std::string bytes;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    unsigned value = 0;
    auto [end, error] = std::from_chars(hex.data() + i, hex.data() + i + 2, value, 16);
    if (error != std::errc() || end != hex.data() + i + 2) {
      throw GenError("invalid hex payload at offset " + std::to_string(i));
    }
    bytes += static_cast<char>(value);
  }
  return bytes;
}

constexpr const char* ClipUsage = "chillnode-gen clip OUT.avi [--seconds 32] [--seed 1]";
constexpr const char* ImagesUsage = "chillnode-gen images OUTDIR [--seed 1] [--per-class 30]";
constexpr const char* BibUsage = "chillnode-gen bib OUT.png PAYLOAD [--bib NUMBER] [--hex]";
constexpr const char* PhotosUsage =
    "chillnode-gen photos OUTDIR --screen SCREENSHOT.png [--code X,Y,WIDTH,HEIGHT --modules N] "
    "[--seed 1] [--per-class 12]";

int runClip(const Arguments& arguments) {
  requirePositional(arguments, 1, ClipUsage);
  std::filesystem::path path = arguments.positional[0];
  chillnode::gen::writeClip(path, optionNumber(arguments, "seconds", 32.0),
      optionNumber(arguments, "seed", 1u));
  std::printf("wrote %s and %s.expected.txt\n", path.c_str(), path.c_str());
  return 0;
}

int runImages(const Arguments& arguments) {
  requirePositional(arguments, 1, ImagesUsage);
  int perClass = optionNumber(arguments, "per-class", 30);
  if (perClass < 1) {
    throw GenError("invalid --per-class " + std::to_string(perClass) + ": must be 1 or more");
  }
  std::filesystem::path dir = arguments.positional[0];
  chillnode::gen::writeImageSet(dir, optionNumber(arguments, "seed", 1u), perClass);
  std::printf("wrote %d images per class and manifest.tsv to %s\n", perClass, dir.c_str());
  return 0;
}

int runBib(const Arguments& arguments) {
  requirePositional(arguments, 2, BibUsage);
  std::string payload = arguments.positional[1];
  if (arguments.flags.contains("hex")) payload = decodeHex(payload);
  auto bib = arguments.options.find("bib");
  std::string number = bib != arguments.options.end() ? bib->second : "0042";
  const std::string& path = arguments.positional[0];
  if (!cv::imwrite(path, chillnode::gen::renderBibCard(number, payload))) {
    throw GenError("failed to write " + path);
  }
  std::printf("wrote %s\n", path.c_str());
  return 0;
}

constexpr const char* LogoUsage = "chillnode-gen logo OUT.png TEXT [--hue 0-179]";

// A plain sponsor logo for the demo and the tests: a coloured badge with a word on it.
int runLogo(const Arguments& arguments) {
  requirePositional(arguments, 2, LogoUsage);
  int hue = optionNumber(arguments, "hue", 25);
  if (hue < 0 || hue > 179) throw GenError("invalid --hue " + std::to_string(hue) + ": must be 0 to 179");
  cv::Mat hsv(1, 1, CV_8UC3, cv::Scalar(hue, 200, 210));
  cv::Mat bgr;
  cv::cvtColor(hsv, bgr, cv::COLOR_HSV2BGR);
  cv::Vec3b color = bgr.at<cv::Vec3b>(0, 0);
  cv::Mat logo(160, 400, CV_8UC4, cv::Scalar(0, 0, 0, 0));
  cv::rectangle(logo, cv::Rect(0, 0, 400, 160), cv::Scalar(color[0], color[1], color[2], 255), cv::FILLED);
  const std::string& text = arguments.positional[1];
  int baseline = 0;
  double scale = 2.2;
  cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_DUPLEX, scale, 4, &baseline);
  if (size.width > 360) {
    scale *= 360.0 / size.width;
    size = cv::getTextSize(text, cv::FONT_HERSHEY_DUPLEX, scale, 4, &baseline);
  }
  cv::putText(logo, text, cv::Point((400 - size.width) / 2, (160 + size.height) / 2), cv::FONT_HERSHEY_DUPLEX, scale,
              cv::Scalar(255, 255, 255, 255), 4, cv::LINE_AA);
  const std::string& path = arguments.positional[0];
  if (!cv::imwrite(path, logo)) throw GenError("failed to write " + path);
  std::printf("wrote %s\n", path.c_str());
  return 0;
}

// Parses "X,Y,WIDTH,HEIGHT" in pixels.
cv::Rect parseBox(const std::string& text) {
  int values[4] = {};
  const char* at = text.data();
  const char* end = text.data() + text.size();
  for (int i = 0; i < 4; ++i) {
    auto [next, error] = std::from_chars(at, end, values[i]);
    bool separated = i == 3 ? next == end : next != end && *next == ',';
    if (error != std::errc() || !separated) {
      throw GenError("invalid --code '" + text + "': expected X,Y,WIDTH,HEIGHT in pixels");
    }
    at = next + 1;
  }
  return {values[0], values[1], values[2], values[3]};
}

int runPhotos(const Arguments& arguments) {
  requirePositional(arguments, 1, PhotosUsage);
  chillnode::gen::PhotoSetOptions options;
  auto screen = arguments.options.find("screen");
  if (screen == arguments.options.end()) throw GenError(std::string("usage: ") + PhotosUsage);
  options.screenPath = screen->second;
  auto code = arguments.options.find("code");
  bool hasModules = arguments.options.contains("modules");
  if ((code != arguments.options.end()) != hasModules) {
    throw GenError("--code and --modules go together: pass both, or neither to locate the code");
  }
  if (hasModules) {
    options.codeBox = parseBox(code->second);
    options.modules = optionNumber(arguments, "modules", 0);
  }
  options.seed = optionNumber(arguments, "seed", 1u);
  options.perClass = optionNumber(arguments, "per-class", 12);
  if (options.perClass < 1) {
    throw GenError("invalid --per-class " + std::to_string(options.perClass) + ": must be 1 or more");
  }
  std::filesystem::path dir = arguments.positional[0];
  chillnode::gen::writePhotoSet(dir, options);
  std::printf("wrote %d frames per class and manifest.tsv to %s\n", options.perClass, dir.c_str());
  return 0;
}

constexpr const char* PixelUsage = "chillnode-gen pixel IMAGE.png X Y";
constexpr const char* SameImageUsage = "chillnode-gen same-image A.png B.png [--turn-clockwise 0|90|180|270]";

cv::Mat readImage(const std::string& path) {
  cv::Mat image = cv::imread(path, cv::IMREAD_COLOR);
  if (image.empty()) throw GenError("cannot read image " + path);
  return image;
}

// Prints the colour of one pixel as "R G B", for tests that check where a screen drew what.
int runPixel(const Arguments& arguments) {
  requirePositional(arguments, 3, PixelUsage);
  cv::Mat image = readImage(arguments.positional[0]);
  auto coordinate = [](const std::string& text) {
    int value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
      throw GenError("invalid coordinate '" + text + "': expected a whole number of pixels");
    }
    return value;
  };
  int x = coordinate(arguments.positional[1]);
  int y = coordinate(arguments.positional[2]);
  if (x < 0 || y < 0 || x >= image.cols || y >= image.rows) {
    throw GenError("pixel " + std::to_string(x) + "," + std::to_string(y) + " is outside the " +
                   std::to_string(image.cols) + "x" + std::to_string(image.rows) + " image");
  }
  cv::Vec3b bgr = image.at<cv::Vec3b>(y, x);
  std::printf("%d %d %d\n", bgr[2], bgr[1], bgr[0]);
  return 0;
}

// Compares A with B turned clockwise. Exits with status 1 when their sizes differ, or when
// more than 0.1 % of the pixels differ by more than 8 in any channel.
int runSameImage(const Arguments& arguments) {
  requirePositional(arguments, 2, SameImageUsage);
  cv::Mat a = readImage(arguments.positional[0]);
  cv::Mat b = readImage(arguments.positional[1]);
  int turn = optionNumber(arguments, "turn-clockwise", 0);
  if (turn == 90) cv::rotate(b, b, cv::ROTATE_90_CLOCKWISE);
  else if (turn == 180) cv::rotate(b, b, cv::ROTATE_180);
  else if (turn == 270) cv::rotate(b, b, cv::ROTATE_90_COUNTERCLOCKWISE);
  else if (turn != 0) throw GenError("invalid --turn-clockwise " + std::to_string(turn) + ": use 0, 90, 180 or 270");
  if (a.size() != b.size()) {
    std::printf("different sizes: %dx%d and %dx%d\n", a.cols, a.rows, b.cols, b.rows);
    return 1;
  }
  cv::Mat difference;
  cv::absdiff(a, b, difference);
  cv::Mat channelMax = difference.reshape(1, static_cast<int>(difference.total()));
  cv::reduce(channelMax, channelMax, 1, cv::REDUCE_MAX);
  int differing = cv::countNonZero(channelMax > 8);
  double percent = 100.0 * differing / static_cast<double>(a.total());
  std::printf("%d of %zu pixels differ (%.3f %%)\n", differing, a.total(), percent);
  return percent <= 0.1 ? 0 : 1;
}

#ifdef CHILLNODE_GEN_HAS_ROSTER
constexpr const char* RosterUsage = "chillnode-gen roster OUT.csv [--count 300] [--seed 1]";

int runRoster(const Arguments& arguments) {
  requirePositional(arguments, 1, RosterUsage);
  const std::string& path = arguments.positional[0];
  std::ofstream out(path);
  out << chillnode::makeDemoRosterCsv(optionNumber(arguments, "count", 300),
                                      optionNumber(arguments, "seed", 1u));
  if (!out.flush()) throw GenError("failed to write " + path);
  std::printf("wrote %s\n", path.c_str());
  return 0;
}
#endif

struct Command {
  const char* name;
  const char* usage;
  int (*run)(const Arguments&);
};

const std::vector<Command> Commands{
    {"clip", ClipUsage, runClip},
    {"images", ImagesUsage, runImages},
    {"bib", BibUsage, runBib},
    {"logo", LogoUsage, runLogo},
    {"photos", PhotosUsage, runPhotos},
    {"pixel", PixelUsage, runPixel},
    {"same-image", SameImageUsage, runSameImage},
#ifdef CHILLNODE_GEN_HAS_ROSTER
    {"roster", RosterUsage, runRoster},
#endif
};

void printUsage() {
  std::fputs("usage:\n", stderr);
  for (const Command& command : Commands) std::fprintf(stderr, "  %s\n", command.usage);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    printUsage();
    return 2;
  }
  std::string_view name = argv[1];
  for (const Command& command : Commands) {
    if (name != command.name) continue;
    try {
      return command.run(parseArguments(argc, argv, 2));
    } catch (const std::exception& error) {
      std::fprintf(stderr, "chillnode-gen %s: %s\n", command.name, error.what());
      return 1;
    }
  }
  std::fprintf(stderr, "chillnode-gen: unknown subcommand '%s'\n", argv[1]);
  printUsage();
  return 2;
}
