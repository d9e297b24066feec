#include "core/kiosk_flow.hpp"

#include <algorithm>
#include <cctype>

#include "core/bib_check.hpp"

namespace chillnode {

std::string_view screenName(Screen screen) {
  switch (screen) {
    case Screen::Attract: return "attract";
    case Screen::Scanning: return "scanning";
    case Screen::Welcome: return "welcome";
    case Screen::Unknown: return "unknown";
    case Screen::Keypad: return "keypad";
    case Screen::ChooseSession: return "choose";
    case Screen::Intake: return "intake";
    case Screen::IntakeBlocked: return "blocked";
    case Screen::Queued: return "queued";
    case Screen::Called: return "called";
    case Screen::Running: return "running";
    case Screen::SessionOver: return "over";
    case Screen::StaffPin: return "staff_pin";
    case Screen::Staff: return "staff";
    case Screen::Voucher: return "voucher";
    case Screen::FollowUp: return "follow_up";
    case Screen::Redeem: return "redeem";
    case Screen::NotSaved: return "not_saved";
  }
  return "attract";
}

std::string_view surveyKindName(SurveyKind kind) {
  switch (kind) {
    case SurveyKind::Before: return "before";
    case SurveyKind::After: return "after";
    case SurveyKind::FollowUp: return "follow_up";
  }
  return "before";
}

std::string_view bibCheckStateName(BibCheckState state) {
  switch (state) {
    case BibCheckState::None: return "none";
    case BibCheckState::Waiting: return "waiting";
    case BibCheckState::SameRunner: return "same_runner";
    case BibCheckState::DifferentRunner: return "different_runner";
  }
  return "none";
}

std::string_view redeemVerdictName(RedeemVerdict verdict) {
  switch (verdict) {
    case RedeemVerdict::None: return "none";
    case RedeemVerdict::Valid: return "valid";
    case RedeemVerdict::AlreadyUsed: return "already_used";
    case RedeemVerdict::Expired: return "expired";
    case RedeemVerdict::NotForThisSponsor: return "not_for_this_sponsor";
    case RedeemVerdict::UnknownOrForged: return "unknown_or_forged";
    case RedeemVerdict::NotStored: return "not_stored";
  }
  return "none";
}

std::string_view staffTabName(StaffTab tab) {
  switch (tab) {
    case StaffTab::Bays: return "bays";
    case StaffTab::Queues: return "queues";
    case StaffTab::Runners: return "runners";
    case StaffTab::Today: return "today";
  }
  return "bays";
}

KioskFlow::KioskFlow(FlowSettings settings, BayBoard* board, StaffLockSettings lockSettings,
                     StaffLockRecord lockRecord)
    : m_settings(std::move(settings)), m_board(board), m_lock(lockSettings, lockRecord) {
  m_view.screen = home();
}

bool KioskFlow::isStaffScreen() const {
  return m_view.screen == Screen::Staff || m_view.screen == Screen::StaffPin;
}

void KioskFlow::touched(std::int64_t nowMs) {
  m_lastActivityMs = nowMs;
  if (isStaffScreen()) m_lock.touched(nowMs);
}

void KioskFlow::goTo(Screen screen, std::int64_t nowMs) {
  if (screen == Screen::Attract) screen = home();
  m_view.screen = screen;
  m_view.idleWarning = false;
  m_lastActivityMs = nowMs;
  m_view.keypadText.clear();
  m_view.notSaved = UnsavedRecord::None;
  if (screen == home()) {
    // Nothing about the last runner stays on the shared screen.
    FlowView fresh;
    fresh.screen = screen;
    fresh.staffTab = m_view.staffTab;
    m_view = std::move(fresh);
  }
  if (screen == Screen::Staff) {
    m_view.keypadLetters = false;
    m_view.staffPage = 0;
    m_view.staffMemberName = m_staffMember.name;
  }
}

void KioskFlow::apply(const Intent& intent, std::int64_t nowMs) {
  touched(nowMs);
  m_view.idleWarning = false;
  switch (intent.kind) {
    case IntentKind::StartScanning: goTo(Screen::Scanning, nowMs); break;
    case IntentKind::OpenKeypad: goTo(Screen::Keypad, nowMs); break;
    case IntentKind::Back:
    case IntentKind::Done: goTo(Screen::Attract, nowMs); break;
    case IntentKind::KeypadKey:
    case IntentKind::KeypadDelete:
    case IntentKind::KeypadToggleLetters:
    case IntentKind::KeypadSubmit: applyKeypad(intent); break;
    case IntentKind::ChooseSession:
    case IntentKind::PickStation:
    case IntentKind::AcceptConsent:
    case IntentKind::AnswerYes:
    case IntentKind::AnswerNo:
    case IntentKind::StartSession:
    case IntentKind::StopSession:
    case IntentKind::LeaveQueue: applyRunner(intent, nowMs); break;
    case IntentKind::SurveyScore:
    case IntentKind::SurveyYes:
    case IntentKind::SurveyNo:
    case IntentKind::ShareYes:
    case IntentKind::ShareNo:
    case IntentKind::SkipSurvey: applySurvey(intent, nowMs); break;
    case IntentKind::ShowVoucher:
      if (m_view.voucher && (m_view.screen == Screen::Welcome || m_view.screen == Screen::SessionOver)) {
        m_view.screen = Screen::Voucher;
      }
      break;
    case IntentKind::SetLanguage:
    case IntentKind::None: break;
    default: applyStaff(intent, nowMs); break;
  }
}

void KioskFlow::applyKeypad(const Intent& intent) {
  if (m_view.screen != Screen::Keypad && m_view.screen != Screen::Staff) return;
  std::string& text = m_view.keypadText;
  if (intent.kind == IntentKind::KeypadKey) {
    unsigned char key = static_cast<unsigned char>(intent.key);
    bool allowed = std::isalnum(key) || key == '-';
    if (allowed && text.size() < MaxKeypadLength) text.push_back(static_cast<char>(std::toupper(key)));
  } else if (intent.kind == IntentKind::KeypadDelete) {
    if (!text.empty()) text.pop_back();
  } else if (intent.kind == IntentKind::KeypadToggleLetters) {
    m_view.keypadLetters = !m_view.keypadLetters;
  } else if (intent.kind == IntentKind::KeypadSubmit && !text.empty() && m_view.screen == Screen::Keypad) {
    m_submission = text;
  }
}

std::optional<std::string> KioskFlow::takeKeypadSubmission() {
  return std::exchange(m_submission, std::nullopt);
}

std::vector<IntakeSubmission> KioskFlow::takeIntakeSubmissions() {
  return std::exchange(m_intakes, {});
}

std::optional<std::string> KioskFlow::takePinSubmission() {
  return std::exchange(m_pinSubmission, std::nullopt);
}

std::vector<StaffRecordAction> KioskFlow::takeStaffRecordActions() {
  return std::exchange(m_staffRecords, {});
}

void KioskFlow::showResult(const CheckInResult& result, std::int64_t nowMs, const SurveyPlan& plan) {
  bool welcome = result.outcome == CheckInOutcome::CheckedIn ||
                 result.outcome == CheckInOutcome::AlreadyCheckedIn;
  // A scan on the staff screen is a lookup by staff, not a runner taking the screen.
  if (isStaffScreen()) return;
  if (result.outcome == CheckInOutcome::NotStored) {
    goTo(Screen::NotSaved, nowMs);
    m_view.result = result;
    m_view.notSaved = UnsavedRecord::CheckIn;
    return;
  }
  goTo(welcome ? Screen::Welcome : Screen::Unknown, nowMs);
  m_view.result = result;
  m_consent = plan.consent;
  m_answeredSessions = plan.answeredSessions;
  if (!welcome || !m_board) return;
  const Session* session = m_board->activeSessionFor(result.bib);
  if (!plan.followUpSessionId.empty() && !session) {
    m_view.screen = Screen::FollowUp;
    promptSurvey(SurveyKind::FollowUp, plan.followUpSessionId);
    return;
  }
  if (session) showSession(*session, nowMs);
}

std::optional<std::string> KioskFlow::takeExportRequest() {
  return std::exchange(m_exportRequest, std::nullopt);
}

std::vector<SurveySubmission> KioskFlow::takeSurveys() {
  return std::exchange(m_surveys, {});
}

void KioskFlow::promptSurvey(SurveyKind kind, const std::string& sessionId) {
  std::string key = std::string(surveyKindName(kind)) + ":" + sessionId;
  if (std::find(m_answeredSessions.begin(), m_answeredSessions.end(), key) != m_answeredSessions.end()) return;
  SurveyView survey;
  survey.kind = kind;
  survey.sessionId = sessionId;
  m_view.survey = std::move(survey);
}

void KioskFlow::applySurvey(const Intent& intent, std::int64_t nowMs) {
  if (!m_view.survey || m_view.result.bib.empty()) return;
  SurveyView& survey = *m_view.survey;
  bool followUp = survey.kind == SurveyKind::FollowUp;
  if (followUp != (m_view.screen == Screen::FollowUp)) return;
  if (intent.kind == IntentKind::SkipSurvey) {
    // A skipped survey is not asked again for the same session during this visit.
    m_answeredSessions.push_back(std::string(surveyKindName(survey.kind)) + ":" + survey.sessionId);
    m_view.survey.reset();
    if (followUp) goTo(Screen::Welcome, nowMs);
    return;
  }

  if (survey.stage == SurveyStage::Consent) {
    if (intent.kind == IntentKind::ShareYes) finishSurvey(true, nowMs);
    if (intent.kind == IntentKind::ShareNo) finishSurvey(false, nowMs);
    return;
  }
  if (survey.stage != SurveyStage::Question) return;

  bool score = intent.kind == IntentKind::SurveyScore && intent.key >= 0 && intent.key <= 10;
  bool yesNo = intent.kind == IntentKind::SurveyYes || intent.kind == IntentKind::SurveyNo;
  int yes = intent.kind == IntentKind::SurveyYes ? 1 : 0;
  bool answered = false;
  if (!followUp && score) {
    survey.answers.emplace_back(survey.kind == SurveyKind::Before ? "soreness" : "readiness", intent.key);
    answered = true;
  } else if (followUp && survey.step == 0 && yesNo) {
    survey.answers.emplace_back("ran_since", yes);
    survey.step = yes ? 1 : 2;
  } else if (followUp && survey.step == 1 && score) {
    survey.answers.emplace_back("run_feel", intent.key);
    survey.step = 2;
  } else if (followUp && survey.step == 2 && yesNo) {
    survey.answers.emplace_back("pain_stopped", yes);
    answered = true;
  }
  if (!answered) return;

  if (m_consent) finishSurvey(std::nullopt, nowMs);
  else survey.stage = SurveyStage::Consent;
}

void KioskFlow::finishSurvey(std::optional<bool> consent, std::int64_t nowMs) {
  SurveyView& survey = *m_view.survey;
  m_surveys.push_back({m_view.result.bib, survey.kind, survey.sessionId, survey.answers, consent});
  if (consent) m_consent = consent;
  m_answeredSessions.push_back(std::string(surveyKindName(survey.kind)) + ":" + survey.sessionId);
  if (survey.kind != SurveyKind::FollowUp) {
    survey.stage = SurveyStage::Thanks;
    return;
  }
  m_view.survey.reset();
  goTo(Screen::Welcome, nowMs);
}

void KioskFlow::showSession(const Session& session, std::int64_t nowMs) {
  const SessionData& data = session.data();
  Screen screen = Screen::Queued;
  if (data.state == SessionState::Called) screen = Screen::Called;
  if (data.state == SessionState::Running) screen = Screen::Running;
  if (m_view.screen != screen) {
    m_view.screen = screen;
    m_lastActivityMs = nowMs;
  }
  m_view.sessionId = data.id;
  m_view.stationId = data.stationId;
  m_view.ending = SessionEnding::None;
  m_lastSessionState = data.state;
  bool waiting = data.state == SessionState::Queued || data.state == SessionState::Called;
  if (waiting && (!m_view.survey || m_view.survey->sessionId != data.id)) promptSurvey(SurveyKind::Before, data.id);
}

void KioskFlow::applyRunner(const Intent& intent, std::int64_t nowMs) {
  if (!m_board || m_view.result.bib.empty()) return;
  Screen screen = m_view.screen;
  SessionEvent event;
  event.actor = Actor::Runner;
  switch (intent.kind) {
    case IntentKind::ChooseSession:
      if (screen == Screen::Welcome || screen == Screen::Intake || screen == Screen::IntakeBlocked ||
          screen == Screen::SessionOver) {
        goTo(Screen::ChooseSession, nowMs);
        m_view.joinError = JoinError::None;
      }
      break;
    case IntentKind::PickStation:
      if (screen == Screen::ChooseSession) pickStation(intent.target, nowMs);
      break;
    case IntentKind::AcceptConsent:
      if (screen == Screen::Intake) m_view.consentAccepted = true;
      break;
    case IntentKind::AnswerYes:
    case IntentKind::AnswerNo:
      if (screen == Screen::Intake && m_view.consentAccepted) answer(intent.kind == IntentKind::AnswerYes, nowMs);
      break;
    case IntentKind::StartSession:
      if (screen != Screen::Called) break;
      event.kind = SessionEventKind::Start;
      m_board->apply(m_view.sessionId, event, nowMs);
      break;
    case IntentKind::StopSession:
      if (screen != Screen::Running) break;
      event.kind = SessionEventKind::Stop;
      m_board->apply(m_view.sessionId, event, nowMs);
      break;
    case IntentKind::LeaveQueue:
      if (screen != Screen::Queued && screen != Screen::Called) break;
      event.kind = SessionEventKind::Remove;
      if (m_board->apply(m_view.sessionId, event, nowMs) == SessionError::None) goTo(Screen::ChooseSession, nowMs);
      break;
    default: break;
  }
  // The board may have moved the session (started, stopped); show where it is now.
  followSession(nowMs);
}

void KioskFlow::pickStation(const std::string& stationId, std::int64_t nowMs) {
  const StationType* station = findStation(m_board->stations(), stationId);
  if (!station) return;
  m_view.stationId = stationId;
  IntakeStatus status = m_board->intakeStatus(m_view.result.bib, stationId);
  if (status == IntakeStatus::NotAnswered) {
    goTo(Screen::Intake, nowMs);
    m_view.questionIndex = 0;
    m_view.answers.clear();
    m_view.consentAccepted = false;
    return;
  }
  if (status == IntakeStatus::Blocked) {
    goTo(Screen::IntakeBlocked, nowMs);
    return;
  }
  join(nowMs);
}

void KioskFlow::answer(bool yes, std::int64_t nowMs) {
  const StationType* station = findStation(m_board->stations(), m_view.stationId);
  if (!station || m_view.questionIndex >= station->questions.size()) return;
  m_view.answers.push_back({station->questions[m_view.questionIndex].id, yes});
  ++m_view.questionIndex;
  if (m_view.questionIndex < station->questions.size()) return;

  const std::string& bib = m_view.result.bib;
  IntakeEvaluation evaluation = m_board->submitIntake(bib, station->id, m_view.answers);
  m_intakes.push_back({bib, station->id, m_view.answers, evaluation});
  if (evaluation.decision == IntakeDecision::Blocked) {
    goTo(Screen::IntakeBlocked, nowMs);
    return;
  }
  join(nowMs);
}

void KioskFlow::join(std::int64_t nowMs) {
  std::string stationId = m_view.stationId;
  JoinResult joined = m_board->join(m_view.result.bib, stationId, nowMs);
  if (joined.error != JoinError::None) {
    goTo(Screen::ChooseSession, nowMs);
    m_view.stationId = stationId;
    m_view.joinError = joined.error;
    return;
  }
  goTo(Screen::Queued, nowMs);
  m_view.stationId = stationId;
  m_view.sessionId = joined.sessionId;
  m_lastSessionState = SessionState::Queued;
}

void KioskFlow::followSession(std::int64_t nowMs) {
  Screen screen = m_view.screen;
  bool following = screen == Screen::Queued || screen == Screen::Called || screen == Screen::Running;
  if (!following || !m_board) return;
  const Session* session = m_board->find(m_view.sessionId);
  if (session && !isFinished(session->data().state)) {
    showSession(*session, nowMs);
    return;
  }
  // Gone from the board, or finished with an alarm for staff: the session is over.
  SessionState last = session ? session->data().state : m_lastSessionState;
  SessionEnding ending = SessionEnding::CallPassed;
  if (last == SessionState::Running || last == SessionState::Completed) ending = SessionEnding::Completed;
  if (last == SessionState::StoppedEarly) ending = SessionEnding::StoppedEarly;
  std::string stationId = m_view.stationId;
  std::string sessionId = m_view.sessionId;
  goTo(Screen::SessionOver, nowMs);
  m_view.stationId = stationId;
  m_view.ending = ending;
  m_view.survey.reset();
  if (ending != SessionEnding::CallPassed) promptSurvey(SurveyKind::After, sessionId);
}

void KioskFlow::applyStaff(const Intent& intent, std::int64_t nowMs) {
  switch (intent.kind) {
    case IntentKind::OpenStaff:
      goTo(m_lock.unlocked() ? Screen::Staff : Screen::StaffPin, nowMs);
      m_lock.touched(nowMs);
      return;
    case IntentKind::PinDigit:
      if (m_view.screen == Screen::StaffPin) m_lock.typeDigit(intent.key, nowMs);
      return;
    case IntentKind::PinDelete:
      if (m_view.screen == Screen::StaffPin) m_lock.deleteDigit(nowMs);
      return;
    case IntentKind::PinSubmit:
      if (m_view.screen == Screen::StaffPin) {
        if (std::optional<std::string> pin = m_lock.submit(nowMs)) m_pinSubmission = std::move(pin);
      }
      return;
    default: break;
  }
  if (m_view.screen != Screen::Staff || !m_lock.unlocked()) return;
  switch (intent.kind) {
    case IntentKind::StaffTab:
      for (StaffTab tab : {StaffTab::Bays, StaffTab::Queues, StaffTab::Runners, StaffTab::Today}) {
        if (staffTabName(tab) == intent.target) m_view.staffTab = tab;
      }
      m_view.keypadText.clear();
      m_view.staffNotice.clear();
      m_view.staffPage = 0;
      break;
    case IntentKind::StaffPage:
      if (intent.target == "next") ++m_view.staffPage;
      if (intent.target == "prev" && m_view.staffPage > 0) --m_view.staffPage;
      break;
    case IntentKind::StaffLock:
      m_lock.lock(nowMs);
      goTo(Screen::Attract, nowMs);
      break;
    case IntentKind::StaffOverride:
      if (m_board && m_board->overrideIntake(intent.target, intent.station, m_staffMember.id)) {
        m_staffRecords.push_back({StaffRecordAction::Kind::Override, intent.target, intent.station, m_staffMember.id});
        setStaffNotice("override");
      }
      break;
    case IntentKind::StaffExport:
      if (!intent.target.empty()) m_exportRequest = intent.target;
      break;
    case IntentKind::StaffCheckIn:
      if (!intent.target.empty()) {
        m_staffRecords.push_back({StaffRecordAction::Kind::CheckIn, intent.target, "", m_staffMember.id});
        m_view.staffNotice.clear();
      }
      break;
    default: staffSession(intent, nowMs); break;
  }
}

void KioskFlow::staffSession(const Intent& intent, std::int64_t nowMs) {
  if (!m_board) return;
  if (intent.kind == IntentKind::StaffMoveUp) {
    // Fails when the runner was called or left since the screen was drawn.
    bool moved = m_board->moveUp(intent.target);
    setStaffNotice(moved ? "" : std::string(sessionErrorName(SessionError::WrongState)));
    return;
  }
  SessionEvent event;
  event.actor = Actor::Staff;
  event.staffId = m_staffMember.id;
  switch (intent.kind) {
    case IntentKind::StaffConfirmWatching: event.kind = SessionEventKind::ConfirmWatching; break;
    case IntentKind::StaffStart: event.kind = SessionEventKind::Start; break;
    case IntentKind::StaffStop: event.kind = SessionEventKind::Stop; break;
    case IntentKind::StaffExtend:
      event.kind = SessionEventKind::Extend;
      event.extendMs = m_settings.extendStepMs;
      break;
    case IntentKind::StaffAcknowledge: event.kind = SessionEventKind::Acknowledge; break;
    case IntentKind::StaffRemove: event.kind = SessionEventKind::Remove; break;
    default: return;
  }
  // A tap that lands as the session changes state returns an error and changes nothing.
  SessionError error = m_board->apply(intent.target, event, nowMs);
  setStaffNotice(error == SessionError::None ? "" : std::string(sessionErrorName(error)));
}

void KioskFlow::setStaffNotice(std::string notice) {
  if (!notice.empty()) ++m_view.staffNoticeCount;
  m_view.staffNotice = std::move(notice);
}

void KioskFlow::applyPinVerdict(PinVerdict verdict, std::int64_t nowMs, StaffSignIn member) {
  bool verifying = m_lock.view().state == StaffLockState::Verifying;
  m_lock.applyVerdict(verdict, nowMs);
  if (verifying && m_lock.unlocked()) m_staffMember = std::move(member);
  if (m_lock.unlocked() && m_view.screen == Screen::StaffPin) {
    goTo(Screen::Staff, nowMs);
    m_view.staffTab = StaffTab::Bays;
  }
}

void KioskFlow::offerVoucher(const std::string& bib, VoucherView voucher) {
  if (bib.empty() || bib != m_view.result.bib) return;
  m_view.voucher = std::move(voucher);
}

void KioskFlow::rejectUnsaved(UnsavedRecord record, const std::string& bib, std::int64_t nowMs) {
  if (record == UnsavedRecord::None || bib.empty() || bib != m_view.result.bib || isStaffScreen()) return;
  if (record == UnsavedRecord::Voucher) {
    if (m_view.screen == Screen::SessionOver) m_view.notSaved = record;
    return;
  }
  goTo(Screen::NotSaved, nowMs);
  m_view.notSaved = record;
  m_view.sessionId.clear();
  m_view.survey.reset();
}

void KioskFlow::showRedeem(RedeemView result, std::int64_t nowMs) {
  if (m_view.screen != Screen::Redeem) return;
  m_view.redeem = std::move(result);
  m_view.redeem.sequence = ++m_redeemResults;
  m_redeemShownMs = nowMs;
}

void KioskFlow::showBibCheck(bool sameRunner, std::int64_t nowMs) {
  if (m_view.screen != Screen::Redeem || m_view.redeem.verdict != RedeemVerdict::Valid) return;
  m_view.redeem.bibCheck = sameRunner ? BibCheckState::SameRunner : BibCheckState::DifferentRunner;
  m_view.redeem.sequence = ++m_redeemResults;
  m_redeemShownMs = nowMs;
}

bool KioskFlow::scanAccepted() const {
  // The keypads own the screen while someone types; elsewhere a bib held up is welcome.
  return m_view.screen != Screen::Keypad && !isStaffScreen() && m_view.screen != Screen::Intake;
}

void KioskFlow::tick(std::int64_t nowMs) {
  m_lock.tick(nowMs);
  if (m_view.screen == Screen::Staff) {
    // The staff screen has its own idle rule: the lock relocks it.
    if (!m_lock.unlocked()) goTo(Screen::Attract, nowMs);
    return;
  }
  followSession(nowMs);
  std::int64_t redeemShowMs =
      m_view.redeem.bibCheck == BibCheckState::Waiting ? BibCheckWindowMs : m_settings.redeemResultMs;
  if (m_view.screen == Screen::Redeem && m_view.redeem.verdict != RedeemVerdict::None &&
      nowMs - m_redeemShownMs >= redeemShowMs) {
    m_view.redeem = RedeemView{};
  }
  if (m_view.screen == home()) return;
  std::int64_t idle = nowMs - m_lastActivityMs;
  if (idle >= m_settings.idleTimeoutMs) {
    goTo(Screen::Attract, nowMs);
    return;
  }
  std::int64_t left = m_settings.idleTimeoutMs - idle;
  m_view.idleWarning = left <= m_settings.idleWarningMs;
  m_view.idleSecondsLeft = static_cast<int>((left + 999) / 1000);
}

}  // namespace chillnode
