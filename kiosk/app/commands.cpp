#include "app/commands.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include "core/repeat_filter.hpp"
#include "platform/qr_scanner.hpp"
#include "platform/system_clock.hpp"
#include "store/checkin_store.hpp"
#include "store/roster_store.hpp"

namespace chillnode {

namespace {

// Decoded text can hold anything; escape it so each result stays on one line.
std::string printable(const std::string& text) {
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '\\') out += "\\\\";
    else if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (byte < 0x20 || byte == 0x7F) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else out.push_back(c);
  }
  return out;
}

// Roster files larger than this are rejected. At an estimated 200 bytes a row, 100,000
// runners take about 20 MB. The bound also stops /dev/zero or a FIFO from filling memory.
constexpr std::size_t MaxRosterBytes = 64 * 1024 * 1024;

std::string describeRosterLimit() {
  return "the 64 MiB (" + std::to_string(MaxRosterBytes) + " bytes) limit for a roster file";
}

// Appends file to out until the file ends or out exceeds MaxRosterBytes, so an endless
// stream such as /dev/zero stops after at most one more 1 MiB chunk.
bool readBounded(std::ifstream& file, std::string& out) {
  constexpr std::size_t ChunkBytes = 1024 * 1024;
  while (out.size() <= MaxRosterBytes && file) {
    std::size_t offset = out.size();
    out.resize(offset + ChunkBytes);
    file.read(out.data() + offset, static_cast<std::streamsize>(ChunkBytes));
    out.resize(offset + static_cast<std::size_t>(file.gcount()));
  }
  return !file.bad();
}

// Reads the roster file at path into out. Returns an error message naming path, or nullopt.
std::optional<std::string> readRosterFile(const std::string& path, std::string& out) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return path + " is a directory: give the path of the CSV file";
  }
  std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > MaxRosterBytes) {
    return path + " is " + std::to_string(size) + " bytes, over " + describeRosterLimit() +
           ": remove unused columns or split the roster into several files";
  }
  std::ifstream file(path, std::ios::binary);
  if (!file || !readBounded(file, out)) {
    return "cannot read " + path + ": check the path and permissions";
  }
  if (out.size() > MaxRosterBytes) {
    return path + " is over " + describeRosterLimit() +
           ": give the path of a CSV file, not a device or pipe";
  }
  return std::nullopt;
}

// Returns the import summary, e.g. "1 runner added, 2 updated, 18 unchanged (21 in the
// roster)".
std::string describeImport(const RosterImportCounts& counts, int rosterSize) {
  std::string summary = std::to_string(counts.added) +
                        (counts.added == 1 ? " runner added, " : " runners added, ");
  summary += std::to_string(counts.updated) + " updated, ";
  summary += std::to_string(counts.unchanged) + " unchanged";
  return summary + " (" + std::to_string(rosterSize) + " in the roster)";
}

bool scanVideo(const std::string& path, QrScanner& scanner) {
  // FFmpeg reads every video file the kiosk meets; letting OpenCV try GStreamer and image
  // sequences first only prints their failures.
  cv::VideoCapture video(path, cv::CAP_FFMPEG);
  if (!video.isOpened()) return false;
  double fps = video.get(cv::CAP_PROP_FPS);
  if (fps <= 1 || fps > 240) fps = 30;
  RepeatFilter repeats(5000);
  cv::Mat frame;
  int index = 0;
  int found = 0;
  while (video.read(frame)) {
    auto videoMs = static_cast<std::int64_t>(index * 1000.0 / fps);
    std::chrono::steady_clock::time_point at{std::chrono::milliseconds(videoMs)};
    std::optional<QrDecode> decoded = scanner.scanFrame(frame, at);
    if (decoded && repeats.accept(decoded->text, videoMs)) {
      std::printf("%s:%d\t%s\n", path.c_str(), index, printable(decoded->text).c_str());
      ++found;
    }
    ++index;
  }
  if (index == 0) return false;
  if (found == 0) std::printf("%s\t-\n", path.c_str());
  return true;
}

}  // namespace

int runRosterImport(const Config& config, const std::string& csvPath) {
  std::string text;
  if (std::optional<std::string> error = readRosterFile(csvPath, text)) {
    std::fprintf(stderr, "roster import: %s\n", error->c_str());
    return 1;
  }
  RosterParseResult parsed = parseRoster(text);
  if (parsed.error) {
    // The reason starts with the line and column, e.g. "line 7, column \"Bib #\": ...".
    std::fprintf(stderr, "roster import: %s %s; nothing was imported\n", csvPath.c_str(),
                 parsed.error->reason.c_str());
    return 1;
  }
  if (parsed.runners.empty()) {
    std::fprintf(stderr,
                 "roster import: %s has a header but no runners; nothing was imported. Add "
                 "one row per runner below the header.\n",
                 csvPath.c_str());
    return 1;
  }
  try {
    Database db(config.databasePath);
    RosterImportCounts counts = importRunners(db, parsed.runners);
    std::printf("%s\n", describeImport(counts, countRunners(db)).c_str());
  } catch (const StoreError& error) {
    std::fprintf(stderr, "roster import: %s; nothing was imported\n", error.what());
    return 1;
  }
  return 0;
}

int runScan(const std::vector<std::string>& paths) {
  QrScanner scanner;
  int exitCode = 0;
  for (const std::string& path : paths) {
    if (!std::filesystem::is_regular_file(path)) {
      std::fprintf(stderr, "scan: %s is not a readable file\n", path.c_str());
      exitCode = 1;
      continue;
    }
    cv::Mat image = cv::imread(path, cv::IMREAD_COLOR);
    if (!image.empty()) {
      std::optional<QrDecode> decoded = scanner.scanStill(image);
      std::printf("%s\t%s\n", path.c_str(), decoded ? printable(decoded->text).c_str() : "-");
      continue;
    }
    if (!scanVideo(path, scanner)) {
      std::fprintf(stderr, "scan: %s is neither an image nor a video OpenCV can decode\n", path.c_str());
      exitCode = 1;
    }
  }
  std::fflush(stdout);
  return exitCode;
}

int runCheckIn(const Config& config, const std::string& payload, bool keypad) {
  try {
    Database db(config.databasePath);
    BibPayloadParser parser(config.bibPattern);
    CheckInStore store(db, config.unitId, parser);
    CheckInResult result = store.checkIn(payload, keypad ? CheckInMethod::Keypad : CheckInMethod::Scan,
                                         SystemClock().now());
    std::printf("%s\t%s\t%s\n", std::string(outcomeName(result.outcome)).c_str(),
                result.bib.empty() ? "-" : result.bib.c_str(),
                result.firstName.empty() ? "-" : result.firstName.c_str());
    if (!result.stored) {
      std::fprintf(stderr, "checkin: the database %s cannot be written (disk full or read-only?)\n",
                   config.databasePath.c_str());
      return 1;
    }
    if (result.outcome == CheckInOutcome::InvalidPayload) {
      std::fprintf(stderr, "checkin: %s\n", std::string(describe(result.payloadError)).c_str());
      return 4;
    }
    return result.outcome == CheckInOutcome::UnknownBib ? 3 : 0;
  } catch (const StoreError& error) {
    std::fprintf(stderr, "checkin: %s\n", error.what());
    return 1;
  }
}

}  // namespace chillnode
