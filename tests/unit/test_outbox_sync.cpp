#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <regex>
#include <thread>

#include "store/outbox.hpp"
#include "store/time_anchor_store.hpp"
#include "sync/sync_worker.hpp"
#include "temp_dir.hpp"

using namespace chillnode;
using chillnode::test::TempDir;

namespace {

Timestamp at(std::int64_t monoMs, std::int64_t wallMs, bool synced, const char* boot = "boot-a") {
  Timestamp t;
  t.monoMs = monoMs;
  t.wallMs = wallMs;
  t.wallSynced = synced;
  t.bootId = boot;
  return t;
}

void appendRows(Database& db, int count) {
  for (int i = 0; i < count; ++i) {
    Transaction tx(db);
    appendOutbox(db, "00000000-0000-4000-8000-" + std::to_string(100000000000 + i), "checkin",
                 at(1000 + i, 1'791'100'800'000 + i, true), "{\"n\":" + std::to_string(i) + "}");
    tx.commit();
  }
}

std::int64_t scalar(Database& db, const char* sql) {
  auto stmt = db.prepare(sql);
  REQUIRE(stmt.step());
  return stmt.integer(0);
}

}  // namespace

TEST_CASE("database epoch is a fixed version 4 UUID", "[sync][store]") {
  TempDir dir;
  std::string epoch;
  {
    Database db(dir.file("unit.db"));
    epoch = readUnitEpoch(db);
    CHECK(std::regex_match(epoch, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
    CHECK_THROWS_AS(db.execute("UPDATE unit_epoch SET epoch = 'x'"), StoreError);
    CHECK_THROWS_AS(db.execute("DELETE FROM unit_epoch"), StoreError);
  }
  Database reopened(dir.file("unit.db"));
  CHECK(readUnitEpoch(reopened) == epoch);
  TempDir other;
  Database fresh(other.file("unit.db"));
  CHECK(readUnitEpoch(fresh) != epoch);
}

TEST_CASE("pending rows come in sequence order", "[sync][store]") {
  TempDir dir;
  Database db(dir.file("unit.db"));
  appendRows(db, 5);
  std::vector<OutboxRow> rows = readPendingOutbox(db, 0, 3);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].seq == 1);
  CHECK(rows[2].seq == 3);
  CHECK(rows[1].body == "{\"n\":1}");
  CHECK(rows[1].kind == "checkin");
  CHECK(rows[1].wallSynced);
  CHECK(readPendingOutbox(db, 3, 10).size() == 2);
}

TEST_CASE("sent and quarantined rows leave pending", "[sync][store]") {
  TempDir dir;
  Database db(dir.file("unit.db"));
  appendRows(db, 6);
  quarantineOutboxRow(db, 2, 5000, "22P02: invalid input syntax for type json");
  CHECK(countPendingOutbox(db) == 5);
  CHECK(countQuarantinedOutbox(db) == 1);
  markOutboxSent(db, 1, 4, 6000);
  CHECK(countPendingOutbox(db) == 2);
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE seq = 2 AND sent_at_ms IS NULL") == 1);
  std::vector<OutboxRow> rows = readPendingOutbox(db, 0, 10);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].seq == 5);
}

TEST_CASE("outbox marks cannot be undone", "[sync][store][bad-input]") {
  TempDir dir;
  Database db(dir.file("unit.db"));
  appendRows(db, 3);
  markOutboxSent(db, 1, 1, 6000);
  quarantineOutboxRow(db, 2, 5000, "23514: check violated");
  CHECK_THROWS_AS(db.execute("UPDATE outbox SET sent_at_ms = NULL WHERE seq = 1"), StoreError);
  CHECK_THROWS_AS(db.execute("UPDATE outbox SET sent_at_ms = 1 WHERE seq = 1"), StoreError);
  CHECK_THROWS_AS(db.execute("UPDATE outbox SET quarantined_at_ms = NULL WHERE seq = 2"), StoreError);
  CHECK_THROWS_AS(quarantineOutboxRow(db, 2, 7000, "again"), StoreError);
  CHECK_THROWS_AS(db.execute("DELETE FROM outbox WHERE seq = 2"), StoreError);
  CHECK_NOTHROW(db.execute("DELETE FROM outbox WHERE seq = 1"));
}

TEST_CASE("kernel anchor recorded once per clock step", "[sync][store]") {
  TempDir dir;
  Database db(dir.file("unit.db"));
  CHECK_FALSE(recordKernelAnchorIfDue(db, "booth-1", at(1000, 1'546'300'800'000, false)));
  CHECK(recordKernelAnchorIfDue(db, "booth-1", at(2000, 1'791'100'800'000, true)));
  // The same offset between the clocks, 10 s later: nothing new.
  CHECK_FALSE(recordKernelAnchorIfDue(db, "booth-1", at(12'000, 1'791'100'810'500, true)));
  // NTP stepped the clock by 5 s.
  CHECK(recordKernelAnchorIfDue(db, "booth-1", at(13'000, 1'791'100'816'000, true)));
  // A new boot needs its own anchor.
  CHECK(recordKernelAnchorIfDue(db, "booth-1", at(500, 1'791'200'000'000, true, "boot-b")));
  CHECK(scalar(db, "SELECT count(*) FROM time_anchors") == 3);
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE kind = 'anchor'") == 3);

  std::optional<TimeAnchor> latest = latestTimeAnchor(db, "boot-a", AnchorSource::Kernel);
  REQUIRE(latest.has_value());
  CHECK(latest->monoMs == 13'000);
  CHECK(latest->referenceWallMs == 1'791'100'816'000);
  auto body = db.prepare("SELECT body FROM outbox WHERE event_id = ?");
  body.bind(1, latest->id);
  REQUIRE(body.step());
  CHECK(body.text(0).find("\"source\":\"kernel\"") != std::string::npos);
  CHECK(body.text(0).find("\"reference_wall_ms\":1791100816000") != std::string::npos);
}

TEST_CASE("migration 5 keeps existing outbox rows", "[sync][store]") {
  // A version 4 database with two check-ins, the first marked sent, made by the program
  // before the sync migration.
  TempDir dir;
  std::string path = dir.file("unit.db");
  std::filesystem::copy_file(CHILLNODE_TEST_DATA "/store/version4_with_outbox.db", path);
  Database db(path);
  CHECK(db.schemaVersion() >= 5);
  CHECK_FALSE(readUnitEpoch(db).empty());
  CHECK(countPendingOutbox(db) == 1);
  CHECK(countQuarantinedOutbox(db) == 0);
  std::vector<OutboxRow> rows = readPendingOutbox(db, 0, 10);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].seq == 2);
  CHECK(rows[0].kind == "checkin");
  CHECK(scalar(db, "SELECT sent_at_ms FROM outbox WHERE seq = 1") == 1);
}

TEST_CASE("a notify ends the backoff wait", "[sync]") {
  using namespace std::chrono_literals;
  TempDir dir;
  std::string path = dir.file("unit.db");
  {
    Database db(path);
    appendRows(db, 1);
  }
  HqSettings settings;
  settings.url = "postgresql://u1:pw@127.0.0.1:1/race";  // port 1: the connection is refused at once
  settings.sslMode = "disable";
  SyncWorker worker(path, "u1", settings, [] { return at(1000, 1'791'100'800'000, false); });
  worker.start();
  auto failuresReach = [&worker](int count, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (worker.status().failuresInARow < count) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(10ms);
    }
    return true;
  };
  REQUIRE(failuresReach(1, 5s));
  // After failures 1 to 7 the thread waits a random time of up to 1, 2, 4, 8, 16, 32 and 60 s.
  // A notify must end each wait at once: all seven under 1 s by chance has a probability of
  // about 1 in 2 million.
  for (int failures = 2; failures <= 8; ++failures) {
    INFO("failure " << failures);
    worker.notify();
    CHECK(failuresReach(failures, 1s));
  }
  CHECK(worker.status().pending == 1);
  worker.stop();
}
