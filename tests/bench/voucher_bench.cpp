#include "voucher_bench.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sodium.h>

#include "core/offer.hpp"
#include "core/time.hpp"
#include "core/voucher.hpp"
#include "platform/qr_scanner.hpp"
#include "store/database.hpp"
#include "store/voucher_store.hpp"
#include "ui/qr_code.hpp"
#include "voucher_render.hpp"

namespace chillnode::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A runner holds the phone up for about a second: 15 camera frames, 66 ms apart. The next
// runner steps up 2 s later. The same pattern as the voucher QR integration test.
constexpr int HeldFrames = 15;
constexpr std::chrono::milliseconds FrameInterval{66};
constexpr std::chrono::milliseconds RunnerGap{2000};

constexpr std::int64_t IssuedAt = 1'791'100'800;  // 08:00 UTC on a race day
constexpr std::int64_t VerifiedAt = IssuedAt + 3600;
constexpr const char* StationId = "plunge";
constexpr const char* SponsorId = "juicebar";

struct Options {
  int repeat = 2000;
  int stored = 200;
  int renders = 300;
  int vouchers = 24;
};

struct Summary {
  std::size_t count = 0;
  double median = 0;
  double p95 = 0;
  double max = 0;
};

Summary summarize(std::vector<double> values) {
  Summary summary;
  if (values.empty()) return summary;
  std::sort(values.begin(), values.end());
  auto at = [&](double fraction) {
    auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
  };
  summary.count = values.size();
  summary.median = at(0.5);
  summary.p95 = at(0.95);
  summary.max = values.back();
  return summary;
}

void printHeader() {
  std::printf("| %-60s | %5s | %9s | %9s | %9s | %-4s |\n", "step", "n", "median", "p95", "max", "unit");
  std::printf("|%s|------:|----------:|----------:|----------:|------|\n", std::string(62, '-').c_str());
}

void printRow(const std::string& name, const char* unit, const std::vector<double>& values) {
  Summary s = summarize(values);
  std::printf("| %-60s | %5zu | %9.3f | %9.3f | %9.3f | %-4s |\n", name.c_str(), s.count, s.median, s.p95, s.max,
              unit);
}

double microsecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

double millisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

Offer benchOffer(int stock) {
  Offer offer;
  offer.id = "smoothie";
  offer.sponsorId = SponsorId;
  offer.sponsorName = "Juice Bar";
  offer.title = "Free recovery smoothie";
  offer.validUntil = IssuedAt + 12 * 3600;
  offer.stations = {StationId};
  offer.stock = stock;
  return offer;
}

Timestamp timestampAt(std::int64_t unixSeconds, std::int64_t monoMs) {
  Timestamp t;
  t.wallMs = unixSeconds * 1000;
  t.wallSynced = true;
  t.bootId = "bench-boot";
  t.monoMs = monoMs;
  return t;
}

std::string bibOf(int index) {
  return std::to_string(10000 + index);
}

// (a) Builds, signs and encodes `count` vouchers as VoucherStore::issue does, without the
// database. Returns the codes and appends the time of each to `micros`.
std::vector<std::string> issueCodes(const SigningKey& key, const Offer& offer, int count,
                                    std::vector<double>& micros) {
  std::vector<std::string> codes;
  for (int i = 0; i < count; ++i) {
    Clock::time_point start = Clock::now();
    Voucher voucher;
    voucher.id = makeVoucherId();
    voucher.offerId = offer.id;
    voucher.unitId = "booth-01";
    voucher.issuedAt = IssuedAt;
    voucher.expiresAt = offer.validUntil;
    voucher.bibHash = hashBib(bibOf(i), key.bibKey);
    codes.push_back(encodeVoucher(voucher, key));
    micros.push_back(microsecondsSince(start));
  }
  return codes;
}

// VoucherStore::issue for `count` sessions of different runners, each its own transaction.
std::vector<double> timeStoredIssues(Database& db, const SigningKey& key, int count) {
  std::vector<Offer> offers{benchOffer(count)};
  VoucherStore store(db, "booth-01");
  std::vector<double> ms;
  for (int i = 0; i < count; ++i) {
    Timestamp now = timestampAt(IssuedAt + i, 3'600'000 + std::int64_t{i} * 1000);
    Clock::time_point start = Clock::now();
    std::optional<IssuedVoucher> issued =
        store.issue(bibOf(i), "session-" + std::to_string(i), StationId, offers, key, now);
    ms.push_back(millisecondsSince(start));
    if (!issued) throw std::runtime_error("VoucherStore::issue issued no voucher for session " + std::to_string(i));
  }
  return ms;
}

// (b) Returns the number of codes that did not verify.
int timeVerifying(const std::vector<std::string>& codes, const std::vector<VerifyKey>& keys,
                  std::vector<double>& micros) {
  int failed = 0;
  for (const std::string& code : codes) {
    Clock::time_point start = Clock::now();
    VoucherCheck check = checkVoucher(code, keys, VerifiedAt);
    micros.push_back(microsecondsSince(start));
    if (check.problem != VoucherProblem::None) {
      std::printf("voucher failed to verify: %s\n", std::string(voucherProblemName(check.problem)).c_str());
      ++failed;
    }
  }
  return failed;
}

// (c) Renders `count` of the codes at one size and prints a row per step.
void timeRendering(const std::vector<std::string>& codes, int width, int height, int count) {
  VoucherRenderer renderer(width, height);
  std::vector<double> encode;
  std::vector<double> draw;
  std::vector<double> raster;
  std::vector<double> total;
  for (int i = 0; i < count; ++i) {
    RenderTimes times = renderer.render(codes[static_cast<std::size_t>(i) % codes.size()]);
    encode.push_back(times.encodeMs);
    draw.push_back(times.drawMs);
    raster.push_back(times.rasterMs);
    total.push_back(times.encodeMs + times.drawMs + times.rasterMs);
  }
  std::string size = std::to_string(width) + "x" + std::to_string(height);
  printRow("QR render " + size + ": encode + draw + raster", "ms", total);
  printRow("  encodeQr (libqrencode)", "ms", encode);
  printRow("  ImGui frame with drawQr", "ms", draw);
  printRow("  SDL software renderer: clear, draw list, present", "ms", raster);
}

std::string quoted(const fs::path& path) {
  return "'" + path.string() + "'";
}

// Draws each code's screen at 800x480, saves it, and has chillnode-gen photograph it on a
// phone into dir/frames_NNN: one 1280x720 frame for each of its eight distortion classes.
std::vector<fs::path> writeFrameSets(const fs::path& dir, const std::vector<std::string>& codes) {
  VoucherRenderer renderer(800, 480);
  QrScanner scanner;
  std::vector<fs::path> sets;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const std::string& code = codes[i];
    renderer.render(code);
    cv::Mat screen = renderer.pixels();
    char name[32];
    std::snprintf(name, sizeof name, "%03zu", i);
    fs::path screenPath = dir / (std::string("screen_") + name + ".png");
    if (!cv::imwrite(screenPath.string(), screen)) throw std::runtime_error("failed to write " + screenPath.string());

    // The clean screen gives the symbol's box, as in the voucher QR integration test.
    std::optional<QrDecode> clean = scanner.scanStill(screen);
    if (!clean || clean->text != code) {
      throw std::runtime_error("the drawn voucher in " + screenPath.string() + " does not decode");
    }
    const cv::Rect& box = clean->where;
    fs::path frames = dir / (std::string("frames_") + name);
    std::string command = std::string(CHILLNODE_GEN) + " photos " + quoted(frames) + " --screen " +
                          quoted(screenPath) + " --code " + std::to_string(box.x) + "," + std::to_string(box.y) +
                          "," + std::to_string(box.width) + "," + std::to_string(box.height) + " --modules " +
                          std::to_string(ui::encodeQr(code).size) + " --seed " + std::to_string(i + 1) +
                          " --per-class 1 >/dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("command failed: " + command);
    sets.push_back(frames);
  }
  return sets;
}

struct FrameFile {
  std::string file;
  std::string className;
};

std::vector<FrameFile> readManifest(const fs::path& dir) {
  std::ifstream manifest(dir / "manifest.tsv");
  if (!manifest) throw std::runtime_error("failed to read " + (dir / "manifest.tsv").string());
  std::vector<FrameFile> frames;
  std::string line;
  std::getline(manifest, line);  // header
  while (std::getline(manifest, line)) {
    std::istringstream fields(line);
    FrameFile frame;
    if (fields >> frame.file >> frame.className) frames.push_back(frame);
  }
  return frames;
}

struct ScanTally {
  std::vector<double> decodeMs;  // scanFrame calls of a held frame, up to the one that read it
  std::vector<double> redeemMs;  // RedemptionLedger::redeem
  std::vector<double> totalMs;
  std::vector<double> calls;     // scanFrame calls until the read
  std::map<std::string, std::pair<int, int>> byClass;  // frames read, frames
  std::map<std::string, int> verdicts;
  int problems = 0;
};

// Calls scanFrame on one frame as a camera holding it would, up to HeldFrames times.
// Returns the decode, and adds the calls and their time to `calls` and `ms`.
std::optional<QrDecode> scanHeldFrame(QrScanner& scanner, const cv::Mat& frame, Clock::time_point& now,
                                      int& calls, double& ms) {
  std::optional<QrDecode> decoded;
  while (!decoded && calls < HeldFrames) {
    now += calls == 0 ? RunnerGap : FrameInterval;
    ++calls;
    Clock::time_point start = Clock::now();
    decoded = scanner.scanFrame(frame, now);
    ms += millisecondsSince(start);
  }
  return decoded;
}

// (d) Holds every frame up to one live scanner and redeems each read. The first read of a
// voucher must be valid and each later read of it already used.
ScanTally scanToVerdict(const std::vector<fs::path>& sets, const std::vector<std::string>& codes,
                        RedemptionLedger& ledger, const std::vector<VerifyKey>& keys) {
  std::vector<Offer> offers{benchOffer(1000)};
  QrScanner scanner;
  Clock::time_point now{};
  std::int64_t monoMs = 7'200'000;
  ScanTally tally;
  for (std::size_t set = 0; set < sets.size(); ++set) {
    bool redeemed = false;
    for (const FrameFile& frameFile : readManifest(sets[set])) {
      fs::path path = sets[set] / frameFile.file;
      cv::Mat gray = cv::imread(path.string(), cv::IMREAD_GRAYSCALE);
      if (gray.empty()) throw std::runtime_error("failed to read " + path.string());
      // The camera thread hands the scanner BGR frames.
      cv::Mat frame;
      cv::cvtColor(gray, frame, cv::COLOR_GRAY2BGR);
      ++tally.byClass[frameFile.className].second;

      int calls = 0;
      double decodeMs = 0;
      std::optional<QrDecode> decoded = scanHeldFrame(scanner, frame, now, calls, decodeMs);
      monoMs += 2000;
      if (!decoded) continue;
      if (decoded->text != codes[set]) {
        std::printf("WRONG PAYLOAD %s: decoded '%s'\n", path.c_str(), decoded->text.c_str());
        ++tally.problems;
        continue;
      }
      ++tally.byClass[frameFile.className].first;

      Clock::time_point start = Clock::now();
      RedeemResult result = ledger.redeem(decoded->text, keys, SponsorId, offers, timestampAt(VerifiedAt, monoMs));
      double redeemMs = millisecondsSince(start);
      RedeemOutcome expected = redeemed ? RedeemOutcome::AlreadyUsed : RedeemOutcome::Valid;
      redeemed = true;
      std::string verdict(redeemOutcomeName(result.outcome));
      ++tally.verdicts[verdict];
      if (result.outcome != expected) {
        std::printf("UNEXPECTED VERDICT %s: %s\n", path.c_str(), verdict.c_str());
        ++tally.problems;
      }
      tally.decodeMs.push_back(decodeMs);
      tally.redeemMs.push_back(redeemMs);
      tally.totalMs.push_back(decodeMs + redeemMs);
      tally.calls.push_back(calls);
    }
  }
  return tally;
}

void printScanTally(const ScanTally& tally) {
  printRow("scan to verdict, 1280x720 frame: decode + verify + store", "ms", tally.totalMs);
  printRow("  decode: scanFrame calls on the held frame until the read", "ms", tally.decodeMs);
  printRow("  verify + store: RedemptionLedger::redeem", "ms", tally.redeemMs);
  printRow("  scanFrame calls until the read", "", tally.calls);
  std::printf("\nframes read per class:");
  int read = 0;
  int frames = 0;
  for (const auto& [name, counts] : tally.byClass) {
    std::printf(" %s %d/%d", name.c_str(), counts.first, counts.second);
    read += counts.first;
    frames += counts.second;
  }
  std::printf("\nframes read: %d of %d\nverdicts:", read, frames);
  for (const auto& [name, count] : tally.verdicts) std::printf(" %s %d", name.c_str(), count);
  std::printf("\n");
}

int parseCount(std::string_view option, const char* value) {
  int count = std::atoi(value);
  if (count < 1) {
    throw std::runtime_error("invalid " + std::string(option) + " '" + value + "': must be 1 or more");
  }
  return count;
}

Options parseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; i += 2) {
    std::string_view option = argv[i];
    if (i + 1 >= argc) {
      throw std::runtime_error("missing value for " + std::string(option) + "; usage: " + VouchersUsage);
    }
    const char* value = argv[i + 1];
    if (option == "--repeat") {
      options.repeat = parseCount(option, value);
    } else if (option == "--stored") {
      options.stored = parseCount(option, value);
    } else if (option == "--renders") {
      options.renders = parseCount(option, value);
    } else if (option == "--vouchers") {
      options.vouchers = parseCount(option, value);
    } else {
      throw std::runtime_error("unknown option '" + std::string(option) + "'; usage: " + VouchersUsage);
    }
  }
  return options;
}

}  // namespace

int runVoucherBench(int argc, char** argv) {
  if (argc < 1) throw std::runtime_error(std::string("missing WORKDIR; usage: ") + VouchersUsage);
  fs::path dir = argv[0];
  Options options = parseOptions(argc, argv);
  if (fs::exists(dir)) throw std::runtime_error(dir.string() + " exists: give a new folder");
  fs::create_directories(dir);
  if (sodium_init() < 0) throw std::runtime_error("failed to initialize libsodium");
  SigningKey key = generateSigningKey("bench");
  std::vector<VerifyKey> keys{{key.keyId, key.publicKey, key.bibKey}};
  Offer offer = benchOffer(options.repeat);

  // Frames first, because chillnode-gen's work is not timed and would otherwise load the
  // machine between the timed steps. These vouchers are issued for the frames only.
  std::vector<double> untimed;
  std::vector<std::string> frameCodes = issueCodes(key, offer, options.vouchers, untimed);
  std::vector<fs::path> frameSets = writeFrameSets(dir, frameCodes);
  std::printf("voucher code: %zu characters, QR %d modules across\n\n", frameCodes.front().size(),
              ui::encodeQr(frameCodes.front()).size);

  // Issuing and verifying.
  printHeader();
  std::vector<double> issueMicros;
  std::vector<std::string> codes = issueCodes(key, offer, options.repeat, issueMicros);
  printRow("issue: build + sign + Base45 (encodeVoucher)", "us", issueMicros);
  Database booth((dir / "booth.db").string());
  printRow("issue and store: VoucherStore::issue, one transaction", "ms", timeStoredIssues(booth, key, options.stored));
  std::vector<double> verifyMicros;
  int problems = timeVerifying(codes, keys, verifyMicros);
  printRow("verify: decode + signature + expiry (checkVoucher)", "us", verifyMicros);

  // Drawing the code, then the sponsor unit's camera frames.
  timeRendering(codes, 800, 480, options.renders);
  timeRendering(codes, 1280, 720, options.renders);
  Database sponsor((dir / "sponsor.db").string());
  RedemptionLedger ledger(sponsor, "sponsor-01");
  ScanTally tally = scanToVerdict(frameSets, frameCodes, ledger, keys);
  printScanTally(tally);

  problems += tally.problems;
  std::printf("problems: %d\n", problems);
  return problems == 0 ? 0 : 1;
}

}  // namespace chillnode::bench
