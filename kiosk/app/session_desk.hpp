#pragma once
// Runs the recovery sessions inside the kiosk loop: restores the bay board from the
// database at start, ticks it every frame, plays the chime, cues and alarms for its events,
// and stores every change, intake and staff record with its outbox row.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/bay_board.hpp"
#include "core/kiosk_flow.hpp"
#include "core/time.hpp"
#include "platform/audio.hpp"
#include "store/checkin_store.hpp"
#include "store/session_store.hpp"
#include "store/voucher_store.hpp"

namespace chillnode {

class SessionDesk {
public:
  // audio may be null (tests without sound).
  SessionDesk(Database& db, const std::string& unitId, std::vector<StationType> stations,
              BoardSettings settings, AudioPlayer* audio);

  // Loads open sessions and today's intake results. A session that was running when the
  // unit rebooted comes back Interrupted, with an alarm for staff. A session still running
  // in this boot and past half way does not play its breathing cue again. Throws StoreError.
  void restore(const Timestamp& now);

  BayBoard& board() { return m_board; }

  // Booth units with a signing key issue a voucher for each session that ends after it
  // started (completed or stopped early), from these offers.
  void enableVouchers(SigningKey key, std::vector<Offer> offers);
  // Vouchers issued since the last call, for the flow to offer the runners on screen.
  std::vector<std::pair<std::string, VoucherView>> takeIssuedVouchers();
  // Ids of the offers a session can still earn at nowUnix: valid and with stock left.
  std::vector<std::string> availableOffers(std::int64_t nowUnix);
  // The runner's newest unexpired voucher, for their welcome screen.
  std::optional<VoucherView> voucherFor(const std::string& bib, std::int64_t nowUnix);

  // Once per frame, after the flow applied this frame's intents: advances the board, stores
  // what changed, and sounds its events in the runner's language. When a write fails (a
  // full disk), the records a runner made this frame are taken back and the runner is told:
  // a queue join, intake answers, a voucher. Changes to sessions already stored are kept in
  // memory and tried again about once a second until they are stored, so no transition is
  // lost while the kiosk runs and the bays' timing goes on unchanged.
  void update(KioskFlow& flow, CheckInStore& checkIns, const Timestamp& now, const std::string& language);

  // Whether any bay is called or running, so the screens need a redraw each second.
  bool busy() const;
  // Changes waiting for a write that failed; 0 when all are stored.
  std::size_t unsavedChanges() const { return m_unsaved.size(); }
  // Tries once more, at once, to store the waiting changes, as the kiosk stops. Returns
  // whether none are left.
  bool saveBeforeStop(const Timestamp& now) { return saveChanges(now, true); }

private:
  // Returns the language of a session's runner, or fallback when the session is unknown.
  const std::string& languageOf(const std::string& sessionId, const std::string& fallback) const;
  void sound(const std::vector<BoardEvent>& events, const std::string& language);
  void soundStartsAndBreathing(const std::vector<SessionChange>& changes, std::int64_t nowMs,
                               const std::string& language);
  // Returns the (bib, station id) pairs whose intake answers were not stored.
  std::set<std::pair<std::string, std::string>> storeFlowRecords(KioskFlow& flow, CheckInStore& checkIns,
                                                                 const Timestamp& now);
  std::set<std::string> storeChanges(KioskFlow& flow, std::vector<SessionChange> changes,
                                     const std::set<std::pair<std::string, std::string>>& rejectedIntakes,
                                     const Timestamp& now);
  void rejectJoin(KioskFlow& flow, const SessionData& session, UnsavedRecord record, const Timestamp& now);
  bool saveChanges(const Timestamp& now, bool retryNow);
  void issueVouchers(KioskFlow& flow, const std::vector<SessionChange>& changes, const Timestamp& now);
  VoucherView viewOf(const IssuedVoucher& issued) const;
  void skipPassedBreathingCues(std::int64_t nowMs);

  BayBoard m_board;
  SessionStore m_store;
  AudioPlayer* m_audio;
  VoucherStore m_vouchers;
  std::optional<SigningKey> m_key;
  std::vector<Offer> m_offers;
  std::vector<std::pair<std::string, VoucherView>> m_issued;
  std::vector<SessionChange> m_unsaved;
  std::set<std::string> m_breathingPlayed;  // running sessions whose mid-session cue played
  // The language of each open session: the screen's when the runner joined, so a session's
  // cues stay in the runner's language after the screen returns to another one.
  // NOTE: kept in memory only. After a restart a session's cues use the screen's language.
  std::map<std::string, std::string> m_languages;
  Screen m_lastScreen = Screen::Attract;
  Timestamp m_dayStart;
  bool m_saveFailing = false;
  std::int64_t m_lastSaveTryMs = 0;  // monotonic time of the last write of pending changes
};

}  // namespace chillnode
