#include <catch2/catch.hpp>

#include <fstream>

#include "store/checkin_store.hpp"
#include "store/outbox.hpp"
#include "store/roster_store.hpp"
#include "temp_dir.hpp"

using namespace chillnode;
using chillnode::test::TempDir;

namespace {

Runner runner(const char* bib, const char* first, const char* last = "") {
  Runner r;
  r.bib = bib;
  r.firstName = first;
  r.lastName = last;
  return r;
}

Timestamp now(std::int64_t monoMs = 1000) {
  Timestamp t;
  t.wallMs = 1'791'100'800'000 + monoMs;
  t.wallSynced = true;
  t.bootId = "boot-test";
  t.monoMs = monoMs;
  return t;
}

std::int64_t scalar(Database& db, const char* sql) {
  auto stmt = db.prepare(sql);
  REQUIRE(stmt.step());
  return stmt.integer(0);
}

}  // namespace

TEST_CASE("database is created with WAL and FULL sync", "[store]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  auto mode = db.prepare("PRAGMA journal_mode");
  REQUIRE(mode.step());
  CHECK(mode.text(0) == "wal");
  CHECK(scalar(db, "PRAGMA synchronous") == 2);
  CHECK(db.schemaVersion() >= 1);
}

TEST_CASE("database caps each connection's page cache", "[store]") {
  TempDir dir;
  Database created(dir.file("kiosk.db"));
  CHECK(scalar(created, "PRAGMA cache_size") == -PageCacheKiB);
  Database reopened(dir.file("kiosk.db"));
  CHECK(scalar(reopened, "PRAGMA cache_size") == -PageCacheKiB);
}

TEST_CASE("roster import adds then updates by bib", "[store][roster]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  auto first = importRunners(db, {runner("0042", "Zoë", "Núñez"), runner("42", "Sam"), runner("A-17", "Seán")});
  CHECK(first.added == 3);
  CHECK(first.updated == 0);
  auto second = importRunners(db, {runner("0042", "Zoe"), runner("7", "Ana")});
  CHECK(second.added == 1);
  CHECK(second.updated == 1);
  CHECK(countRunners(db) == 4);
  auto zoe = findRunner(db, "0042");
  REQUIRE(zoe.has_value());
  CHECK(zoe->firstName == "Zoe");
  auto sam = findRunner(db, "42");
  REQUIRE(sam.has_value());
  CHECK(sam->firstName == "Sam");
  CHECK_FALSE(findRunner(db, "0007").has_value());
}

TEST_CASE("check-in stores record and outbox row", "[store][checkin]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  importRunners(db, {runner("0042", "Zoë")});
  BibPayloadParser parser;
  CheckInStore store(db, "booth-1", parser);

  CheckInResult result = store.checkIn("0042", CheckInMethod::Scan, now());
  CHECK(result.outcome == CheckInOutcome::CheckedIn);
  CHECK(result.bib == "0042");
  CHECK(result.firstName == "Zoë");
  CHECK(store.countCheckIns() == 1);
  CHECK(countPendingOutbox(db) == 1);

  auto row = db.prepare("SELECT c.unit_id, c.method, c.wall_synced, o.kind, o.body FROM checkins c"
                        " JOIN outbox o ON o.event_id = c.id");
  REQUIRE(row.step());
  CHECK(row.text(0) == "booth-1");
  CHECK(row.text(1) == "scan");
  CHECK(row.integer(2) == 1);
  CHECK(row.text(3) == "checkin");
  CHECK(row.text(4).find("\"bib\":\"0042\"") != std::string::npos);
  CHECK(row.text(4).find("Zo") == std::string::npos);  // no names go to HQ
}

TEST_CASE("second check-in the same day counts a visit", "[store][checkin]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  importRunners(db, {runner("0042", "Zoë")});
  BibPayloadParser parser;
  CheckInStore store(db, "booth-1", parser);
  store.checkIn("0042", CheckInMethod::Scan, now(1000));
  CheckInResult again = store.checkIn("0042", CheckInMethod::Keypad, now(60'000));
  CHECK(again.outcome == CheckInOutcome::AlreadyCheckedIn);
  CHECK(again.visits == 2);
  CHECK(store.countCheckIns() == 1);
  CHECK(scalar(db, "SELECT visits FROM checkins") == 2);
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE kind = 'visit'") == 1);
}

TEST_CASE("unknown and invalid payloads store nothing", "[store][checkin]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  BibPayloadParser parser;
  CheckInStore store(db, "booth-1", parser);
  CHECK(store.checkIn("9999", CheckInMethod::Scan, now()).outcome == CheckInOutcome::UnknownBib);
  CheckInResult hostile = store.checkIn("1'; DROP TABLE runners;--", CheckInMethod::Scan, now());
  CHECK(hostile.outcome == CheckInOutcome::InvalidPayload);
  CHECK(hostile.bib.empty());
  CHECK(store.countCheckIns() == 0);
  CHECK(countPendingOutbox(db) == 0);
  CHECK(countRunners(db) == 0);  // the table is still there
}

TEST_CASE("re-import never loses check-ins", "[store][roster]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  importRunners(db, {runner("0042", "Zoë"), runner("1234", "Ana")});
  BibPayloadParser parser;
  CheckInStore store(db, "booth-1", parser);
  store.checkIn("0042", CheckInMethod::Scan, now());
  importRunners(db, {runner("1234", "Ana María")});
  CHECK(store.countCheckIns() == 1);
  CHECK(findRunner(db, "0042").has_value());
}

TEST_CASE("check-in survives reopening the file", "[store][checkin]") {
  TempDir dir;
  {
    Database db(dir.file("kiosk.db"));
    importRunners(db, {runner("0042", "Zoë")});
    BibPayloadParser parser;
    CheckInStore store(db, "booth-1", parser);
    store.checkIn("0042", CheckInMethod::Scan, now());
  }
  Database reopened(dir.file("kiosk.db"));
  CHECK(scalar(reopened, "SELECT count(*) FROM checkins") == 1);
  CHECK(scalar(reopened, "SELECT count(*) FROM outbox") == 1);
}

TEST_CASE("pending outbox rows cannot be changed or deleted", "[store][outbox]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  {
    Transaction tx(db);
    appendOutbox(db, "event-1", "checkin", now(), "{}");
    tx.commit();
  }
  CHECK_THROWS_AS(db.execute("DELETE FROM outbox"), StoreError);
  CHECK_THROWS_AS(db.execute("UPDATE outbox SET body = '{\"x\":1}'"), StoreError);
  CHECK(countPendingOutbox(db) == 1);
  db.execute("UPDATE outbox SET sent_at_ms = 5");
  db.execute("DELETE FROM outbox");
  CHECK(scalar(db, "SELECT count(*) FROM outbox") == 0);
}

TEST_CASE("failed transaction leaves no partial record", "[store][outbox]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  {
    Transaction tx(db);
    appendOutbox(db, "event-1", "checkin", now(), "{}");
    CHECK_THROWS_AS(appendOutbox(db, "event-1", "checkin", now(), "{}"), StoreError);
    // No commit: the destructor rolls back.
  }
  CHECK(countPendingOutbox(db) == 0);
}

TEST_CASE("file that is not a database is rejected", "[store][bad-input]") {
  TempDir dir;
  std::string path = dir.file("copy.db");
  std::filesystem::copy_file(CHILLNODE_TEST_DATA "/store/not_a_database.db", path);
  auto before = std::filesystem::file_size(path);
  try {
    Database db(path);
    FAIL("opening a text file as a database should throw");
  } catch (const StoreError& error) {
    CHECK(std::string(error.what()).find(path) != std::string::npos);
    CHECK(std::string(error.what()).find("not a database") != std::string::npos);
  }
  CHECK(std::filesystem::file_size(path) == before);
}

TEST_CASE("truncated database is rejected", "[store][bad-input]") {
  TempDir dir;
  std::string path = dir.file("kiosk.db");
  {
    Database db(path);
    std::vector<Runner> many;
    for (int i = 0; i < 500; ++i) many.push_back(runner(std::to_string(i).c_str(), "Runner"));
    importRunners(db, many);
  }
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  std::filesystem::resize_file(path, 100);
  CHECK_THROWS_AS(Database(path), StoreError);
}

TEST_CASE("newer schema is rejected with advice", "[store][bad-input]") {
  TempDir dir;
  std::string path = dir.file("kiosk.db");
  {
    Database db(path);
    db.execute("PRAGMA user_version = 999");
  }
  try {
    Database db(path);
    FAIL("a newer schema should throw");
  } catch (const StoreError& error) {
    CHECK(std::string(error.what()).find("schema version 999") != std::string::npos);
  }
}
