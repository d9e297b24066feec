#include "scanner_bench.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <ZXing/ReadBarcode.h>
#include <ZXing/TextUtfEncoding.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/wechat_qrcode.hpp>

#include "platform/qr_scanner.hpp"

namespace chillnode::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Live mode holds each image in front of the simulated camera for this many frames, 66 ms
// apart (15 fps), then leaves a gap before the next image as a new runner steps up.
constexpr int LiveFrames = 6;
constexpr std::chrono::milliseconds FrameInterval{66};
constexpr std::chrono::milliseconds RunnerGap{2000};

enum Column { Live, Still, Zxing, WeChat, ColumnCount };
constexpr std::array<const char*, ColumnCount> ColumnNames{"live", "still", "zxing", "wechat"};

struct Sample {
  std::string file;
  std::string className;
  std::string size;
  std::string payload;
};

// Decode counts and call times of one decoder on one group of images.
struct Tally {
  int images = 0;
  int decoded = 0;
  int wrong = 0;
  std::vector<double> milliseconds;  // one per call
};

struct Row {
  std::array<Tally, ColumnCount> columns;
};

std::vector<Sample> readManifest(const std::filesystem::path& dir) {
  std::ifstream in(dir / "manifest.tsv");
  if (!in) throw std::runtime_error("failed to read " + (dir / "manifest.tsv").string());
  std::vector<Sample> samples;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    Sample sample;
    std::getline(fields, sample.file, '\t');
    std::getline(fields, sample.className, '\t');
    std::getline(fields, sample.size, '\t');
    std::getline(fields, sample.payload);
    samples.push_back(sample);
  }
  if (samples.empty()) {
    throw std::runtime_error("no images listed in " + (dir / "manifest.tsv").string());
  }
  return samples;
}

double percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

template <typename Decode>
std::optional<std::string> timed(Tally& tally, Decode&& decode) {
  auto start = Clock::now();
  std::optional<std::string> text = decode();
  tally.milliseconds.push_back(
      std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  return text;
}

class Decoders {
public:
  Decoders() {
    m_zxingHints.setFormats(ZXing::BarcodeFormat::QRCode);
    m_zxingHints.setTryHarder(true);
  }

  // Runs every decoder on one image and adds the outcome to each row in `rows`.
  void measure(const Sample& sample, const cv::Mat& image, const std::vector<Row*>& rows,
      bool details, bool liveOnly) {
    std::array<Tally, ColumnCount> tallies;
    std::array<std::optional<std::string>, ColumnCount> texts;
    std::string liveStep = "-";

    for (int frame = 0; frame < LiveFrames && !texts[Live]; ++frame) {
      m_now += frame == 0 ? RunnerGap : FrameInterval;
      auto decode =
          timed(tallies[Live], [&] { return toText(m_liveScanner.scanFrame(image, m_now)); });
      if (decode) {
        texts[Live] = decode;
        liveStep = m_lastDecoder + "@" + std::to_string(frame + 1);
      }
    }
    if (!liveOnly) {
      texts[Still] = timed(tallies[Still], [&] { return toText(m_stillScanner.scanStill(image)); });
      texts[Zxing] = timed(tallies[Zxing], [&] { return readZxing(image); });
      texts[WeChat] = timed(tallies[WeChat], [&] { return readWeChat(image); });
    }

    for (int column = 0; column < ColumnCount; ++column) {
      Tally& tally = tallies[static_cast<std::size_t>(column)];
      const auto& text = texts[static_cast<std::size_t>(column)];
      tally.images = 1;
      tally.decoded = text && *text == sample.payload ? 1 : 0;
      tally.wrong = text && *text != sample.payload ? 1 : 0;
      if (tally.wrong != 0) {
        std::printf("WRONG PAYLOAD %s %s: decoded '%s'\n",
                    ColumnNames[static_cast<std::size_t>(column)], sample.file.c_str(),
                    text->c_str());
      }
      for (Row* row : rows) add(row->columns[static_cast<std::size_t>(column)], tally);
    }
    if (details) {
      std::printf("%-34s live %-14s still %d zxing %d wechat %d  live ms", sample.file.c_str(),
                  liveStep.c_str(), texts[Still].has_value(), texts[Zxing].has_value(),
                  texts[WeChat].has_value());
      for (double ms : tallies[Live].milliseconds) std::printf(" %.1f", ms);
      std::printf("\n");
    }
  }

private:
  static void add(Tally& total, const Tally& one) {
    total.images += one.images;
    total.decoded += one.decoded;
    total.wrong += one.wrong;
    total.milliseconds.insert(total.milliseconds.end(), one.milliseconds.begin(),
                              one.milliseconds.end());
  }

  std::optional<std::string> toText(const std::optional<QrDecode>& decode) {
    if (!decode) return std::nullopt;
    m_lastDecoder = decode->decoder;
    return decode->text;
  }

  std::optional<std::string> readZxing(const cv::Mat& image) const {
    ZXing::ImageView view(image.data, image.cols, image.rows, ZXing::ImageFormat::Lum,
        static_cast<int>(image.step));
    ZXing::Result result = ZXing::ReadBarcode(view, m_zxingHints);
    if (!result.isValid()) return std::nullopt;
    return ZXing::TextUtfEncoding::ToUtf8(result.text());
  }

  std::optional<std::string> readWeChat(const cv::Mat& image) {
    std::vector<std::string> texts = m_wechat.detectAndDecode(image);
    if (texts.empty()) return std::nullopt;
    return texts.front();
  }

  QrScanner m_liveScanner;
  QrScanner m_stillScanner;
  Clock::time_point m_now;
  std::string m_lastDecoder;
  ZXing::DecodeHints m_zxingHints;
  cv::wechat_qrcode::WeChatQRCode m_wechat;
};

void printTable(const std::deque<std::pair<std::string, Row>>& rows) {
  std::printf("\nDecode rate and time per call in ms (live: per scanFrame call, %d frames max)\n\n",
      LiveFrames);
  std::printf("| %-16s | %4s |", "class", "n");
  for (const char* name : ColumnNames) std::printf(" %-6s %% | med | p95 |", name);
  std::printf("\n|%s|------|", std::string(18, '-').c_str());
  for (std::size_t i = 0; i < ColumnNames.size(); ++i) std::printf("---------:|-----:|-----:|");
  std::printf("\n");
  for (const auto& [name, row] : rows) {
    std::printf("| %-16s | %4d |", name.c_str(), row.columns[0].images);
    for (const Tally& tally : row.columns) {
      double rate = tally.images > 0 ? 100.0 * tally.decoded / tally.images : 0.0;
      std::printf(" %8.1f | %4.1f | %4.1f |", rate, percentile(tally.milliseconds, 0.5),
          percentile(tally.milliseconds, 0.95));
    }
    std::printf("\n");
  }
}

}  // namespace

int runScannerBench(int argc, char** argv) {
  if (argc < 1) throw std::runtime_error(std::string("usage: ") + ScannerUsage);
  std::filesystem::path dir = argv[0];
  bool details = false;
  bool liveOnly = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view option = argv[i];
    if (option == "--details") {
      details = true;
    } else if (option == "--live-only") {
      liveOnly = true;
    } else {
      throw std::runtime_error("unknown option '" + std::string(option) + "'; usage: " +
          ScannerUsage);
    }
  }
  std::vector<Sample> samples = readManifest(dir);

  // Rows in manifest order of classes, then one per image size, then the overall row. A
  // deque keeps the row pointers valid while rows are added.
  std::deque<std::pair<std::string, Row>> rows;
  std::map<std::string, std::size_t> rowIndex;
  auto rowFor = [&](const std::string& name) -> Row* {
    auto [found, inserted] = rowIndex.try_emplace(name, rows.size());
    if (inserted) rows.emplace_back(name, Row{});
    return &rows[found->second].second;
  };
  for (const Sample& sample : samples) rowFor(sample.className);
  for (const Sample& sample : samples) rowFor("all " + sample.size);
  rowFor("overall");

  Decoders decoders;
  int wrong = 0;
  for (const Sample& sample : samples) {
    cv::Mat image = cv::imread((dir / sample.file).string(), cv::IMREAD_GRAYSCALE);
    if (image.empty()) {
      throw std::runtime_error("failed to read image " + (dir / sample.file).string());
    }
    std::vector<Row*> targets{rowFor(sample.className), rowFor("all " + sample.size),
                              rowFor("overall")};
    decoders.measure(sample, image, targets, details, liveOnly);
  }
  for (const Tally& tally : rows.back().second.columns) wrong += tally.wrong;

  printTable(rows);
  std::printf("\nwrong payloads: %d\n", wrong);
  return wrong == 0 ? 0 : 1;
}

}  // namespace chillnode::bench
