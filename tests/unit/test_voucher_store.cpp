#include <catch2/catch.hpp>

#include <sodium.h>

#include <string>
#include <vector>

#include "store/voucher_store.hpp"
#include "temp_dir.hpp"

using namespace chillnode;
using chillnode::test::TempDir;

namespace {

constexpr std::int64_t Wall0 = 1'791'100'800'000;  // a race-day morning, UTC, in ms

Timestamp at(std::int64_t secondsLater) {
  Timestamp t;
  t.wallMs = Wall0 + secondsLater * 1000;
  t.wallSynced = true;
  t.bootId = "boot-a";
  t.monoMs = 1'000'000 + secondsLater * 1000;
  return t;
}

std::vector<Offer> testOffers() {
  Offer smoothie;
  smoothie.id = "smoothie";
  smoothie.sponsorId = "juice";
  smoothie.title = "Free smoothie";
  smoothie.validUntil = Wall0 / 1000 + 86'400;
  smoothie.stations = {"cryo", "plunge"};
  smoothie.perRunner = 1;
  smoothie.stock = 3;
  Offer socks = smoothie;
  socks.id = "socks";
  socks.sponsorId = "socks-co";
  socks.stations = {"plunge"};
  socks.perRunner = 2;
  socks.stock = 100;
  return {smoothie, socks};
}

std::int64_t scalar(Database& db, const std::string& sql) {
  auto select = db.prepare(sql);
  select.step();
  return select.integer(0);
}

}  // namespace

TEST_CASE("migration 3 adds the voucher tables", "[voucher][store]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  CHECK(db.schemaVersion() >= 3);
  CHECK(scalar(db, "SELECT count(*) FROM vouchers") == 0);
  CHECK(scalar(db, "SELECT count(*) FROM redemptions") == 0);
}

TEST_CASE("issuing stores the voucher with its outbox row", "[voucher][store]") {
  REQUIRE(sodium_init() >= 0);
  TempDir dir;
  Database db(dir.file("booth.db"));
  VoucherStore store(db, "booth-1");
  SigningKey key = generateSigningKey("booth-a");
  std::vector<Offer> offers = testOffers();

  auto issued = store.issue("0042", "session-1", "cryo", offers, key, at(0));
  REQUIRE(issued);
  CHECK(issued->offer->id == "smoothie");
  CHECK(issued->voucher.unitId == "booth-1");
  CHECK(issued->voucher.expiresAt == offers[0].validUntil);
  CHECK(checkVoucher(issued->code, {{key.keyId, key.publicKey}}, Wall0 / 1000).problem == VoucherProblem::None);
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE kind = 'voucher'") == 1);
  // The same session earns nothing more, and the runner can see the voucher again.
  CHECK_FALSE(store.issue("0042", "session-1", "cryo", offers, key, at(1)));
  auto again = store.vouchersFor("0042", offers, Wall0 / 1000);
  REQUIRE(again.size() == 1);
  CHECK(again[0].code == issued->code);
  CHECK(store.vouchersFor("0042", offers, offers[0].validUntil + 1).empty());
}

TEST_CASE("stock and per-runner limits hold under a burst of sessions", "[voucher][store]") {
  REQUIRE(sodium_init() >= 0);
  TempDir dir;
  Database db(dir.file("booth.db"));
  VoucherStore store(db, "booth-1");
  SigningKey key = generateSigningKey("booth-a");
  std::vector<Offer> offers = testOffers();
  // Forty plunge sessions end at once, ten runners four times each.
  int smoothies = 0;
  int socks = 0;
  for (int i = 0; i < 40; ++i) {
    std::string bib = std::to_string(100 + i % 10);
    auto issued = store.issue(bib, "s" + std::to_string(i), "plunge", offers, key, at(i));
    if (!issued) continue;
    (issued->offer->id == "smoothie" ? smoothies : socks)++;
  }
  CHECK(smoothies == 3);  // the stock
  CHECK(socks == 20);     // two for each of ten runners
  CHECK(scalar(db, "SELECT max(n) FROM (SELECT count(*) AS n FROM vouchers GROUP BY offer_id, bib)") <= 2);
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE kind = 'voucher'") == 23);
  // An expired or unlisted offer is never issued.
  CHECK_FALSE(store.issue("999", "late", "cryo", offers, key, at(2 * 86'400)));
  CHECK_FALSE(store.issue("999", "mat", "mat", offers, key, at(10)));
}

TEST_CASE("redeeming gives each outcome its own reason", "[voucher][store]") {
  REQUIRE(sodium_init() >= 0);
  TempDir dir;
  Database booth(dir.file("booth.db"));
  Database sponsor(dir.file("sponsor.db"));
  VoucherStore store(booth, "booth-1");
  RedemptionLedger ledger(sponsor, "juice-stall");
  SigningKey key = generateSigningKey("booth-a");
  std::vector<VerifyKey> keys = {{key.keyId, key.publicKey}};
  std::vector<Offer> offers = testOffers();
  std::string smoothie = store.issue("0042", "s1", "cryo", offers, key, at(0))->code;
  std::string sock = store.issue("0043", "s2", "plunge", {offers[1]}, key, at(0))->code;

  RedeemResult first = ledger.redeem(smoothie, keys, "juice", offers, at(600));
  CHECK(first.outcome == RedeemOutcome::Valid);
  CHECK(first.stored);
  RedeemResult second = ledger.redeem(smoothie, keys, "juice", offers, at(900));
  CHECK(second.outcome == RedeemOutcome::AlreadyUsed);
  CHECK(second.firstRedeemedWallMs == Wall0 + 600'000);
  CHECK(second.firstRedeemedUnit == "juice-stall");
  CHECK(ledger.redeem(sock, keys, "juice", offers, at(600)).outcome == RedeemOutcome::NotForThisSponsor);
  CHECK(ledger.redeem(smoothie, keys, "juice", offers, at(2 * 86'400)).outcome == RedeemOutcome::Expired);
  CHECK(ledger.redeem(smoothie, {}, "juice", offers, at(600)).outcome == RedeemOutcome::UnknownOrForged);
  RedeemResult junk = ledger.redeem("0042", keys, "juice", offers, at(600));
  CHECK(junk.outcome == RedeemOutcome::UnknownOrForged);
  CHECK_FALSE(junk.stored);

  // Every attempt at a real voucher is kept with an outbox row; junk leaves no trace.
  CHECK(scalar(sponsor, "SELECT count(*) FROM redemptions") == 5);
  CHECK(scalar(sponsor, "SELECT count(*) FROM outbox WHERE kind = 'redemption'") == 5);
  CHECK(scalar(sponsor, "SELECT count(*) FROM redemptions WHERE result = 'valid'") == 1);
}

TEST_CASE("two offline sponsor units each accept a voucher once, and both keep it", "[voucher][store]") {
  REQUIRE(sodium_init() >= 0);
  TempDir dir;
  Database booth(dir.file("booth.db"));
  Database stallA(dir.file("stall-a.db"));
  Database stallB(dir.file("stall-b.db"));
  SigningKey key = generateSigningKey("booth-a");
  std::vector<VerifyKey> keys = {{key.keyId, key.publicKey}};
  std::vector<Offer> offers = testOffers();
  std::string code = VoucherStore(booth, "booth-1").issue("0042", "s1", "cryo", offers, key, at(0))->code;

  RedemptionLedger a(stallA, "stall-a");
  RedemptionLedger b(stallB, "stall-b");
  CHECK(a.redeem(code, keys, "juice", offers, at(100)).outcome == RedeemOutcome::Valid);
  CHECK(b.redeem(code, keys, "juice", offers, at(200)).outcome == RedeemOutcome::Valid);
  CHECK(a.redeem(code, keys, "juice", offers, at(300)).outcome == RedeemOutcome::AlreadyUsed);
  CHECK(b.redeem(code, keys, "juice", offers, at(400)).outcome == RedeemOutcome::AlreadyUsed);
  // Both units hold the voucher id in an outbox row, so HQ sees the double use.
  for (Database* db : {&stallA, &stallB}) {
    CHECK(scalar(*db, "SELECT count(*) FROM outbox WHERE kind = 'redemption' AND body LIKE '%\"result\":\"valid\"%'") == 1);
  }
}

TEST_CASE("a redemption that cannot be stored is never valid", "[voucher][store][bad-input]") {
  REQUIRE(sodium_init() >= 0);
  TempDir dir;
  Database booth(dir.file("booth.db"));
  Database sponsor(dir.file("sponsor.db"));
  SigningKey key = generateSigningKey("booth-a");
  std::vector<Offer> offers = testOffers();
  std::string code = VoucherStore(booth, "booth-1").issue("0042", "s1", "cryo", offers, key, at(0))->code;
  // A trigger stands in for a full disk: every insert into redemptions fails.
  sponsor.execute("CREATE TRIGGER full BEFORE INSERT ON redemptions BEGIN SELECT RAISE(ABORT, 'disk full'); END");
  RedemptionLedger ledger(sponsor, "stall");
  RedeemResult result = ledger.redeem(code, {{key.keyId, key.publicKey}}, "juice", offers, at(10));
  CHECK(result.outcome == RedeemOutcome::NotStored);
  CHECK_FALSE(result.stored);
  CHECK(result.storeError.find("disk full") != std::string::npos);
  sponsor.execute("DROP TRIGGER full");
  CHECK(ledger.redeem(code, {{key.keyId, key.publicKey}}, "juice", offers, at(20)).outcome == RedeemOutcome::Valid);
}

TEST_CASE("offer tallies count a double redemption once", "[voucher][store]") {
  REQUIRE(sodium_init() >= 0);
  TempDir dir;
  Database booth(dir.file("booth.db"));
  Database stallA(dir.file("stall-a.db"));
  Database stallB(dir.file("stall-b.db"));
  SigningKey key = generateSigningKey("booth-a");
  std::vector<VerifyKey> keys = {{key.keyId, key.publicKey}};
  std::vector<Offer> offers = testOffers();
  VoucherStore store(booth, "booth-1");
  std::string first = store.issue("0042", "s1", "cryo", offers, key, at(0))->code;
  store.issue("0043", "s2", "cryo", offers, key, at(0));
  RedemptionLedger(stallA, "stall-a").redeem(first, keys, "juice", offers, at(600));
  RedemptionLedger(stallB, "stall-b").redeem(first, keys, "juice", offers, at(1200));

  std::vector<OfferTally> tallies = tallyOffers({&booth, &stallA, &stallB}, offers);
  REQUIRE(tallies.size() == 2);
  CHECK(tallies[0].offerId == "smoothie");
  CHECK(tallies[0].issued == 2);
  CHECK(tallies[0].redeemed == 1);
  REQUIRE(tallies[0].medianSecondsToRedeem);
  CHECK(*tallies[0].medianSecondsToRedeem == 600);
  CHECK(tallies[1].offerId == "socks");
  CHECK(tallies[1].issued == 0);
  CHECK_FALSE(tallies[1].medianSecondsToRedeem);
  // A sponsor unit alone knows what it redeemed, not what was issued.
  std::vector<OfferTally> stallOnly = tallyOffers({&stallB}, offers);
  CHECK(stallOnly[0].issued == 0);
  CHECK(stallOnly[0].redeemed == 1);
}
