#include "app/kiosk_app.hpp"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <spdlog/spdlog.h>

#include "app/autotest.hpp"
#include "app/export_command.hpp"
#include "app/key_file.hpp"
#include "app/redeem_view.hpp"
#include "app/session_desk.hpp"
#include "app/staff_data.hpp"
#include "app/storage_watch.hpp"
#include "app/touch_input.hpp"
#include "core/kiosk_flow.hpp"
#include "core/long_press.hpp"
#include "platform/audio.hpp"
#include "platform/camera_worker.hpp"
#include "platform/device_health.hpp"
#include "platform/removable_drives.hpp"
#include "platform/system_clock.hpp"
#include "platform/watchdog.hpp"
#include "store/checkin_store.hpp"
#include "store/survey_store.hpp"
#include "sync/sync_worker.hpp"
#include "ui/screens.hpp"
#include "ui/text.hpp"

namespace chillnode {

namespace {

volatile std::sig_atomic_t g_stopRequested = 0;

void requestStop(int) {
  g_stopRequested = 1;
}

void installSignalHandlers() {
  struct sigaction action {};
  action.sa_handler = requestStop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

std::string findLocaleDir(const Config& config) {
  if (!config.localeDir.empty()) return config.localeDir;
  if (std::filesystem::is_directory(CHILLNODE_BUILD_LOCALE)) return CHILLNODE_BUILD_LOCALE;
  return "/usr/share/locale";
}

// Owns the SDL window, renderer and ImGui context, and frees them in reverse order.
class Display {
public:
  bool open(const Config& config) {
    if (!config.renderer.empty()) SDL_SetHint(SDL_HINT_RENDER_DRIVER, config.renderer.c_str());
    // Otherwise SDL backs a software window with an OpenGL texture, which under Xvfb loads
    // Mesa's llvmpipe and about 50 MB of LLVM for nothing.
    if (config.renderer == "software") SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) return fail("cannot start SDL video");
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI | (config.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    m_window = SDL_CreateWindow("Chill Node", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, config.width,
                                config.height, flags);
    if (!m_window) return fail("cannot create the window");
    m_renderer = SDL_CreateRenderer(m_window, -1, SDL_RENDERER_PRESENTVSYNC);
    if (!m_renderer) m_renderer = SDL_CreateRenderer(m_window, -1, SDL_RENDERER_SOFTWARE);
    if (!m_renderer) return fail("cannot create a renderer");
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(m_renderer, &info);
    spdlog::info("display: renderer {}", info.name);
    SDL_ShowCursor(config.fullscreen ? SDL_DISABLE : SDL_ENABLE);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplSDL2_InitForSDLRenderer(m_window);
    ImGui_ImplSDLRenderer_Init(m_renderer);
    m_imgui = true;
    return true;
  }

  ~Display() {
    for (SDL_Texture* image : m_images) SDL_DestroyTexture(image);
    if (m_preview) SDL_DestroyTexture(m_preview);
    if (m_imgui) {
      ImGui_ImplSDLRenderer_Shutdown();
      ImGui_ImplSDL2_Shutdown();
      ImGui::DestroyContext();
    }
    if (m_renderer) SDL_DestroyRenderer(m_renderer);
    if (m_window) SDL_DestroyWindow(m_window);
    SDL_Quit();
  }

  // Rebuilds the fonts when the output size changed; returns the metrics for this frame.
  const ui::Metrics& updateMetrics(const Config& config) {
    int width = 0;
    int height = 0;
    SDL_GetRendererOutputSize(m_renderer, &width, &height);
    if (width != m_outputWidth || height != m_outputHeight) {
      m_metrics = ui::metricsFor(static_cast<float>(width), static_cast<float>(height));
      ImGui_ImplSDLRenderer_DestroyFontsTexture();
      m_fonts = ui::loadFonts(config.fontRegular, config.fontBold, m_metrics);
      ImGui_ImplSDLRenderer_CreateFontsTexture();
      ImFontAtlas* atlas = ImGui::GetIO().Fonts;
      spdlog::info("display: {}x{}, font atlas {}x{}", width, height, atlas->TexWidth, atlas->TexHeight);
      // The texture has the glyphs now, so the CPU copies (alpha and RGBA) are freed.
      atlas->ClearTexData();
      ui::applyStyle();
      m_outputWidth = width;
      m_outputHeight = height;
    }
    return m_metrics;
  }

  // Uploads a camera preview frame (RGB) into the preview texture.
  void uploadPreview(const cv::Mat& rgb) {
    if (!m_preview || rgb.cols != m_previewWidth || rgb.rows != m_previewHeight) {
      if (m_preview) SDL_DestroyTexture(m_preview);
      m_preview = SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_RGB24, SDL_TEXTUREACCESS_STREAMING, rgb.cols, rgb.rows);
      m_previewWidth = rgb.cols;
      m_previewHeight = rgb.rows;
    }
    if (m_preview) SDL_UpdateTexture(m_preview, nullptr, rgb.data, static_cast<int>(rgb.step));
  }

  // Loads a PNG (a sponsor's logo) into a texture the display owns; null when unreadable.
  SDL_Texture* loadImage(const std::string& path, float& aspect) {
    cv::Mat image;
    try {
      image = cv::imread(path, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception&) {
    }
    if (image.empty()) {
      spdlog::warn("image {} cannot be read; it is left out", path);
      return nullptr;
    }
    cv::Mat rgba;
    if (image.channels() == 4) cv::cvtColor(image, rgba, cv::COLOR_BGRA2RGBA);
    else if (image.channels() == 3) cv::cvtColor(image, rgba, cv::COLOR_BGR2RGBA);
    else cv::cvtColor(image, rgba, cv::COLOR_GRAY2RGBA);
    SDL_Texture* texture =
        SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, rgba.cols, rgba.rows);
    if (!texture) return nullptr;
    SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
    SDL_UpdateTexture(texture, nullptr, rgba.data, static_cast<int>(rgba.step));
    m_images.push_back(texture);
    aspect = static_cast<float>(rgba.cols) / static_cast<float>(rgba.rows);
    return texture;
  }

  bool saveScreenshot(const std::string& path) {
    cv::Mat pixels(m_outputHeight, m_outputWidth, CV_8UC3);
    if (SDL_RenderReadPixels(m_renderer, nullptr, SDL_PIXELFORMAT_BGR24, pixels.data,
                             static_cast<int>(pixels.step)) != 0) {
      spdlog::error("screenshot {} failed: {}", path, SDL_GetError());
      return false;
    }
    try {
      return cv::imwrite(path, pixels);
    } catch (const cv::Exception& error) {
      spdlog::error("screenshot {} failed: {}", path, error.what());
      return false;
    }
  }

  SDL_Window* window() { return m_window; }
  SDL_Renderer* renderer() { return m_renderer; }
  SDL_Texture* preview() { return m_preview; }
  float previewAspect() const {
    return m_previewHeight > 0 ? static_cast<float>(m_previewWidth) / static_cast<float>(m_previewHeight) : 16.0f / 9;
  }
  const ui::Fonts& fonts() const { return m_fonts; }

private:
  bool fail(const char* what) {
    std::fprintf(stderr, "chillnode: %s: %s\n", what, SDL_GetError());
    return false;
  }

  SDL_Window* m_window = nullptr;
  SDL_Renderer* m_renderer = nullptr;
  SDL_Texture* m_preview = nullptr;
  std::vector<SDL_Texture*> m_images;
  int m_previewWidth = 0;
  int m_previewHeight = 0;
  bool m_imgui = false;
  int m_outputWidth = 0;
  int m_outputHeight = 0;
  ui::Metrics m_metrics;
  ui::Fonts m_fonts;
};

std::string findAudioDir(const Config& config) {
  if (!config.audioClipDir.empty()) return config.audioClipDir;
  if (std::filesystem::is_directory(CHILLNODE_BUILD_AUDIO)) return CHILLNODE_BUILD_AUDIO;
  return "/usr/share/chillnode/audio";
}

// Everything the screens draw from, as one comparable string. Countdowns add the second.
std::string screenSignature(const FlowView& view, bool cameraConnected, std::int64_t second,
                            const ui::StorageAlert& storage) {
  return std::string(screenName(view.screen)) + '|' + view.result.bib + '|' + view.keypadText + '|' +
         (view.keypadLetters ? 'L' : 'D') + (cameraConnected ? 'C' : '-') + '|' +
         std::to_string(view.idleWarning ? view.idleSecondsLeft : -1) + '|' + ui::currentLanguage() + '|' +
         view.sessionId + '|' + std::to_string(second) + '|' + view.staffNotice + '|' + (view.voucher ? 'V' : '-') +
         std::to_string(static_cast<int>(view.redeem.verdict)) + '|' +
         (view.survey ? std::to_string(static_cast<int>(view.survey->stage)) + std::to_string(view.survey->step) : "-") + '|' +
         std::to_string(view.staffNoticeCount) + '|' + std::to_string(static_cast<int>(view.notSaved)) +
         (storage.raised ? std::to_string(static_cast<int>(storage.problem)) : "-") +
         std::to_string(storage.freeDiskBytes.value_or(0)) + '/' + std::to_string(storage.pendingSessionChanges);
}

std::int64_t steadyNowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Draw times of the frames, logged as a summary every 10 s for the benchmarks.
class FrameStats {
public:
  void add(std::int64_t drawUs, std::int64_t nowMs) {
    if (m_samples.empty()) m_startMs = nowMs;
    m_samples.push_back(drawUs);
    if (nowMs - m_startMs < 10'000) return;
    std::sort(m_samples.begin(), m_samples.end());
    auto at = [&](double fraction) {
      return static_cast<double>(m_samples[static_cast<std::size_t>(fraction * static_cast<double>(m_samples.size() - 1))]) / 1000;
    };
    spdlog::info("frame stats: {} frames in {} ms, draw time median {:.2f} ms, p95 {:.2f} ms, max {:.2f} ms",
                 m_samples.size(), nowMs - m_startMs, at(0.5), at(0.95), at(1.0));
    m_samples.clear();
  }

private:
  std::vector<std::int64_t> m_samples;
  std::int64_t m_startMs = 0;
};

// Monotonic ms on CLOCK_BOOTTIME, the clock the sessions and their records use.
std::int64_t bootNowMs() {
  timespec at{};
  clock_gettime(CLOCK_BOOTTIME, &at);
  return static_cast<std::int64_t>(at.tv_sec) * 1000 + at.tv_nsec / 1'000'000;
}

// The same clock as the camera thread's frame times, so latencies can be measured.
std::int64_t steadyNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int runKiosk(const Config& config, const KioskOptions& options) {
  std::int64_t startMs = steadyNowMs();
  // Start-up: storage first, so a bad database path fails before any window opens.
  std::unique_ptr<Database> db;
  try {
    db = std::make_unique<Database>(config.databasePath);
  } catch (const StoreError& error) {
    std::fprintf(stderr, "chillnode: %s\n", error.what());
    return 1;
  }
  // A booth's signing key is read before any window opens, so a key file with loose
  // permissions stops the unit with a message naming the file and the mode to set.
  std::optional<SigningKey> signingKey;
  bool sponsorUnit = config.vouchers.role == UnitRole::Sponsor;
  if (!sponsorUnit && !config.vouchers.signingKeyFile.empty()) {
    try {
      signingKey = readKeyFile(config.vouchers.signingKeyFile);
    } catch (const KeyFileError& error) {
      std::fprintf(stderr, "chillnode: %s\n", error.what());
      return 1;
    }
  }
  BibPayloadParser parser(config.bibPattern);
  CheckInStore checkIns(*db, config.unitId, parser);
  SystemClock clock;
  std::optional<Autotest> autotest;
  if (!options.autotestScript.empty()) {
    try {
      autotest.emplace(options.autotestScript, options.screenshotDir);
    } catch (const std::runtime_error& error) {
      std::fprintf(stderr, "chillnode: %s\n", error.what());
      return 1;
    }
  }

  std::string localeDir = findLocaleDir(config);
  if (!ui::initText(localeDir, config.language)) {
    spdlog::warn("text catalogs not found in {}; showing English", localeDir);
  }
  Display display;
  if (!display.open(config)) return 1;
  installSignalHandlers();

  // Sound never stops the kiosk: a missing device or clip is logged and skipped.
  AudioPlayer audio({findAudioDir(config), config.audioVolume, config.audioQuiet});
  SessionDesk desk(*db, config.unitId, config.stations.stations, {config.stations.callTimeoutMs, 30'000}, &audio);
  if (signingKey) desk.enableVouchers(*signingKey, config.vouchers.offers);
  RedemptionLedger ledger(*db, config.unitId);
  SurveyStore surveys(*db, config.unitId);
  try {
    desk.restore(clock.now());
  } catch (const StoreError& error) {
    std::fprintf(stderr, "chillnode: cannot read the stored sessions: %s\n", error.what());
    return 1;
  }

  // The sync thread sends the outbox to HQ over its own connections and is notified after writes.
  std::unique_ptr<SyncWorker> sync;
  if (config.hq.configured()) {
    sync = std::make_unique<SyncWorker>(config.databasePath, config.unitId, config.hq, [&clock] { return clock.now(); });
    sync->start();
  }
  std::int64_t changesSeen = db->totalChanges();

  Uint32 wakeEvent = SDL_RegisterEvents(1);
  CameraWorker camera(config.camera, config.holdOffMs);
  camera.setPayloadCallback([wakeEvent] {
    SDL_Event event{};
    event.type = wakeEvent;
    SDL_PushEvent(&event);
  });
  camera.start();
  spdlog::info("kiosk started: unit {}, database {}", config.unitId, config.databasePath);

  FlowSettings flowSettings;
  flowSettings.idleTimeoutMs = config.idleTimeoutMs;
  flowSettings.idleWarningMs = config.idleWarningMs;
  flowSettings.sponsorUnit = sponsorUnit;
  KioskFlow flow(flowSettings, &desk.board());
  // Offer cards: every offer with its logo, and those a session earns now for the rotation.
  std::vector<ui::OfferCard> allOffers;
  for (const Offer& offer : config.vouchers.offers) {
    ui::OfferCard card{offer.id, offer.title, offer.sponsorName, nullptr, 1};
    if (!offer.logoPath.empty()) {
      card.logo = reinterpret_cast<ImTextureID>(display.loadImage(offer.logoPath, card.logoAspect));
    }
    allOffers.push_back(card);
  }
  std::vector<ui::OfferCard> liveOffers;
  std::int64_t offersCheckedMs = -60'000;
  TouchInput touch;
  LongPressDetector longPress;
  PreviewFrame preview;
  StaffDataSource staffSource(*db, config.databasePath, config.vouchers.offers);
  StorageWatch storage(*db, config.databasePath);
  ui::StaffData staffData;
  std::int64_t staffDataAtMs = -1;
  bool staffDataStale = false;  // a staff action changed what the staff screen reads
  std::string staffDataQuery;
  FrameRateMeter cameraRate;
  std::future<PinVerdict> pinCheck;
  std::future<std::string> exportRun;  // the staff screen's export to a USB drive, while it runs
  std::string lastSpoken;
  Screen lastScreen = flow.view().screen;
  int exitCode = 0;
  bool running = true;
  int framesToDraw = 3;
  std::string lastSignature;
  std::int64_t lastDrawMs = 0;
  FrameStats frameStats;
  bool firstFrameShown = false;
  std::int64_t scanFrameAtMs = -1;  // camera frame of the scan whose result is drawn next, or -1

  auto runCheckIn = [&](const std::string& payload, CheckInMethod method) {
    try {
      CheckInResult result = checkIns.checkIn(payload, method, clock.now());
      if (!result.stored) {
        spdlog::error("check-in of bib {} not stored: the database {} cannot be written (disk full?)",
                      result.bib, config.databasePath);
      }
      spdlog::info("check-in by {}: {} (bib {})", methodName(method), outcomeName(result.outcome),
                   result.bib.empty() ? "-" : result.bib);
      SurveyPlan plan;
      try {
        if (!result.bib.empty()) plan = surveys.plan(result.bib, clock.now());
      } catch (const StoreError& error) {
        spdlog::error("cannot read the runner's survey state: {}", error.what());
      }
      flow.showResult(result, bootNowMs(), plan);
      if (std::optional<VoucherView> voucher = desk.voucherFor(result.bib, clock.now().wallMs / 1000)) {
        flow.offerVoucher(result.bib, *voucher);
      }
    } catch (const StoreError& error) {
      // Even reading failed, so the runner sees that nothing was saved.
      spdlog::error("check-in not stored: {}", error.what());
      CheckInResult failed;
      failed.outcome = CheckInOutcome::NotStored;
      failed.stored = false;
      failed.bib = parser.parse(payload).bib;
      flow.showResult(failed, bootNowMs());
    }
  };

  // A sponsor unit's scan: the ledger stores the attempt before the screen shows a verdict.
  auto runRedeem = [&](const std::string& payload) {
    RedeemResult result = ledger.redeem(payload, config.vouchers.publicKeys, config.vouchers.sponsorId,
                                        config.vouchers.offers, clock.now());
    RedeemView view = redeemViewOf(result);
    if (result.outcome == RedeemOutcome::NotStored) spdlog::error("redemption not stored: {}", result.storeError);
    spdlog::info("redeem: {} (voucher {})", redeemOutcomeName(result.outcome), view.shortId.empty() ? "-" : view.shortId);
    if (result.outcome == RedeemOutcome::Valid) audio.playChime();
    else audio.playAlarm();
    flow.showRedeem(view, bootNowMs());
  };

  ServiceWatchdog watchdog;
  while (running && !g_stopRequested) {
    watchdog.onLoopPass(steadyNowMs());

    // Poll events: quit, touches, the staff corner and the camera's wake-up.
    SDL_Event event;
    int width = 0;
    int height = 0;
    SDL_GetWindowSize(display.window(), &width, &height);
    bool eventsArrived = false;
    while (SDL_PollEvent(&event)) {
      eventsArrived = true;
      std::int64_t at = bootNowMs();
      if (event.type == SDL_QUIT) running = false;
      ImGui_ImplSDL2_ProcessEvent(&event);
      if (touch.handle(event, width, height)) flow.touched(at);
      if (event.type == SDL_FINGERDOWN) longPress.press(event.tfinger.x, event.tfinger.y, at);
      if (event.type == SDL_FINGERMOTION) longPress.move(event.tfinger.x, event.tfinger.y, at);
      if (event.type == SDL_FINGERUP) longPress.release(at);
      bool realMouse = event.button.which != SDL_TOUCH_MOUSEID && width > 0 && height > 0;
      if (event.type == SDL_MOUSEBUTTONDOWN && realMouse) {
        longPress.press(static_cast<float>(event.button.x) / static_cast<float>(width),
                        static_cast<float>(event.button.y) / static_cast<float>(height), at);
      }
      if (event.type == SDL_MOUSEBUTTONUP && realMouse) longPress.release(at);
    }

    // Drain worker results: scanned payloads and typed bibs become check-ins, a checked
    // PIN opens or keeps closed the staff screen.
    for (const ScannedPayload& payload : camera.takePayloads()) {
      if (!flow.scanAccepted()) continue;
      Screen showing = flow.view().screen;
      bool runnerScreen = showing != Screen::Attract && showing != Screen::Scanning && showing != Screen::Unknown;
      if (sponsorUnit) {
        runRedeem(payload.text);
      } else if (runnerScreen && !parser.parse(payload.text).ok()) {
        // A stray code in view must not take a runner's own screen away.
        spdlog::info("a code that is not a bib was ignored while a runner's screen shows");
        continue;
      } else {
        runCheckIn(payload.text, CheckInMethod::Scan);
      }
      scanFrameAtMs = payload.frameAtMs;
    }
    if (std::optional<std::string> typed = flow.takeKeypadSubmission()) runCheckIn(*typed, CheckInMethod::Keypad);
    if (pinCheck.valid() && pinCheck.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      PinVerdict verdict = pinCheck.get();
      spdlog::info("staff PIN {}", verdict == PinVerdict::Match ? "accepted" : "refused");
      flow.applyPinVerdict(verdict, bootNowMs());
    }
    if (std::optional<std::string> drive = flow.takeExportRequest(); drive && !exportRun.valid()) {
      spdlog::info("staff export to {} started", *drive);
      exportRun = std::async(std::launch::async, [path = config.databasePath, unit = config.unitId, dir = *drive] {
        try {
          return "exported:" + exportDatabase(path, unit, dir);
        } catch (const std::runtime_error& error) {
          return std::string("export failed:") + error.what();
        }
      });
    }
    if (exportRun.valid() && exportRun.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      std::string result = exportRun.get();
      spdlog::info("staff export: {}", result);
      flow.showStaffNotice(result);
    }
    if (std::optional<std::string> pin = flow.takePinSubmission()) {
      pinCheck = std::async(std::launch::async, [pin = *pin, hash = config.staffPinHash] {
        return verifyPin(pin, hash);
      });
    }

    // Advance the timers: sessions, the flow, the staff corner.
    Timestamp stamp = clock.now();
    std::int64_t now = stamp.monoMs;
    if (longPress.poll(now)) {
      Intent open;
      open.kind = IntentKind::OpenStaff;
      flow.apply(open, now);
    }
    desk.update(flow, checkIns, stamp, ui::currentLanguage());
    for (auto& [bib, voucher] : desk.takeIssuedVouchers()) flow.offerVoucher(bib, std::move(voucher));
    for (const SurveySubmission& survey : flow.takeSurveys()) {
      try {
        surveys.save(survey, stamp);
      } catch (const StoreError& error) {
        // NOTE: the runner has already seen the thanks line, so this log line is the only
        // trace of a survey lost to a full disk.
        spdlog::error("{} survey for session {} not stored: {}", surveyKindName(survey.kind), survey.sessionId,
                      error.what());
      }
    }
    storage.update(now, desk.unsavedChanges());
    audio.update();
    if (sync && db->totalChanges() != changesSeen) {
      changesSeen = db->totalChanges();
      sync->notify();
    }
    CameraStatus cameraStatus = camera.status();
    cameraRate.sample(cameraStatus.frames, now);
    Screen screen = flow.view().screen;
    // The next runner starts in the unit's language, whatever the last one chose.
    if (screen == Screen::Attract && lastScreen != Screen::Attract && ui::currentLanguage() != config.language) {
      ui::setLanguage(config.language);
    }
    lastScreen = screen;
    bool previewShown = screen == Screen::Scanning || screen == Screen::Redeem;
    camera.setPreviewWanted(previewShown);
    if (now - offersCheckedMs >= 30'000 && !sponsorUnit) {
      liveOffers.clear();
      for (const std::string& id : desk.availableOffers(stamp.wallMs / 1000)) {
        for (const ui::OfferCard& card : allOffers) {
          if (card.offerId == id) liveOffers.push_back(card);
        }
      }
      offersCheckedMs = now;
    }
    if (screen == Screen::Staff && (staffDataStale || now - staffDataAtMs >= 2000 ||
                                    staffDataQuery != flow.view().keypadText)) {
      staffData = staffSource.read(flow.view().staffTab, flow.view().keypadText, desk.board(), stamp,
                                   cameraRate.fps());
      if (sync) {
        SyncStatus status = sync->status();
        staffData.sync.configured = true;
        staffData.sync.pending = status.pending;
        staffData.sync.quarantined = status.quarantined;
        staffData.sync.lastError = status.lastError;
        if (status.lastSuccessMonoMs) staffData.sync.secondsSinceSuccess = (now - *status.lastSuccessMonoMs) / 1000;
      }
      staffData.drives = findMountedDrives(config.mediaDir);
      staffDataAtMs = now;
      staffDataQuery = flow.view().keypadText;
      staffDataStale = false;
    } else if (screen == Screen::Staff) {
      staffSource.updateEachFrame(desk.board(), staffData);
    }

    // Skip drawing while nothing on screen can have changed: a still attract screen then
    // costs one frame a second. ImGui needs a few frames after input to settle.
    bool countdowns = desk.busy() || screen == Screen::Staff || screen == Screen::Queued ||
                      screen == Screen::ChooseSession || longPress.deadlineMs().has_value();
    std::int64_t second = countdowns ? now / 1000 : 0;
    if (screen == Screen::Attract && liveOffers.size() > 1) second += now / 6000 * 100'000;
    std::string signature = screenSignature(flow.view(), cameraStatus.connected, second, storage.alert());
    bool scripted = autotest.has_value() && !autotest->sleeping();
    bool animated = previewShown || flow.view().idleWarning || scripted || longPress.deadlineMs();
    if (eventsArrived || signature != lastSignature) framesToDraw = 3;
    else if (now - lastDrawMs >= 1000 && framesToDraw == 0) framesToDraw = 1;
    if (!animated && framesToDraw == 0) {
      SDL_WaitEventTimeout(nullptr, 250);
      continue;
    }
    if (framesToDraw > 0) --framesToDraw;
    lastSignature = signature;
    lastDrawMs = now;
    if (previewShown && camera.takePreview(preview)) display.uploadPreview(preview.rgb);

    // Draw the screen and apply what the user asked for.
    std::int64_t drawStartUs = steadyNowUs();
    const ui::Metrics& metrics = display.updateMetrics(config);
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    touch.applyToImGui();
    ImGui::NewFrame();
    ui::CameraView cameraView{reinterpret_cast<ImTextureID>(display.preview()), display.previewAspect(),
                              cameraStatus.connected};
    Screen drawn = flow.view().screen;
    ui::ScreenContext context{flow.view(), metrics, display.fonts(), cameraView, &desk.board(), now,
                              &flow.staffLock(), &staffData, !config.staffPinHash.empty(), &liveOffers,
                              &allOffers, &storage.alert()};
    Intent intent = ui::drawScreen(context);
    if (intent.kind == IntentKind::SetLanguage) ui::setLanguage(intent.language);
    // The desk stores check-ins and overrides in the next frame, before the staff data is read.
    if (intent.kind != IntentKind::None && drawn == Screen::Staff) staffDataStale = true;
    if (intent.kind != IntentKind::None) flow.apply(intent, now);
    if (config.audioGuided && ui::spokenMessage() != lastSpoken) {
      lastSpoken = ui::spokenMessage();
      if (!lastSpoken.empty()) audio.speak(lastSpoken, ui::currentLanguage());
    }
    ImGui::Render();

    // Present, after the test script (if any) has had its look at the frame.
    SDL_SetRenderDrawColor(display.renderer(), 246, 248, 251, 255);
    SDL_RenderClear(display.renderer());
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    if (autotest && flow.view().screen == drawn) {
      bool previewDrawn = previewShown && cameraView.connected && cameraView.texture;
      Autotest::Step step = autotest->advance(
          {flow.view(), previewDrawn, cameraView.connected, static_cast<int>(metrics.width),
           static_cast<int>(metrics.height)},
          now);
      if (step.screenshotPath && !display.saveScreenshot(*step.screenshotPath)) {
        spdlog::error("autotest: cannot write screenshot {}", *step.screenshotPath);
        step.quit = true;
        step.exitCode = 1;
      }
      if (step.quit) {
        running = false;
        exitCode = step.exitCode;
      }
    }
    SDL_RenderPresent(display.renderer());
    if (options.frameStats) frameStats.add(steadyNowUs() - drawStartUs, now);
    if (!firstFrameShown) {
      spdlog::info("first frame shown {} ms after start", steadyNowMs() - startMs);
      watchdog.notifyReady();
      firstFrameShown = true;
    }
    if (scanFrameAtMs >= 0) {
      spdlog::info("scan result shown {} ms after its camera frame", steadyNowMs() - scanFrameAtMs);
      scanFrameAtMs = -1;
    }

    // Wait: the live preview and pending input need frames; a still screen needs few.
    bool busy = previewShown || touch.pending() || flow.view().idleWarning || scripted ||
                longPress.deadlineMs().has_value() || pinCheck.valid();
    SDL_WaitEventTimeout(nullptr, busy ? 16 : 250);
  }

  watchdog.notifyStopping();
  camera.stop();
  if (sync) sync->stop();
  if (desk.unsavedChanges() > 0 && !desk.saveBeforeStop(clock.now())) {
    spdlog::error("{} session changes could not be stored before stopping", desk.unsavedChanges());
  }
  spdlog::info("kiosk stopped");
  return exitCode;
}

}  // namespace chillnode
