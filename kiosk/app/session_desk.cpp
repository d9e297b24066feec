#include "app/session_desk.hpp"

#include <spdlog/spdlog.h>

namespace chillnode {

namespace {

std::string_view eventName(BoardEventKind kind) {
  switch (kind) {
    case BoardEventKind::Called: return "called";
    case BoardEventKind::Warning: return "warning";
    case BoardEventKind::Ended: return "ended";
    case BoardEventKind::HardStopped: return "hard stop";
    case BoardEventKind::CallExpired: return "call expired";
    case BoardEventKind::Interrupted: return "interrupted";
    case BoardEventKind::IntakeBlocked: return "intake blocked";
  }
  return "unknown";
}

bool isPastHalfway(const Session& session, std::int64_t nowMs) {
  return session.elapsedMs(nowMs) * 2 >= session.data().plannedMs;
}

}  // namespace

SessionDesk::SessionDesk(Database& db, const std::string& unitId, std::vector<StationType> stations,
                         BoardSettings settings, AudioPlayer* audio)
    : m_board(std::move(stations), settings), m_store(db, unitId), m_audio(audio), m_vouchers(db, unitId) {}

void SessionDesk::enableVouchers(SigningKey key, std::vector<Offer> offers) {
  m_key = std::move(key);
  m_offers = std::move(offers);
}

VoucherView SessionDesk::viewOf(const IssuedVoucher& issued) const {
  VoucherView view;
  view.code = issued.code;
  view.offerId = issued.voucher.offerId;
  view.shortId = voucherIdText(issued.voucher.id).substr(0, 8);
  if (issued.offer) {
    view.title = issued.offer->title;
    view.sponsorName = issued.offer->sponsorName;
    view.terms = issued.offer->terms;
  }
  return view;
}

std::vector<std::pair<std::string, VoucherView>> SessionDesk::takeIssuedVouchers() {
  return std::exchange(m_issued, {});
}

std::vector<std::string> SessionDesk::availableOffers(std::int64_t nowUnix) {
  std::vector<std::string> ids;
  if (!m_key) return ids;
  try {
    for (const Offer& offer : m_offers) {
      if (offer.validUntil >= nowUnix && m_vouchers.countIssued(offer.id) < offer.stock) ids.push_back(offer.id);
    }
  } catch (const StoreError& error) {
    spdlog::error("cannot count the issued vouchers: {}", error.what());
  }
  return ids;
}

std::optional<VoucherView> SessionDesk::voucherFor(const std::string& bib, std::int64_t nowUnix) {
  if (!m_key) return std::nullopt;
  try {
    std::vector<IssuedVoucher> found = m_vouchers.vouchersFor(bib, m_offers, nowUnix);
    if (!found.empty()) return viewOf(found.front());
  } catch (const StoreError& error) {
    spdlog::error("cannot read the runner's vouchers: {}", error.what());
  }
  return std::nullopt;
}

void SessionDesk::issueVouchers(KioskFlow& flow, const std::vector<SessionChange>& changes, const Timestamp& now) {
  if (!m_key) return;
  for (const SessionChange& change : changes) {
    if (!change.transition) continue;
    SessionState to = change.transition->to;
    if (to != SessionState::Completed && to != SessionState::StoppedEarly) continue;
    if (change.transition->reason == TransitionReason::AlarmAcknowledged) continue;
    const SessionData& session = change.session;
    // A voucher follows the stored end of its session. A session whose end is not stored
    // yet gets none, so a failing disk never overdraws the sponsor's stock.
    // NOTE: it gets none later either, once the end is stored. The session-over screen asks
    // the runner to see staff.
    if (!m_unsaved.empty()) {
      spdlog::error("voucher for session {} not issued: the session's end is not stored yet", session.id);
      flow.rejectUnsaved(UnsavedRecord::Voucher, session.bib, now.monoMs);
      continue;
    }
    try {
      std::optional<IssuedVoucher> issued =
          m_vouchers.issue(session.bib, session.id, session.stationId, m_offers, *m_key, now);
      if (!issued) continue;
      spdlog::info("voucher {} issued for offer {}", voucherIdText(issued->voucher.id).substr(0, 8),
                   issued->voucher.offerId);
      m_issued.emplace_back(session.bib, viewOf(*issued));
    } catch (const StoreError& error) {
      spdlog::error("voucher for session {} not issued: {}", session.id, error.what());
      flow.rejectUnsaved(UnsavedRecord::Voucher, session.bib, now.monoMs);
    }
  }
}

void SessionDesk::restore(const Timestamp& now) {
  LoadedSessions loaded = m_store.load(now);
  std::size_t count = loaded.sessions.size();
  int skipped = m_board.restore(std::move(loaded.sessions));
  for (const StoredIntake& intake : loaded.intakes) {
    m_board.recordIntakeResult(intake.bib, intake.stationId, intake.blocked, intake.overrideStaffId);
  }
  for (const auto& [bib, stationId] : loaded.startedToday) m_board.noteStartedToday(bib, stationId);
  skipPassedBreathingCues(now.monoMs);
  m_dayStart = now;
  spdlog::info("sessions restored: {} open, {} interrupted by a reboot, {} of removed station types", count,
               loaded.interrupted, skipped);
}

// Marks the breathing cue of each restored session past half way as played, because whether
// it played before the restart is not stored.
// NOTE: a restart that spans the half-way point therefore skips the cue for that session.
void SessionDesk::skipPassedBreathingCues(std::int64_t nowMs) {
  for (const StationType& station : m_board.stations()) {
    for (const Session* holder : m_board.bays(station.id)) {
      bool running = holder && holder->data().state == SessionState::Running;
      if (running && isPastHalfway(*holder, nowMs)) m_breathingPlayed.insert(holder->data().id);
    }
  }
}

bool SessionDesk::busy() const {
  for (const StationType& station : m_board.stations()) {
    for (const Session* holder : m_board.bays(station.id)) {
      if (holder) return true;
    }
  }
  return false;
}

void SessionDesk::update(KioskFlow& flow, CheckInStore& checkIns, const Timestamp& now,
                         const std::string& language) {
  if (!isSameRaceDay(m_dayStart, now)) {
    // A new race day: everyone answers the intake again and may have their daily session.
    m_board.startRaceDay();
    m_dayStart = now;
    spdlog::info("a new race day began: intake answers and daily limits reset");
  }
  std::vector<BoardEvent> events = m_board.tick(now.monoMs);
  flow.tick(now.monoMs);
  std::set<std::pair<std::string, std::string>> rejectedIntakes = storeFlowRecords(flow, checkIns, now);
  std::vector<SessionChange> changes = m_board.takeChanges();
  std::set<std::string> rejected = storeChanges(flow, changes, rejectedIntakes, now);
  std::erase_if(changes, [&](const SessionChange& change) { return rejected.contains(change.session.id); });
  std::erase_if(events, [&](const BoardEvent& event) {
    return rejected.contains(event.sessionId) ||
           (event.kind == BoardEventKind::IntakeBlocked && rejectedIntakes.contains({event.bib, event.stationId}));
  });
  for (const SessionChange& change : changes) m_languages.try_emplace(change.session.id, language);
  sound(events, language);
  soundStartsAndBreathing(changes, now.monoMs, language);
  for (const SessionChange& change : changes) {
    if (isFinished(change.session.state)) m_languages.erase(change.session.id);
  }
  // The runner at the screen hears the welcome for their station when their call shows.
  Screen screen = flow.view().screen;
  if (screen == Screen::Called && m_lastScreen != Screen::Called && m_audio) {
    m_audio->play(Cue::Welcome, flow.view().stationId, language);
  }
  m_lastScreen = screen;
  issueVouchers(flow, changes, now);
}

std::set<std::pair<std::string, std::string>> SessionDesk::storeFlowRecords(KioskFlow& flow, CheckInStore& checkIns,
                                                                            const Timestamp& now) {
  // Answers that cannot be written are taken back: the board forgets them, so the runner
  // is asked again once the disk works, and the screen says they were not saved.
  std::set<std::pair<std::string, std::string>> rejected;
  for (const IntakeSubmission& intake : flow.takeIntakeSubmissions()) {
    try {
      m_store.saveIntake(intake.bib, intake.stationId, intake.answers, intake.evaluation, now);
    } catch (const StoreError& error) {
      spdlog::error("intake answers for station type {} were not stored, and the runner sees the not-saved screen: {}", intake.stationId,
                    error.what());
      m_board.forgetIntake(intake.bib, intake.stationId);
      rejected.insert({intake.bib, intake.stationId});
      flow.rejectUnsaved(UnsavedRecord::IntakeAnswers, intake.bib, now.monoMs);
    }
  }
  for (const StaffRecordAction& action : flow.takeStaffRecordActions()) {
    try {
      if (action.kind == StaffRecordAction::Kind::Override) {
        m_store.saveIntakeOverride(action.bib, action.stationId, action.staffId, now);
        spdlog::info("staff override of an intake block for station type {}", action.stationId);
      } else {
        CheckInResult result = checkIns.checkIn(action.bib, CheckInMethod::Keypad, now);
        spdlog::info("staff check-in: {}", outcomeName(result.outcome));
        if (!result.stored) flow.showStaffNotice(std::string(StaffNoticeNotStored));
      }
    } catch (const StoreError& error) {
      // NOTE: an override stays applied on the board until a restart, which reads the block again.
      spdlog::error("staff action not stored: {}", error.what());
      flow.showStaffNotice(std::string(StaffNoticeNotStored));
    }
  }
  return rejected;
}

// Stores this frame's changes after those still pending. Returns the ids of the sessions
// joined this frame that were taken back because they could not be stored.
std::set<std::string> SessionDesk::storeChanges(KioskFlow& flow, std::vector<SessionChange> changes,
                                                const std::set<std::pair<std::string, std::string>>& rejectedIntakes,
                                                const Timestamp& now) {
  std::set<std::string> rejected;
  std::vector<SessionData> joined;  // copies, because changes is edited below
  for (const SessionChange& change : changes) {
    bool join = change.transition && !change.transition->from;
    if (join) joined.push_back(change.session);
  }
  // A join that followed answers which were not stored goes too: the runner answers again.
  for (const SessionData& session : joined) {
    if (!rejectedIntakes.contains({session.bib, session.stationId})) continue;
    rejectJoin(flow, session, UnsavedRecord::IntakeAnswers, now);
    rejected.insert(session.id);
  }
  std::erase_if(changes, [&](const SessionChange& change) { return rejected.contains(change.session.id); });
  m_unsaved.insert(m_unsaved.end(), changes.begin(), changes.end());
  bool joining = joined.size() > rejected.size();
  if (saveChanges(now, joining) || !joining) return rejected;

  // The new places in the queue were not stored: take them back and tell the runner.
  for (const SessionData& session : joined) {
    if (rejected.contains(session.id)) continue;
    rejectJoin(flow, session, UnsavedRecord::QueuePlace, now);
    rejected.insert(session.id);
  }
  std::erase_if(m_unsaved, [&](const SessionChange& change) { return rejected.contains(change.session.id); });
  return rejected;
}

void SessionDesk::rejectJoin(KioskFlow& flow, const SessionData& session, UnsavedRecord record,
                             const Timestamp& now) {
  spdlog::error("queue join {} at station type {} taken back: it could not be stored", session.id,
                session.stationId);
  m_board.discard(session.id);
  flow.rejectUnsaved(record, session.bib, now.monoMs);
}

// Returns whether every change is stored. While writes fail, a retry waits about a second
// unless retryNow is set (a runner waits for the answer).
bool SessionDesk::saveChanges(const Timestamp& now, bool retryNow) {
  constexpr std::int64_t RetryMs = 1000;
  if (m_unsaved.empty()) return true;
  if (m_saveFailing && !retryNow && now.monoMs - m_lastSaveTryMs < RetryMs) return false;
  m_lastSaveTryMs = now.monoMs;
  try {
    m_store.saveAll(m_unsaved, now);
    if (m_saveFailing) spdlog::info("{} pending session changes stored after failed writes", m_unsaved.size());
    m_saveFailing = false;
    m_unsaved.clear();
    return true;
  } catch (const StoreError& error) {
    // Logged once per failure run, not every try; the changes wait for the next try.
    if (!m_saveFailing) spdlog::error("{} session changes not stored yet: {}", m_unsaved.size(), error.what());
    m_saveFailing = true;
    return false;
  }
}

const std::string& SessionDesk::languageOf(const std::string& sessionId, const std::string& fallback) const {
  auto found = m_languages.find(sessionId);
  return found == m_languages.end() ? fallback : found->second;
}

void SessionDesk::sound(const std::vector<BoardEvent>& events, const std::string& language) {
  for (const BoardEvent& event : events) {
    spdlog::info("session event: {} at station type {} bay {}", eventName(event.kind), event.stationId,
                 event.bay + 1);
    if (!m_audio) continue;
    switch (event.kind) {
      case BoardEventKind::Called:
        m_audio->playChime();
        m_audio->speakCall(event.bib, event.bay + 1, languageOf(event.sessionId, language));
        break;
      case BoardEventKind::Warning:
        m_audio->play(Cue::Warning, event.stationId, languageOf(event.sessionId, language));
        break;
      case BoardEventKind::Ended:
        m_audio->playAlarm();
        m_audio->play(Cue::End, event.stationId, languageOf(event.sessionId, language));
        break;
      case BoardEventKind::HardStopped:
      case BoardEventKind::Interrupted:
      case BoardEventKind::IntakeBlocked: m_audio->playAlarm(); break;
      case BoardEventKind::CallExpired: break;
    }
  }
}

void SessionDesk::soundStartsAndBreathing(const std::vector<SessionChange>& changes, std::int64_t nowMs,
                                          const std::string& language) {
  for (const SessionChange& change : changes) {
    if (m_audio && change.transition && change.transition->to == SessionState::Running &&
        change.transition->reason != TransitionReason::StaffExtended) {
      m_audio->play(Cue::Start, change.session.stationId, languageOf(change.session.id, language));
    }
  }
  // The breathing cue plays once, half way through the planned time.
  std::set<std::string> running;
  for (const StationType& station : m_board.stations()) {
    for (const Session* holder : m_board.bays(station.id)) {
      if (!holder || holder->data().state != SessionState::Running) continue;
      const std::string& id = holder->data().id;
      running.insert(id);
      if (!isPastHalfway(*holder, nowMs) || m_breathingPlayed.contains(id)) continue;
      m_breathingPlayed.insert(id);
      if (m_audio) m_audio->play(Cue::Breathing, station.id, languageOf(id, language));
    }
  }
  std::erase_if(m_breathingPlayed, [&](const std::string& id) { return !running.contains(id); });
}

}  // namespace chillnode
