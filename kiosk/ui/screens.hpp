#pragma once
// The check-in screens. Each draws the flow's view model and returns what the user asked
// for; none of them touches the database, the camera or the network.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/bay_board.hpp"
#include "core/kiosk_flow.hpp"
#include "core/staff_figures.hpp"
#include "ui/theme.hpp"

namespace chillnode::ui {

struct CameraView {
  ImTextureID texture = nullptr;  // live preview, or null before the first frame
  float aspect = 16.0f / 9.0f;    // width / height of the preview
  bool connected = false;
};

// A runner found by the staff lookup.
struct RunnerMatch {
  std::string bib;
  std::string firstName;
  std::string lastName;
  bool checkedInToday = false;
};

// A runner whose intake answers blocked a station type today, waiting for a staff member.
struct IntakeAlert {
  std::string bib;
  std::string stationId;
  std::string firstName;  // empty when the bib is not in the roster
};

// The staff screen's data beyond the board: figures, device health, lookup results, intake
// alerts and runners' names. The app refreshes it every few seconds and after staff actions,
// and adds the names of newly called or queued runners each frame.
struct StaffData {
  std::vector<TypeFigures> figures;  // the last read, refreshed while the today tab shows
  std::optional<std::uint64_t> freeDiskBytes;
  std::optional<std::uint64_t> databaseBytes;
  std::optional<double> cameraFps;
  bool clockSynced = false;
  std::vector<RunnerMatch> matches;  // for view.keypadText on the runners tab
  std::vector<IntakeAlert> blockedAlerts;  // today's blocked intakes with no override, oldest first
  std::map<std::string, std::string> firstNames;  // by bib, for the sessions on the board
  struct OfferLine {
    std::string title;
    int issued = 0;    // by this unit (a booth)
    int redeemed = 0;  // on this unit (a sponsor unit)
    std::optional<std::int64_t> medianSecondsToRedeem;
  };
  std::vector<OfferLine> vouchers;  // per configured offer, on the today tab
  struct SyncLine {
    bool configured = false;  // the unit has an [hq] section
    std::int64_t pending = 0;
    std::int64_t quarantined = 0;
    std::optional<std::int64_t> secondsSinceSuccess;
    std::string lastError;  // plain words, empty when the last pass did not fail
  };
  SyncLine sync;
  std::vector<std::string> drives;  // USB drives mounted for export
};

// The unit's storage as staff see it. Raised while records cannot be written (a full,
// read-only or failing disk); the app lowers it once a write commits again.
struct StorageAlert {
  enum class Problem { Full, ReadOnly, IoError };
  bool raised = false;
  Problem problem = Problem::Full;
  std::optional<std::uint64_t> freeDiskBytes;  // in the database's folder, when readable
  std::size_t pendingSessionChanges = 0;       // kept in memory until a write works
};

// An offer as the attract screen's rotation and the voucher screen show it.
struct OfferCard {
  std::string offerId;
  std::string title;
  std::string sponsorName;
  ImTextureID logo = nullptr;  // the sponsor's logo, or null
  float logoAspect = 1;        // width / height
};

struct ScreenContext {
  const FlowView& view;
  const Metrics& metrics;
  const Fonts& fonts;
  CameraView camera;
  const BayBoard* board = nullptr;      // null when the unit offers no sessions
  std::int64_t nowMs = 0;               // monotonic, for countdowns
  const StaffLockView* staffLock = nullptr;
  const StaffData* staff = nullptr;
  bool staffPinSet = false;             // the config has a staff PIN hash, shared or a member's
  // Offers a session earns now (valid, in stock), for the attract screen's rotation, and
  // every configured offer's logo for the voucher screen.
  const std::vector<OfferCard>* offers = nullptr;
  const std::vector<OfferCard>* allOffers = nullptr;
  const StorageAlert* storage = nullptr;  // null in tests that draw no alert
};

// Draws the whole frame for the current screen, idle warning included.
Intent drawScreen(const ScreenContext& context);

// One function per screen, each in its own file.
Intent drawAttract(const ScreenContext& context);
Intent drawScanning(const ScreenContext& context);
Intent drawWelcome(const ScreenContext& context);
Intent drawUnknown(const ScreenContext& context);
Intent drawKeypad(const ScreenContext& context);
Intent drawChooseSession(const ScreenContext& context);
Intent drawIntake(const ScreenContext& context);
Intent drawIntakeBlocked(const ScreenContext& context);
Intent drawQueued(const ScreenContext& context);
Intent drawCalled(const ScreenContext& context);
Intent drawRunning(const ScreenContext& context);
Intent drawSessionOver(const ScreenContext& context);
Intent drawStaffPin(const ScreenContext& context);
Intent drawVoucher(const ScreenContext& context);
Intent drawFollowUp(const ScreenContext& context);
Intent drawRedeem(const ScreenContext& context);
Intent drawStaff(const ScreenContext& context);
Intent drawNotSaved(const ScreenContext& context);
void drawIdleWarning(const ScreenContext& context);

// The storage alert as a red strip under the top bar, for staff walking past the attract
// screen. Draws nothing unless the alert is raised; returns the height it took.
float drawStorageStrip(const ScreenContext& context, float top);
// The storage alert as a red banner at the top of the staff screen's content, with the
// free space and what to do. Draws nothing unless the alert is raised; returns its height.
float drawStaffStorageBanner(const ScreenContext& context, float left, float top, float width);
// "1.2 MB" for a byte count, "–" for none.
std::string formatBytes(std::optional<std::uint64_t> bytes);

// The live camera picture in the box, mirrored, with a guide frame; the message when there
// is no camera.
void drawCameraPreview(const ScreenContext& context, ImVec2 min, ImVec2 max, const char* noCameraMessage);

// The brand bar across the top of every screen; returns its height.
float drawTopBar(const ScreenContext& context);

// Draws a coloured band under the top bar, so the outcome shows before anyone reads a
// word (green for welcome, amber for a problem). Returns its height.
float drawStatusBand(const ScreenContext& context, float top, ImU32 color);

// The translated display name of a station type, by id; the config's name for other types.
std::string stationName(const StationType& station);
std::string stationName(const BayBoard& board, const std::string& stationId);

// "2:05" for a duration in ms, rounded up to the second.
std::string formatCountdown(std::int64_t ms);

// The screen's main message for audio-guided mode. Each screen sets it as it draws, and
// drawScreen clears it first, so a screen that sets none has none.
struct SpokenMessage {
  std::string text;        // read aloud, with any live figure at its value in this frame
  // text without its live figures, such as a countdown. It is only compared, never read. The
  // app reads text again only when the screen or stableText changes.
  std::string stableText;
};

// Sets a message that contains no live figure.
void setSpokenMessage(std::string text);
void setSpokenMessage(std::string text, std::string stableText);
const SpokenMessage& spokenMessage();

// Returns "About 3 minutes left." for a duration in ms rounded to whole minutes, or "Less
// than a minute left." under 30 s, for a spoken message that is read once, not every second.
std::string spokenTimeLeft(std::int64_t ms);

}  // namespace chillnode::ui
