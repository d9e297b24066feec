#include <catch2/catch.hpp>

#include <csignal>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "core/bay_board.hpp"
#include "store/outbox.hpp"
#include "store/session_store.hpp"
#include "temp_dir.hpp"

using namespace chillnode;
using chillnode::test::TempDir;

namespace {

constexpr std::int64_t T0 = 7'200'000;            // monotonic ms of the first boot
constexpr std::int64_t Wall0 = 1'791'100'800'000;  // a race-day morning, UTC
constexpr std::int64_t TenYearsMs = 10LL * 365 * 24 * 3600 * 1000;

Timestamp at(std::int64_t monoMs, std::string bootId = "boot-a", std::int64_t wallShift = 0) {
  Timestamp t;
  t.wallMs = Wall0 + (monoMs - T0) + wallShift;
  t.wallSynced = wallShift == 0;
  t.bootId = std::move(bootId);
  t.monoMs = monoMs;
  return t;
}

std::vector<IntakeAnswer> noAnswers(const std::string& stationId) {
  std::vector<IntakeAnswer> answers;
  for (const IntakeQuestion& question : builtInQuestionsFor(stationId)) answers.push_back({question.id, false});
  return answers;
}

SessionEvent staffEvent(SessionEventKind kind) {
  SessionEvent event;
  event.kind = kind;
  event.actor = Actor::Staff;
  event.staffId = "staff-7";
  return event;
}

// Stores cryo intake answers, starts an attended cryo session for bib at T0 and stores
// every change.
std::string startCryo(BayBoard& board, SessionStore& store, const std::string& bib) {
  IntakeEvaluation evaluation = board.submitIntake(bib, "cryo", noAnswers("cryo"));
  store.saveIntake(bib, "cryo", noAnswers("cryo"), evaluation, at(T0 - 3000));
  std::string id = board.join(bib, "cryo", T0 - 2000).sessionId;
  board.tick(T0 - 2000);
  REQUIRE(board.apply(id, staffEvent(SessionEventKind::ConfirmWatching), T0 - 1000) == SessionError::None);
  REQUIRE(board.apply(id, staffEvent(SessionEventKind::Start), T0) == SessionError::None);
  store.saveAll(board.takeChanges(), at(T0));
  return id;
}

std::int64_t scalar(Database& db, const std::string& sql) {
  auto stmt = db.prepare(sql);
  REQUIRE(stmt.step());
  return stmt.integer(0);
}

// Restores a board from the store, as the app does on start.
LoadedSessions restoreBoard(BayBoard& board, SessionStore& store, const Timestamp& now) {
  LoadedSessions loaded = store.load(now);
  board.restore(loaded.sessions);
  for (const StoredIntake& intake : loaded.intakes) {
    board.recordIntakeResult(intake.bib, intake.stationId, intake.blocked, intake.overrideStaffId);
  }
  for (const auto& [bib, stationId] : loaded.startedToday) board.noteStartedToday(bib, stationId);
  return loaded;
}

}  // namespace

TEST_CASE("migration 2 adds the session tables", "[store][session]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  CHECK(db.schemaVersion() >= 2);
  CHECK(scalar(db, "SELECT count(*) FROM sessions") == 0);
  CHECK(scalar(db, "SELECT count(*) FROM session_transitions") == 0);
  CHECK(scalar(db, "SELECT count(*) FROM intake_answers") == 0);
}

TEST_CASE("running session resumes in the same boot", "[store][session]") {
  TempDir dir;
  std::string id;
  {
    Database db(dir.file("kiosk.db"));
    SessionStore store(db, "booth-1");
    BayBoard board(defaultStations());
    id = startCryo(board, store, "0042");
  }
  for (std::int64_t wallShift : {std::int64_t{0}, TenYearsMs, -TenYearsMs}) {
    INFO("wall clock shifted by " << wallShift << " ms");
    Database db(dir.file("kiosk.db"));
    SessionStore store(db, "booth-1");
    BayBoard board(defaultStations());
    Timestamp now = at(T0 + 40'000, "boot-a", wallShift);
    LoadedSessions loaded = restoreBoard(board, store, now);
    CHECK(loaded.interrupted == 0);
    const Session* session = board.find(id);
    REQUIRE(session != nullptr);
    CHECK(session->data().state == SessionState::Running);
    CHECK(session->remainingMs(now.monoMs) == 110'000);
    CHECK(session->data().watchingStaffId == "staff-7");
    CHECK(board.bays("cryo")[0] == session);
  }
}

TEST_CASE("session survives SIGKILL of the writer", "[store][session]") {
  TempDir dir;
  std::string path = dir.file("kiosk.db");
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child writes like the kiosk does, then dies without closing anything. A failure
    // in the child exits with status 2 so that it never runs the rest of the test suite.
    try {
      Database db(path);
      SessionStore store(db, "booth-1");
      BayBoard board(defaultStations());
      startCryo(board, store, "0042");
      raise(SIGKILL);
    } catch (...) {
    }
    _exit(2);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);

  Database db(path);
  SessionStore store(db, "booth-1");
  BayBoard board(defaultStations());
  Timestamp now = at(T0 + 40'000);
  restoreBoard(board, store, now);
  REQUIRE(board.bays("cryo")[0] != nullptr);
  CHECK(board.bays("cryo")[0]->data().state == SessionState::Running);
  CHECK(board.bays("cryo")[0]->remainingMs(now.monoMs) == 110'000);
  CHECK(scalar(db, "SELECT count(*) FROM sessions") == 1);
  CHECK(scalar(db, "SELECT count(*) FROM session_transitions") == 4);
  CHECK(countPendingOutbox(db) == 6);  // intake, session and four transitions, none doubled
}

TEST_CASE("reboot turns a running session Interrupted", "[store][session]") {
  TempDir dir;
  std::string id;
  {
    Database db(dir.file("kiosk.db"));
    SessionStore store(db, "booth-1");
    BayBoard board(defaultStations());
    id = startCryo(board, store, "0042");
  }
  Database db(dir.file("kiosk.db"));
  SessionStore store(db, "booth-1");
  BayBoard board(defaultStations());
  Timestamp now = at(30'000, "boot-b");  // the new boot's clock starts near zero
  LoadedSessions loaded = restoreBoard(board, store, now);
  CHECK(loaded.interrupted == 1);
  const Session* session = board.find(id);
  REQUIRE(session != nullptr);
  CHECK(session->data().state == SessionState::Interrupted);
  CHECK(session->data().alarmPending);
  CHECK(board.bays("cryo")[0] == session);  // held, shown to staff, until acknowledged
  CHECK(scalar(db, "SELECT count(*) FROM session_transitions WHERE reason = 'unit_rebooted'"
                   " AND from_state = 'running' AND to_state = 'interrupted'") == 1);
  CHECK(scalar(db, "SELECT count(*) FROM sessions WHERE state = 'interrupted' AND alarm_pending = 1") == 1);

  // Loading again does not interrupt twice, and cryo still counts as had today.
  BayBoard again(defaultStations());
  CHECK(restoreBoard(again, store, at(31'000, "boot-b")).interrupted == 0);
  CHECK(again.join("0042", "cryo", 31'000).error == JoinError::AlreadyHadToday);

  CHECK(board.apply(id, staffEvent(SessionEventKind::Acknowledge), 32'000) == SessionError::None);
  store.saveAll(board.takeChanges(), at(32'000, "boot-b"));
  CHECK(scalar(db, "SELECT alarm_pending FROM sessions") == 0);
  CHECK(scalar(db, "SELECT count(*) FROM sessions WHERE boot_id = 'boot-a'") == 1);
}

TEST_CASE("queued and called entries restore in order", "[store][session]") {
  TempDir dir;
  std::vector<std::string> ids;
  {
    Database db(dir.file("kiosk.db"));
    SessionStore store(db, "booth-1");
    BayBoard board(defaultStations());
    for (const char* bib : {"1", "2", "3", "4"}) {
      board.submitIntake(bib, "cryo", noAnswers("cryo"));
      ids.push_back(board.join(bib, "cryo", T0).sessionId);
    }
    board.tick(T0);  // one bay: "1" is called
    REQUIRE(board.moveUp(ids[3]));
    store.saveAll(board.takeChanges(), at(T0));
  }
  SECTION("same boot keeps the call time") {
    Database db(dir.file("kiosk.db"));
    SessionStore store(db, "booth-1");
    BayBoard board(defaultStations());
    restoreBoard(board, store, at(T0 + 100'000));
    REQUIRE(board.find(ids[0]) != nullptr);
    CHECK(board.find(ids[0])->data().state == SessionState::Called);
    CHECK(board.find(ids[0])->callRemainingMs(T0 + 100'000) == 20'000);
    std::vector<std::string> order;
    for (const Session* session : board.queue("cryo")) order.push_back(session->data().bib);
    CHECK(order == std::vector<std::string>{"2", "4", "3"});
  }
  SECTION("new boot gives the called runner a fresh call") {
    Database db(dir.file("kiosk.db"));
    SessionStore store(db, "booth-1");
    BayBoard board(defaultStations());
    restoreBoard(board, store, at(5000, "boot-b"));
    CHECK(board.find(ids[0])->callRemainingMs(5000) == 120'000);
    CHECK(board.queuePosition(ids[3]) == 2);
    CHECK(scalar(db, "SELECT count(*) FROM sessions WHERE boot_id = 'boot-b'") == 4);
  }
}

TEST_CASE("every session record has its outbox row", "[store][session][outbox]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  SessionStore store(db, "booth-1");
  BayBoard board(defaultStations());
  std::string id = startCryo(board, store, "0042");
  board.tick(T0 + 150'000);  // the default 150 s has passed
  store.saveAll(board.takeChanges(), at(T0 + 150'000));

  // joined, called, watching, started, completed
  CHECK(scalar(db, "SELECT count(*) FROM session_transitions") == 5);
  CHECK(scalar(db, "SELECT count(*) FROM session_transitions t JOIN outbox o ON o.event_id = t.id"
                   " WHERE o.kind = 'session_transition'") == 5);
  CHECK(scalar(db, "SELECT count(*) FROM sessions s JOIN outbox o ON o.event_id = s.id"
                   " WHERE o.kind = 'session'") == 1);
  CHECK(scalar(db, "SELECT count(*) FROM intake_answers i JOIN outbox o ON o.event_id = i.id"
                   " WHERE o.kind = 'intake'") == 1);
  CHECK(countPendingOutbox(db) == 7);
  auto row = db.prepare("SELECT state, start_wall_ms, end_wall_ms, planned_ms FROM sessions");
  REQUIRE(row.step());
  CHECK(row.text(0) == "completed");
  CHECK(row.integer(1) == Wall0);
  CHECK(row.integer(2) == Wall0 + 150'000);
  CHECK(row.integer(3) == 150'000);
  auto body = db.prepare("SELECT body FROM outbox WHERE kind = 'session_transition' ORDER BY seq DESC");
  REQUIRE(body.step());
  CHECK(body.text(0).find("\"reason\":\"time_up\"") != std::string::npos);
  CHECK(body.text(0).find("\"session_ms\":150000") != std::string::npos);
}

TEST_CASE("intake answers and override are stored", "[store][intake][outbox]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  SessionStore store(db, "booth-1");
  std::vector<IntakeAnswer> answers = noAnswers("cryo");
  answers[1].yes = true;  // high_blood_pressure
  IntakeEvaluation evaluation = evaluateIntake(builtInQuestionsFor("cryo"), answers);
  std::string id = store.saveIntake("0042", "cryo", answers, evaluation, at(T0));
  REQUIRE_FALSE(id.empty());
  CHECK(store.saveIntake("0042", "boots", {}, IntakeEvaluation{}, at(T0)).empty());  // incomplete

  auto row = db.prepare("SELECT decision, consent_version, answers FROM intake_answers");
  REQUIRE(row.step());
  CHECK(row.text(0) == "blocked");
  CHECK(row.text(1) == ConsentTextVersion);
  CHECK(row.text(2).find("\"high_blood_pressure\":true") != std::string::npos);
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE kind = 'intake' AND event_id = '" + id + "'") == 1);

  CHECK_FALSE(store.saveIntakeOverride("0042", "boots", "staff-7", at(T0 + 1000)));
  CHECK_FALSE(store.saveIntakeOverride("0042", "cryo", "", at(T0 + 1000)));
  CHECK(store.saveIntakeOverride("0042", "cryo", "staff-7", at(T0 + 1000)));
  CHECK_FALSE(store.saveIntakeOverride("0042", "cryo", "staff-8", at(T0 + 2000)));  // already done
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE kind = 'intake_override'") == 1);

  LoadedSessions loaded = store.load(at(T0 + 3000));
  REQUIRE(loaded.intakes.size() == 1);
  CHECK(loaded.intakes[0].blocked);
  CHECK(loaded.intakes[0].overrideStaffId == "staff-7");
  // The next race day asks again.
  CHECK(store.load(at(T0 + 24LL * 3600 * 1000)).intakes.empty());
}

TEST_CASE("failed session write rolls back both", "[store][session][outbox]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  SessionStore store(db, "booth-1");
  BayBoard board(defaultStations());
  for (const char* bib : {"0042", "0043"}) {
    board.submitIntake(bib, "boots", noAnswers("boots"));
    REQUIRE(board.join(bib, "boots", T0).error == JoinError::None);
  }
  std::vector<SessionChange> changes = board.takeChanges();
  REQUIRE(changes.size() == 2);
  // The first change writes two outbox rows; the second change's first row fails.
  db.execute("CREATE TEMP TRIGGER reject_outbox BEFORE INSERT ON outbox"
             " WHEN (SELECT count(*) FROM outbox) >= 2"
             " BEGIN SELECT RAISE(ABORT, 'disk full, for the test'); END");

  CHECK_THROWS_AS(store.saveAll(changes, at(T0)), StoreError);
  CHECK(scalar(db, "SELECT count(*) FROM sessions") == 0);
  CHECK(scalar(db, "SELECT count(*) FROM session_transitions") == 0);
  db.execute("DROP TRIGGER temp.reject_outbox");
  db.execute("CREATE TEMP TRIGGER reject_outbox BEFORE INSERT ON outbox"
             " BEGIN SELECT RAISE(ABORT, 'disk full, for the test'); END");
  CHECK_THROWS_AS(store.saveIntake("0042", "boots", noAnswers("boots"),
                                   evaluateIntake(builtInQuestionsFor("boots"), noAnswers("boots")), at(T0)),
                  StoreError);
  CHECK(scalar(db, "SELECT count(*) FROM intake_answers") == 0);
  CHECK(countPendingOutbox(db) == 0);

  // Nothing was written, so the same changes can be written again.
  db.execute("DROP TRIGGER temp.reject_outbox");
  store.saveAll(changes, at(T0));
  CHECK(scalar(db, "SELECT count(*) FROM sessions") == 2);
  CHECK(countPendingOutbox(db) == 4);  // each session and its joined transition
}

TEST_CASE("cryo stays once a day across restarts", "[store][session]") {
  TempDir dir;
  std::string id;
  {
    Database db(dir.file("kiosk.db"));
    SessionStore store(db, "booth-1");
    BayBoard board(defaultStations());
    id = startCryo(board, store, "0042");
    REQUIRE(board.apply(id, staffEvent(SessionEventKind::Stop), T0 + 30'000) == SessionError::None);
    store.saveAll(board.takeChanges(), at(T0 + 30'000));
  }
  struct Case {
    const char* what;
    Timestamp now;
    JoinError expected;
  };
  const Case cases[] = {
      {"a restart in the same boot", at(T0 + 60'000), JoinError::AlreadyHadToday},
      // After a reboot the monotonic clock starts again: the wall clock reads an hour, then a
      // day and two hours, after the session's start.
      {"a reboot on the same day", at(60'000, "boot-b", T0 - 60'000 + 3'600'000), JoinError::AlreadyHadToday},
      {"the next day", at(60'000, "boot-c", T0 - 60'000 + 26 * 3'600'000LL), JoinError::None},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    Database db(dir.file("kiosk.db"));
    SessionStore store(db, "booth-1");
    BayBoard board(defaultStations());
    restoreBoard(board, store, c.now);
    board.submitIntake("0042", "cryo", noAnswers("cryo"));
    CHECK(board.join("0042", "cryo", c.now.monoMs).error == c.expected);
    if (c.expected == JoinError::None) continue;
    // Other types stay open to the runner.
    board.submitIntake("0042", "mat", noAnswers("mat"));
    CHECK(board.join("0042", "mat", c.now.monoMs).error == JoinError::None);
  }
}
