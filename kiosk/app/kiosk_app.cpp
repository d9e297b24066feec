#include "app/kiosk_app.hpp"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <future>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <spdlog/spdlog.h>

#include "app/autotest.hpp"
#include "app/display.hpp"
#include "app/export_command.hpp"
#include "app/guided_speech.hpp"
#include "app/key_file.hpp"
#include "app/redeem_view.hpp"
#include "app/session_desk.hpp"
#include "app/staff_data.hpp"
#include "app/storage_watch.hpp"
#include "app/touch_input.hpp"
#include "core/bib_check.hpp"
#include "core/kiosk_flow.hpp"
#include "core/long_press.hpp"
#include "platform/audio.hpp"
#include "platform/camera_worker.hpp"
#include "platform/device_health.hpp"
#include "platform/removable_drives.hpp"
#include "platform/system_clock.hpp"
#include "platform/watchdog.hpp"
#include "store/checkin_store.hpp"
#include "store/staff_lock_store.hpp"
#include "store/survey_store.hpp"
#include "store/time_anchor_store.hpp"
#include "sync/sync_worker.hpp"
#include "ui/screens.hpp"
#include "ui/text.hpp"

namespace chillnode {

namespace {

// How often the loop checks with the kernel whether the wall clock is synchronized, when no
// sync thread does it.
constexpr std::int64_t KernelAnchorCheckMs = 5000;

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
         std::to_string(static_cast<int>(view.redeem.verdict)) + std::to_string(static_cast<int>(view.redeem.bibCheck)) +
         '|' +
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
      autotest.emplace(options.autotestScript, options.screenshotDir, config.orientation);
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
  std::int64_t kernelAnchorCheckedMs = std::numeric_limits<std::int64_t>::min() / 2;

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
  // The staff lock starts from its stored state, so a restart neither clears the count of wrong
  // PINs nor ends a lockout.
  StaffLockSettings lockSettings;
  StaffLockRecord storedLock;
  try {
    if (std::optional<StaffLockSnapshot> saved = loadStaffLock(*db)) {
      Timestamp at = clock.now();
      storedLock = restoreStaffLock(*saved, at.bootId, at.monoMs, lockSettings);
      if (storedLock.lockedOutUntilMs > at.monoMs) {
        spdlog::info("staff PIN entry stays locked out for {} s after the restart",
                     (storedLock.lockedOutUntilMs - at.monoMs + 999) / 1000);
      }
    }
  } catch (const StoreError& error) {
    std::fprintf(stderr, "chillnode: cannot read the stored staff PIN lock: %s\n", error.what());
    return 1;
  }
  KioskFlow flow(flowSettings, &desk.board(), lockSettings, storedLock);
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
  TouchInput touch(config.orientation);
  LongPressDetector longPress;
  PreviewFrame preview;
  StaffDataSource staffSource(*db, config.databasePath, config.vouchers.offers);
  StorageWatch storage(*db, config.databasePath);
  ui::StaffData staffData;
  std::int64_t staffDataAtMs = -1;
  bool staffDataStale = false;  // a staff action changed what the staff screen reads
  std::string staffDataQuery;
  FrameRateMeter cameraRate;
  std::future<StaffPinCheck> pinCheck;
  std::future<std::string> exportRun;  // the staff screen's export to a USB drive, while it runs
  GuidedSpeech guidedSpeech;
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
  // Every voucher scan ends the open bib check, and a Valid one opens the next.
  BibCheckWindow bibWindow;
  std::optional<Voucher> bibCheckVoucher;  // the voucher of the open bib check
  auto runRedeem = [&](const std::string& payload) {
    bibWindow.close();
    RedeemResult result = ledger.redeem(payload, config.vouchers.publicKeys, config.vouchers.sponsorId,
                                        config.vouchers.offers, clock.now());
    RedeemView view = redeemViewOf(result);
    if (result.outcome == RedeemOutcome::NotStored) spdlog::error("redemption not stored: {}", result.storeError);
    spdlog::info("redeem: {} (voucher {})", redeemOutcomeName(result.outcome), view.shortId.empty() ? "-" : view.shortId);
    if (result.outcome == RedeemOutcome::Valid) {
      // Valid means the signature verified, so the voucher's key is configured.
      const VerifyKey* key = findVerifyKey(config.vouchers.publicKeys, result.voucher->keyId);
      bibWindow.open(result.redemptionId, result.voucher->bibHash, key->bibKey, bootNowMs());
      bibCheckVoucher = result.voucher;
      audio.playChime();
    } else {
      audio.playAlarm();
    }
    flow.showRedeem(view, bootNowMs());
  };

  // The runner's bib after a Valid verdict, compared with that voucher's bib hash. The bib
  // is neither stored nor logged; only whether it matched is.
  auto runBibCheck = [&](const std::string& bib) {
    std::int64_t at = bootNowMs();
    std::optional<BibCheckResult> check = bibWindow.check(bib, at);
    if (!check || !bibCheckVoucher) {
      spdlog::info("a bib code was ignored: no valid voucher is waiting for a bib check");
      return;
    }
    std::string shortId = voucherIdText(bibCheckVoucher->id).substr(0, 8);
    try {
      ledger.recordBibCheck(check->redemptionId, *bibCheckVoucher, check->matched, clock.now());
    } catch (const StoreError& error) {
      // NOTE: the check still shows, because the redemption it belongs to is stored; only
      // HQ's view of this friend redemption is lost.
      spdlog::error("bib check of voucher {} not stored: {}", shortId, error.what());
    }
    spdlog::info("bib check: {} (voucher {})", check->matched ? "same runner" : "different runner", shortId);
    if (check->matched) audio.playChime();
    else audio.playAlarm();
    flow.showBibCheck(check->matched, at);
  };

  ServiceWatchdog watchdog;
  while (running && !g_stopRequested) {
    watchdog.onLoopPass(steadyNowMs());

    // Poll events: quit, touches, the staff corner and the camera's wake-up.
    SDL_Event event;
    int width = 0;
    int height = 0;
    SDL_GetWindowSize(display.window(), &width, &height);
    ImVec2 uiSize = display.uiSize();
    bool eventsArrived = false;
    while (SDL_PollEvent(&event)) {
      eventsArrived = true;
      std::int64_t at = bootNowMs();
      if (event.type == SDL_QUIT) running = false;
      ImGui_ImplSDL2_ProcessEvent(&event);
      if (touch.handle(event, width, height, uiSize)) flow.touched(at);
      // The staff corner is the UI's top-right corner, wherever the panel's corners are.
      std::optional<NormalizedPoint> point = touch.uiPoint(event, width, height);
      if (event.type == SDL_FINGERDOWN && point) longPress.press(point->x, point->y, at);
      if (event.type == SDL_FINGERMOTION && point) longPress.move(point->x, point->y, at);
      if (event.type == SDL_FINGERUP) longPress.release(at);
      bool realMouse = event.button.which != SDL_TOUCH_MOUSEID && point;
      if (event.type == SDL_MOUSEBUTTONDOWN && realMouse) longPress.press(point->x, point->y, at);
      if (event.type == SDL_MOUSEBUTTONUP && realMouse) longPress.release(at);
    }

    // Drain worker results: scanned payloads and typed bibs become check-ins, a checked
    // PIN opens or keeps closed the staff screen.
    for (const ScannedPayload& payload : camera.takePayloads()) {
      if (!flow.scanAccepted()) continue;
      Screen showing = flow.view().screen;
      bool runnerScreen = showing != Screen::Attract && showing != Screen::Scanning && showing != Screen::Unknown;
      if (sponsorUnit) {
        // A bib code goes to the bib check; anything else, junk included, is a voucher scan.
        bool voucherCode = std::string_view(payload.text).starts_with(VoucherPrefix);
        BibPayload bib = parser.parse(payload.text);
        if (!voucherCode && bib.ok()) runBibCheck(bib.bib);
        else runRedeem(payload.text);
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
      StaffPinCheck check = pinCheck.get();
      StaffSignIn member;
      if (check.verdict == PinVerdict::Match) {
        member = {config.staffMembers[check.member].id, config.staffMembers[check.member].name};
        spdlog::info("staff PIN accepted: staff member {} signed in", member.id);
      } else {
        spdlog::info("staff PIN refused");
      }
      flow.applyPinVerdict(check.verdict, bootNowMs(), member);
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
      pinCheck = std::async(std::launch::async, [pin = *pin, &members = config.staffMembers] {
        return findStaffMember(pin, members);
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
    if (flow.staffLockRecord() != storedLock) {
      if (storedLock.lockedOutUntilMs == 0 && flow.staffLockRecord().lockedOutUntilMs != 0) {
        spdlog::warn("staff PIN entry locked out for {} s after too many wrong PINs",
                     (flow.staffLockRecord().lockedOutUntilMs - now + 999) / 1000);
      }
      storedLock = flow.staffLockRecord();
      try {
        saveStaffLock(*db, storedLock, stamp);
      } catch (const StoreError& error) {
        spdlog::error("staff PIN lock not stored, so a restart now would forget {} wrong PINs and {} "
                      "lockouts: {}", storedLock.failuresInRow, storedLock.lockouts, error.what());
      }
    }
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
    if (!sync && now - kernelAnchorCheckedMs >= KernelAnchorCheckMs) {
      // Without HQ no sync thread stores the kernel's anchors, and exported records need them.
      kernelAnchorCheckedMs = now;
      try {
        if (recordKernelAnchorIfDue(*db, config.unitId, stamp)) {
          spdlog::info("wall clock synchronized, time anchor recorded for boot {}", stamp.bootId);
        }
      } catch (const StoreError& error) {
        spdlog::warn("time anchor not stored: {}", error.what());
      }
    }
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
    display.newFrame();
    touch.applyToImGui();
    ImGui::NewFrame();
    ui::CameraView cameraView{reinterpret_cast<ImTextureID>(display.preview()), display.previewAspect(),
                              cameraStatus.connected};
    Screen drawn = flow.view().screen;
    ui::ScreenContext context{flow.view(), metrics, display.fonts(), cameraView, &desk.board(), now,
                              &flow.staffLock(), &staffData, !config.staffMembers.empty(), &liveOffers,
                              &allOffers, &storage.alert()};
    Intent intent = ui::drawScreen(context);
    if (intent.kind == IntentKind::SetLanguage) ui::setLanguage(intent.language);
    // The desk stores check-ins and overrides in the next frame, before the staff data is read.
    if (intent.kind != IntentKind::None && drawn == Screen::Staff) staffDataStale = true;
    if (intent.kind != IntentKind::None) flow.apply(intent, now);
    if (config.audioGuided) {
      std::optional<std::string> speech = guidedSpeech.onFrame(drawn, ui::spokenMessage());
      if (speech) audio.speak(std::move(*speech), ui::currentLanguage());
    }
    ImGui::Render();

    // Present, after the test script (if any) has had its look at the frame.
    display.render(ImGui::GetDrawData());
    if (autotest && flow.view().screen == drawn) {
      bool previewDrawn = previewShown && cameraView.connected && cameraView.texture;
      Autotest::Step step = autotest->advance(
          {flow.view(), previewDrawn, cameraView.connected, display.outputWidth(), display.outputHeight()},
          now);
      if (step.screenshotPath && !display.saveScreenshot(*step.screenshotPath)) {
        spdlog::error("autotest: cannot write screenshot {}", *step.screenshotPath);
        step.quit = true;
        step.exitCode = 1;
      }
      if (step.uprightScreenshotPath && !display.saveUprightScreenshot(*step.uprightScreenshotPath)) {
        spdlog::error("autotest: cannot write screenshot {}", *step.uprightScreenshotPath);
        step.quit = true;
        step.exitCode = 1;
      }
      if (step.quit) {
        running = false;
        exitCode = step.exitCode;
      }
    }
    display.present();
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
