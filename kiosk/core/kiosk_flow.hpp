#pragma once
// The kiosk's screen flow as a state machine with no I/O. The app feeds it user intents,
// check-in results, PIN verdicts and the time; the UI draws what view() returns.
//
// Runner path: attract -> scanning or keypad -> welcome -> choose a session -> intake
// questions (first session of a type only) -> queued -> called -> running -> session over.
// A runner who scans again while queued, called or running goes straight to that screen.
// Staff path: a long press in the corner -> PIN -> staff screen, which relocks when idle.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bay_board.hpp"
#include "core/checkin.hpp"
#include "core/staff_auth.hpp"

namespace chillnode {

enum class Screen {
  Attract,
  Scanning,
  Welcome,
  Unknown,
  Keypad,
  ChooseSession,
  Intake,
  IntakeBlocked,
  Queued,
  Called,
  Running,
  SessionOver,
  StaffPin,
  Staff,
  Voucher,  // the runner's voucher as a QR code
  FollowUp, // return-to-run questions for a runner back 12 to 96 hours after a session
  Redeem,   // a sponsor unit's home: scan area and the last result
  NotSaved, // a runner's record could not be stored (full or failing disk): ask staff
};

std::string_view screenName(Screen screen);

enum class IntentKind {
  None,
  StartScanning,  // attract: "scan my bib"
  OpenKeypad,     // "type my bib number"
  Back,           // leave the current screen for the attract screen
  KeypadKey,      // one character typed on the keypad (the staff lookup's too)
  KeypadDelete,
  KeypadToggleLetters,
  KeypadSubmit,
  Done,           // finished: back to the attract screen
  SetLanguage,
  // Runner sessions
  ChooseSession,  // welcome: pick a recovery session
  PickStation,    // target: station type id
  AcceptConsent,  // intake: the explanation was read, show the questions
  AnswerYes,
  AnswerNo,
  StartSession,   // called: the runner starts their own (unattended) session
  StopSession,    // running: the runner ends early
  LeaveQueue,     // queued or called: give up the place
  // Staff
  OpenStaff,      // the corner long press
  PinDigit,       // key: '0' to '9'
  PinDelete,
  PinSubmit,
  StaffTab,       // target: "bays", "queues", "runners" or "today"
  StaffPage,      // target: "next" or "prev", within the staff tab's pages
  StaffConfirmWatching,  // target: session id
  StaffStart,            // target: session id
  StaffStop,             // target: session id
  StaffExtend,           // target: session id
  StaffAcknowledge,      // target: session id
  StaffRemove,           // target: session id
  StaffMoveUp,           // target: session id
  StaffOverride,         // target: bib, station: station type id
  StaffCheckIn,          // target: bib
  StaffLock,
  StaffExport,           // target: the mounted drive to export to
  ShowVoucher,  // welcome or session over: show the runner's voucher
  // Return-to-run survey: all taps, every question skippable
  SurveyScore,  // key: 0 to 10, the answer to the score question on screen
  SurveyYes,    // follow-up yes/no questions
  SurveyNo,
  ShareYes,     // consent to share the answers with the organizer
  ShareNo,
  SkipSurvey,
};

struct Intent {
  IntentKind kind = IntentKind::None;
  char key = 0;          // KeypadKey, PinDigit
  std::string language;  // SetLanguage: a catalog code such as "es"
  std::string target;    // see IntentKind
  std::string station;   // StaffOverride
};

struct FlowSettings {
  std::int64_t idleTimeoutMs = 30'000;   // inactivity that returns to the attract screen
  std::int64_t idleWarningMs = 10'000;   // how long before that the warning shows
  std::int64_t extendStepMs = 60'000;    // what one tap on a bay's "extend" adds
  bool sponsorUnit = false;              // home is the redeem screen instead of the attract screen
  std::int64_t redeemResultMs = 12'000;  // how long a redeem result stays on screen
};

// A voucher as the runner's screen shows it.
struct VoucherView {
  std::string code;         // the QR text
  std::string offerId;
  std::string shortId;      // the voucher id's first 8 hex digits, printed under the code
  std::string title;
  std::string sponsorName;
  std::string terms;
};

enum class SurveyKind { Before, After, FollowUp };
std::string_view surveyKindName(SurveyKind kind);  // "before", "after", "follow_up"

// Stage of the survey on screen. Before and After are one score question shown on the
// queued, called and session-over screens; FollowUp has its own screen and steps.
enum class SurveyStage { Question, Consent, Thanks };

struct SurveyView {
  SurveyKind kind = SurveyKind::Before;
  std::string sessionId;  // the session it is about
  SurveyStage stage = SurveyStage::Question;
  int step = 0;           // FollowUp: 0 ran since, 1 how it felt, 2 pain that stopped them
  std::vector<std::pair<std::string, int>> answers;  // question id, value (0/1 for yes/no)
};

// A runner's survey state, read from the store when they check in.
struct SurveyPlan {
  std::optional<bool> consent;    // their answer to sharing, if they gave one
  std::string followUpSessionId;  // a session 12 to 96 hours ago with no follow-up yet
  std::vector<std::string> answeredSessions;  // sessions whose before/after survey was done
};

// A finished survey for the store.
struct SurveySubmission {
  std::string bib;
  SurveyKind kind = SurveyKind::Before;
  std::string sessionId;
  std::vector<std::pair<std::string, int>> answers;
  std::optional<bool> consent;  // set when the runner answered the sharing question now
};

enum class RedeemVerdict { None, Valid, AlreadyUsed, Expired, NotForThisSponsor, UnknownOrForged, NotStored };

// "none", "valid", "already_used", "expired", "not_for_this_sponsor", "unknown_or_forged" or
// "not_stored", as test scripts name the verdicts.
std::string_view redeemVerdictName(RedeemVerdict verdict);

// The bib check after a Valid verdict: waiting for the runner's bib, then its result.
enum class BibCheckState { None, Waiting, SameRunner, DifferentRunner };

// "none", "waiting", "same_runner" or "different_runner", as test scripts name them.
std::string_view bibCheckStateName(BibCheckState state);

// The result of the last scan on a sponsor unit.
struct RedeemView {
  RedeemVerdict verdict = RedeemVerdict::None;
  BibCheckState bibCheck = BibCheckState::None;
  std::string title;        // the offer's title, when known
  std::string terms;
  std::string shortId;
  std::string firstUnit;    // AlreadyUsed: where
  std::int64_t firstWallMs = 0;  // AlreadyUsed: when, by the wall clock
  // Number of results shown since start, this one included; 0 while none shows. Tells a
  // new result from the last one when both have the same verdict.
  std::uint64_t sequence = 0;
};

// Ending a session screen shows once the session is gone from the board.
enum class SessionEnding { None, Completed, StoppedEarly, CallPassed };

// A runner's record that the store could not write, so the screen says so instead of
// going on as if it had worked.
enum class UnsavedRecord {
  None,
  CheckIn,        // NotSaved screen
  QueuePlace,     // NotSaved screen: the join was taken back
  IntakeAnswers,  // NotSaved screen: the answers and the join that followed were taken back
  Voucher,        // SessionOver screen: the session ended, but no voucher could be issued
};

enum class StaffTab { Bays, Queues, Runners, Today };
std::string_view staffTabName(StaffTab tab);

// The staff notice for a staff action that the store could not write.
constexpr std::string_view StaffNoticeNotStored = "not_stored";

// The staff member whose PIN unlocked the staff screen.
struct StaffSignIn {
  std::string id = std::string(SharedPinStaffId);  // recorded with each staff action
  std::string name;                                 // shown in the staff screen's tab bar
};

struct FlowView {
  Screen screen = Screen::Attract;
  CheckInResult result;           // the runner's check-in; cleared on return to attract
  std::string keypadText;         // the bib keypad's, or the staff lookup's, entry
  bool keypadLetters = false;
  bool idleWarning = false;
  int idleSecondsLeft = 0;        // while idleWarning

  // Session screens. runnerBib is result.bib once a runner is welcomed.
  std::string stationId;          // ChooseSession's last pick, Intake, IntakeBlocked
  std::size_t questionIndex = 0;  // Intake: the question shown
  bool consentAccepted = false;   // Intake: false shows the explanation first
  std::vector<IntakeAnswer> answers;
  JoinError joinError = JoinError::None;  // ChooseSession: why the last pick was refused
  std::string sessionId;          // Queued, Called, Running, SessionOver
  SessionEnding ending = SessionEnding::None;

  // Staff screens
  StaffTab staffTab = StaffTab::Bays;
  // The page of the staff tab, from 0. Only the screen counts the pages, so it shows the
  // last page for a larger number.
  int staffPage = 0;
  std::string staffNotice;        // the result of the last staff action, in English
  std::string staffMemberName;    // Staff: the signed-in member's name

  UnsavedRecord notSaved = UnsavedRecord::None;  // NotSaved and SessionOver: what was not stored
  std::optional<VoucherView> voucher;  // the runner's newest voucher, when they have one
  std::optional<SurveyView> survey;    // the survey question on screen, if any
  RedeemView redeem;                   // sponsor unit: the last scan's result
  int staffNoticeCount = 0;       // notices set so far, so a repeated notice shows again
};

// A complete set of intake answers for the store, taken by the app once per submission.
struct IntakeSubmission {
  std::string bib;
  std::string stationId;
  std::vector<IntakeAnswer> answers;
  IntakeEvaluation evaluation;
};

// A staff action that touched the store's records beyond sessions.
struct StaffRecordAction {
  enum class Kind { Override, CheckIn } kind = Kind::Override;
  std::string bib;
  std::string stationId;  // Override
  std::string staffId;
};

class KioskFlow {
public:
  static constexpr std::size_t MaxKeypadLength = 16;

  // Without a board the flow is check-in only: welcome offers no sessions. lockRecord is the
  // staff lock's stored state (see restoreStaffLock), so a restart keeps a lockout.
  explicit KioskFlow(FlowSettings settings = {}, BayBoard* board = nullptr,
                     StaffLockSettings lockSettings = {}, StaffLockRecord lockRecord = {});

  // Applies a user intent. Any touch counts as activity, even one that changes nothing.
  void apply(const Intent& intent, std::int64_t nowMs);
  void touched(std::int64_t nowMs);

  // Returns the bib typed on the keypad when KeypadSubmit was applied with a non-empty
  // entry since the last call. The app then runs the check-in and calls showResult.
  std::optional<std::string> takeKeypadSubmission();
  // Intake answers submitted since the last call, for the store.
  std::vector<IntakeSubmission> takeIntakeSubmissions();
  // The PIN typed on the staff PIN pad, to be checked off the UI thread with verifyPin.
  std::optional<std::string> takePinSubmission();
  // Applies the verdict on the submitted PIN. Match signs member in: their id is recorded with
  // every staff action until the staff lock locks again.
  void applyPinVerdict(PinVerdict verdict, std::int64_t nowMs, StaffSignIn member = {});
  // The drive staff asked to export to, taken once; the app runs the export off the UI thread.
  std::optional<std::string> takeExportRequest();
  // Shows a notice on the staff screen, such as an export's result or StaffNoticeNotStored.
  void showStaffNotice(std::string notice) { setStaffNotice(std::move(notice)); }
  // Staff overrides and manual check-ins since the last call, for the store.
  std::vector<StaffRecordAction> takeStaffRecordActions();

  // Shows a check-in result: the follow-up survey when one is due, the runner's session
  // screen when they are queued, called or running, Welcome for any other check-in or
  // repeat visit, NotSaved for NotStored, Unknown otherwise.
  void showResult(const CheckInResult& result, std::int64_t nowMs, const SurveyPlan& plan = {});
  // Surveys finished since the last call, for the store.
  std::vector<SurveySubmission> takeSurveys();

  // Offers the runner on screen a voucher: the welcome and session-over screens then show
  // a button for it. Ignored when bib is not the runner on screen.
  void offerVoucher(const std::string& bib, VoucherView voucher);
  // Tells the runner on screen that their record was not stored: the NotSaved screen for a
  // queue place or intake answers, a line on the session-over screen for a voucher. Ignored
  // when bib is not the runner on screen, or staff have the screen.
  void rejectUnsaved(UnsavedRecord record, const std::string& bib, std::int64_t nowMs);
  // Shows a sponsor unit's redeem result on its home screen for redeemResultMs.
  // A Valid result waiting for its bib check stays for BibCheckWindowMs instead.
  void showRedeem(RedeemView result, std::int64_t nowMs);
  // Shows the bib check's result in the redeem result on screen, for redeemResultMs.
  void showBibCheck(bool sameRunner, std::int64_t nowMs);
  Screen home() const { return m_settings.sponsorUnit ? Screen::Redeem : Screen::Attract; }

  // Advances idle handling, the staff lock and the session screens, which follow the
  // runner's session as the board moves it (queued -> called -> running -> over).
  void tick(std::int64_t nowMs);

  bool scanAccepted() const;  // whether a camera payload should be checked in now
  const FlowView& view() const { return m_view; }
  const StaffLockView& staffLock() const { return m_lock.view(); }
  bool staffUnlocked() const { return m_lock.unlocked(); }
  // The signed-in staff member's id, or empty while the staff lock is locked.
  std::string staffMemberId() const { return m_lock.unlocked() ? m_staffMember.id : std::string(); }
  std::optional<std::int64_t> staffLockDeadlineMs() const { return m_lock.nextDeadlineMs(); }
  // The staff lock's failure counts and lockout, for the app to store whenever they change.
  const StaffLockRecord& staffLockRecord() const { return m_lock.record(); }

private:
  void goTo(Screen screen, std::int64_t nowMs);
  void applyKeypad(const Intent& intent);
  void applyRunner(const Intent& intent, std::int64_t nowMs);
  void applyStaff(const Intent& intent, std::int64_t nowMs);
  void pickStation(const std::string& stationId, std::int64_t nowMs);
  void answer(bool yes, std::int64_t nowMs);
  void join(std::int64_t nowMs);
  void showSession(const Session& session, std::int64_t nowMs);
  void followSession(std::int64_t nowMs);
  void staffSession(const Intent& intent, std::int64_t nowMs);
  void applySurvey(const Intent& intent, std::int64_t nowMs);
  void promptSurvey(SurveyKind kind, const std::string& sessionId);
  void finishSurvey(std::optional<bool> consent, std::int64_t nowMs);
  void setStaffNotice(std::string notice);  // empty clears it
  bool isStaffScreen() const;

  FlowSettings m_settings;
  BayBoard* m_board = nullptr;
  StaffLock m_lock;
  StaffSignIn m_staffMember;  // valid only while m_lock is unlocked
  FlowView m_view;
  std::int64_t m_lastActivityMs = 0;
  std::int64_t m_redeemShownMs = 0;
  std::uint64_t m_redeemResults = 0;
  SessionState m_lastSessionState = SessionState::Queued;
  std::optional<std::string> m_submission;
  std::optional<std::string> m_pinSubmission;
  std::optional<std::string> m_exportRequest;
  std::vector<IntakeSubmission> m_intakes;
  std::vector<StaffRecordAction> m_staffRecords;
  std::vector<SurveySubmission> m_surveys;
  std::optional<bool> m_consent;                 // the runner on screen's sharing answer
  std::vector<std::string> m_answeredSessions;   // before/after surveys done or skipped
};

}  // namespace chillnode
