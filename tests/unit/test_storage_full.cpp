// A unit whose storage fills up or fails: records are refused whole, the failure is kept
// for the storage alert, and writes work again without a restart once there is room.

#include <catch2/catch.hpp>

#include <string>

#include "app/session_desk.hpp"
#include "core/kiosk_flow.hpp"
#include "store/checkin_store.hpp"
#include "store/roster_store.hpp"
#include "temp_dir.hpp"

using namespace chillnode;
using chillnode::test::TempDir;

namespace {

Timestamp at(std::int64_t monoMs) {
  Timestamp t;
  t.wallMs = 1'791'100'800'000 + monoMs;
  t.wallSynced = true;
  t.bootId = "boot-test";
  t.monoMs = monoMs;
  return t;
}

std::int64_t scalar(Database& db, const std::string& sql) {
  auto stmt = db.prepare(sql);
  REQUIRE(stmt.step());
  return stmt.integer(0);
}

void importBibs(Database& db, int count) {
  std::vector<Runner> runners;
  for (int i = 1; i <= count; ++i) {
    Runner runner;
    runner.bib = std::to_string(1000 + i);
    runner.firstName = "Runner";
    runners.push_back(runner);
  }
  importRunners(db, runners);
}

// Caps the file at its current size, as a full disk would.
void capAtCurrentSize(Database& db) {
  std::int64_t pages = scalar(db, "PRAGMA page_count");
  db.execute("PRAGMA max_page_count = " + std::to_string(pages));
}

Intent make(IntentKind kind, std::string target = "") {
  Intent intent;
  intent.kind = kind;
  intent.target = std::move(target);
  return intent;
}

CheckInResult welcomed(const std::string& bib) {
  CheckInResult result;
  result.outcome = CheckInOutcome::CheckedIn;
  result.bib = bib;
  return result;
}

// A one-bay type with no questions, and the built-in mat with its one question.
std::vector<StationType> deskStations() {
  StationType quick = *findDefaultStation("mat");
  quick.id = "quick";
  quick.name = "Quick";
  quick.bays = 1;
  quick.questions.clear();
  StationType mat = *findDefaultStation("mat");
  mat.bays = 1;
  return {quick, mat};
}

struct Desk {
  TempDir dir;
  Database db{dir.file("kiosk.db")};
  BibPayloadParser parser;
  CheckInStore checkIns{db, "unit-1", parser};
  SessionDesk desk{db, "unit-1", deskStations(), {}, nullptr};
  KioskFlow flow{FlowSettings{}, &desk.board()};

  Desk() { desk.restore(at(1000)); }

  void update(std::int64_t monoMs) { desk.update(flow, checkIns, at(monoMs), "en"); }

  void join(const std::string& bib, const std::string& stationId, std::int64_t monoMs) {
    flow.showResult(welcomed(bib), monoMs);
    flow.apply(make(IntentKind::ChooseSession), monoMs);
    flow.apply(make(IntentKind::PickStation, stationId), monoMs);
  }
};

}  // namespace

TEST_CASE("full database refuses a check-in whole", "[store][storage]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  importBibs(db, 200);
  BibPayloadParser parser;
  CheckInStore checkIns(db, "unit-1", parser);
  capAtCurrentSize(db);

  int stored = 0;
  CheckInResult refused;
  for (int i = 1; i <= 200; ++i) {
    CheckInResult result = checkIns.checkIn(std::to_string(1000 + i), CheckInMethod::Keypad, at(1000 + i));
    if (!result.stored) {
      refused = result;
      break;
    }
    ++stored;
  }
  REQUIRE(!refused.stored);
  CHECK(refused.outcome == CheckInOutcome::NotStored);
  CHECK(scalar(db, "SELECT count(*) FROM checkins") == stored);
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE kind = 'checkin'") == stored);
  CHECK(scalar(db, "SELECT count(*) FROM checkins WHERE id NOT IN (SELECT event_id FROM outbox)") == 0);
  REQUIRE(db.storageFault().has_value());
  CHECK(db.storageFault()->problem == StorageProblem::Full);
  auto integrity = db.prepare("PRAGMA integrity_check");
  REQUIRE(integrity.step());
  CHECK(integrity.text(0) == "ok");
}

TEST_CASE("full database recovers once there is room", "[store][storage]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  importBibs(db, 10);
  BibPayloadParser parser;
  CheckInStore checkIns(db, "unit-1", parser);
  capAtCurrentSize(db);
  CHECK_FALSE(db.probeWrite());
  REQUIRE(db.storageFault().has_value());
  CHECK(scalar(db, "SELECT count(*) FROM storage_probe") == 0);

  db.execute("PRAGMA max_page_count = 1000000");
  CHECK(db.storageFault().has_value());  // a setting is not a write
  CHECK(db.probeWrite());
  CHECK_FALSE(db.storageFault().has_value());
  CHECK(scalar(db, "SELECT count(*) FROM storage_probe") == 0);
  CheckInResult result = checkIns.checkIn("1001", CheckInMethod::Keypad, at(2000));
  CHECK(result.stored);
  CHECK(result.outcome == CheckInOutcome::CheckedIn);
}

TEST_CASE("read-only database is a storage fault", "[store][storage]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  importBibs(db, 3);
  BibPayloadParser parser;
  CheckInStore checkIns(db, "unit-1", parser);
  db.execute("PRAGMA query_only = ON");
  CheckInResult result = checkIns.checkIn("1001", CheckInMethod::Scan, at(2000));
  CHECK(result.outcome == CheckInOutcome::NotStored);
  REQUIRE(db.storageFault().has_value());
  CHECK(db.storageFault()->problem == StorageProblem::ReadOnly);

  db.execute("PRAGMA query_only = OFF");
  CHECK(checkIns.checkIn("1001", CheckInMethod::Scan, at(3000)).stored);
  CHECK_FALSE(db.storageFault().has_value());
}

TEST_CASE("constraint failure is no storage fault", "[store][storage]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  CHECK_THROWS_AS(db.execute("INSERT INTO unit_epoch (singleton, epoch) VALUES (1, 'again')"), StoreError);
  CHECK_FALSE(db.storageFault().has_value());
}

TEST_CASE("storage problem of SQLite codes", "[store][storage]") {
  CHECK(storageProblemOf(13) == StorageProblem::Full);             // SQLITE_FULL
  CHECK(storageProblemOf(8) == StorageProblem::ReadOnly);          // SQLITE_READONLY
  CHECK(storageProblemOf(10 | (3 << 8)) == StorageProblem::IoError);  // SQLITE_IOERR_WRITE
  CHECK_FALSE(storageProblemOf(19).has_value());                   // SQLITE_CONSTRAINT
  CHECK_FALSE(storageProblemOf(5).has_value());                    // SQLITE_BUSY
}

TEST_CASE("check-in not stored shows the not-saved screen", "[flow][storage]") {
  KioskFlow flow;
  CheckInResult result;
  result.outcome = CheckInOutcome::NotStored;
  result.bib = "1001";
  result.stored = false;
  flow.showResult(result, 1000);
  CHECK(flow.view().screen == Screen::NotSaved);
  CHECK(flow.view().notSaved == UnsavedRecord::CheckIn);
  flow.apply(make(IntentKind::Done), 2000);
  CHECK(flow.view().screen == Screen::Attract);
  CHECK(flow.view().notSaved == UnsavedRecord::None);
}

TEST_CASE("unsaved voucher shows only on session over", "[flow][storage]") {
  BayBoard board(deskStations());
  KioskFlow flow(FlowSettings{}, &board);
  flow.showResult(welcomed("1001"), 1000);
  flow.rejectUnsaved(UnsavedRecord::Voucher, "1001", 1000);
  CHECK(flow.view().screen == Screen::Welcome);
  CHECK(flow.view().notSaved == UnsavedRecord::None);
  flow.rejectUnsaved(UnsavedRecord::QueuePlace, "other", 1000);
  CHECK(flow.view().screen == Screen::Welcome);
}

TEST_CASE("board discard frees the bay for the next", "[board][storage]") {
  BayBoard board(deskStations());
  JoinResult first = board.join("1001", "quick", 1000);
  JoinResult second = board.join("1002", "quick", 1000);
  REQUIRE(first.error == JoinError::None);
  REQUIRE(second.error == JoinError::None);
  board.tick(1000);
  board.takeChanges();
  REQUIRE(board.find(first.sessionId)->data().state == SessionState::Called);

  CHECK(board.discard(first.sessionId));
  CHECK(board.find(first.sessionId) == nullptr);
  CHECK_FALSE(board.discard(first.sessionId));
  std::vector<BoardEvent> events = board.tick(1100);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == BoardEventKind::Called);
  CHECK(events[0].sessionId == second.sessionId);
}

TEST_CASE("desk takes back a join it cannot store", "[desk][storage]") {
  Desk fixture;
  fixture.join("1001", "quick", 2000);
  REQUIRE(fixture.flow.view().screen == Screen::Queued);
  fixture.db.execute("PRAGMA query_only = ON");
  fixture.update(2000);

  CHECK(fixture.flow.view().screen == Screen::NotSaved);
  CHECK(fixture.flow.view().notSaved == UnsavedRecord::QueuePlace);
  CHECK(fixture.desk.board().activeSessionFor("1001") == nullptr);
  CHECK(fixture.desk.unsavedChanges() == 0);
  CHECK(fixture.db.storageFault().has_value());

  // Space again: the same runner joins with no restart, and the bay calls them.
  fixture.db.execute("PRAGMA query_only = OFF");
  fixture.join("1001", "quick", 3000);
  fixture.update(3000);
  CHECK(fixture.flow.view().screen == Screen::Called);
  CHECK(scalar(fixture.db, "SELECT count(*) FROM sessions") == 1);
  CHECK(scalar(fixture.db, "SELECT count(*) FROM outbox WHERE kind = 'session'") == 1);
  CHECK_FALSE(fixture.db.storageFault().has_value());
}

TEST_CASE("desk takes back intake answers it cannot store", "[desk][storage]") {
  Desk fixture;
  fixture.join("1001", "mat", 2000);
  REQUIRE(fixture.flow.view().screen == Screen::Intake);
  fixture.flow.apply(make(IntentKind::AcceptConsent), 2000);
  fixture.db.execute("PRAGMA query_only = ON");
  fixture.flow.apply(make(IntentKind::AnswerNo), 2000);
  REQUIRE(fixture.flow.view().screen == Screen::Queued);
  fixture.update(2000);

  CHECK(fixture.flow.view().screen == Screen::NotSaved);
  CHECK(fixture.flow.view().notSaved == UnsavedRecord::IntakeAnswers);
  CHECK(fixture.desk.board().intakeStatus("1001", "mat") == IntakeStatus::NotAnswered);
  CHECK(fixture.desk.board().activeSessionFor("1001") == nullptr);
  fixture.db.execute("PRAGMA query_only = OFF");
  CHECK(scalar(fixture.db, "SELECT count(*) FROM intake_answers") == 0);
  CHECK(scalar(fixture.db, "SELECT count(*) FROM sessions") == 0);
}

TEST_CASE("desk keeps session changes until stored", "[desk][storage]") {
  Desk fixture;
  fixture.join("1001", "quick", 2000);
  fixture.update(2000);
  REQUIRE(fixture.flow.view().screen == Screen::Called);
  std::string sessionId = fixture.flow.view().sessionId;

  fixture.db.execute("PRAGMA query_only = ON");
  fixture.flow.apply(make(IntentKind::StartSession), 3000);
  fixture.update(3000);
  REQUIRE(fixture.flow.view().screen == Screen::Running);
  CHECK(fixture.desk.unsavedChanges() > 0);
  const Session* running = fixture.desk.board().find(sessionId);
  REQUIRE(running != nullptr);
  std::int64_t plannedMs = running->data().plannedMs;
  CHECK(running->remainingMs(13'000) == plannedMs - 10'000);

  // Retries wait about a second, then store every pending change in order.
  fixture.db.execute("PRAGMA query_only = OFF");
  fixture.update(3500);
  CHECK(fixture.desk.unsavedChanges() > 0);
  fixture.update(4100);
  CHECK(fixture.desk.unsavedChanges() == 0);
  CHECK(scalar(fixture.db, "SELECT count(*) FROM session_transitions WHERE to_state = 'running'") == 1);
  CHECK(scalar(fixture.db, "SELECT start_mono_ms FROM sessions WHERE id = '" + sessionId + "'") == 3000);
  CHECK(fixture.desk.board().find(sessionId)->remainingMs(13'000) == plannedMs - 10'000);
}

TEST_CASE("desk notices staff check-in not stored", "[desk][storage]") {
  Desk fixture;
  importBibs(fixture.db, 3);
  fixture.flow.apply(make(IntentKind::OpenStaff), 2000);
  for (char digit : std::string("4821")) {
    Intent key = make(IntentKind::PinDigit);
    key.key = digit;
    fixture.flow.apply(key, 2000);
  }
  fixture.flow.apply(make(IntentKind::PinSubmit), 2000);
  REQUIRE(fixture.flow.takePinSubmission().has_value());
  fixture.flow.applyPinVerdict(PinVerdict::Match, 2000);
  REQUIRE(fixture.flow.view().screen == Screen::Staff);

  fixture.db.execute("PRAGMA query_only = ON");
  fixture.flow.apply(make(IntentKind::StaffCheckIn, "1001"), 2000);
  fixture.update(2000);
  CHECK(fixture.flow.view().staffNotice == StaffNoticeNotStored);
  CHECK(scalar(fixture.db, "SELECT count(*) FROM checkins") == 0);
}
