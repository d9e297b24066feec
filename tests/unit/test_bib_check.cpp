#include <catch2/catch.hpp>

#include <sodium.h>

#include <string>
#include <vector>

#include "app/redeem_view.hpp"
#include "core/bib_check.hpp"
#include "core/kiosk_flow.hpp"
#include "store/voucher_store.hpp"
#include "temp_dir.hpp"

using namespace chillnode;
using chillnode::test::TempDir;

namespace {

constexpr std::int64_t T0 = 5'000'000;  // monotonic ms of the Valid verdict
constexpr std::int64_t Wall0 = 1'791'100'800'000;

Timestamp at(std::int64_t secondsLater) {
  Timestamp t;
  t.wallMs = Wall0 + secondsLater * 1000;
  t.wallSynced = true;
  t.bootId = "boot-a";
  t.monoMs = T0 + secondsLater * 1000;
  return t;
}

struct Runner {
  BibKey bibKey{};
  BibHash bibHash{};
  Runner() {
    randombytes_buf(bibKey.data(), bibKey.size());
    bibHash = hashBib("7522", bibKey);
  }
};

std::int64_t scalar(Database& db, const std::string& sql) {
  auto select = db.prepare(sql);
  select.step();
  return select.integer(0);
}

}  // namespace

TEST_CASE("bib check matches the runner's own bib", "[voucher][bib-check]") {
  REQUIRE(sodium_init() >= 0);
  Runner runner;
  CHECK(bibMatches(runner.bibHash, "7522", runner.bibKey));
  CHECK_FALSE(bibMatches(runner.bibHash, "7523", runner.bibKey));
  CHECK_FALSE(bibMatches(runner.bibHash, "07522", runner.bibKey));
  BibKey otherKey = runner.bibKey;
  otherKey[0] ^= 1;
  CHECK_FALSE(bibMatches(runner.bibHash, "7522", otherKey));
}

TEST_CASE("bib check window gives same and different runner", "[voucher][bib-check]") {
  REQUIRE(sodium_init() >= 0);
  Runner runner;
  BibCheckWindow window;
  window.open("r1", runner.bibHash, runner.bibKey, T0);
  std::optional<BibCheckResult> same = window.check("7522", T0 + 5'000);
  REQUIRE(same);
  CHECK(same->matched);
  CHECK(same->redemptionId == "r1");

  window.open("r2", runner.bibHash, runner.bibKey, T0 + 10'000);
  std::optional<BibCheckResult> friendBib = window.check("4711", T0 + 12'000);
  REQUIRE(friendBib);
  CHECK_FALSE(friendBib->matched);
  CHECK(friendBib->redemptionId == "r2");
}

TEST_CASE("bib check window ends after 60 s", "[voucher][bib-check]") {
  REQUIRE(sodium_init() >= 0);
  Runner runner;
  BibCheckWindow window;
  window.open("r1", runner.bibHash, runner.bibKey, T0);
  CHECK(window.isOpen(T0 + BibCheckWindowMs));
  CHECK(window.check("7522", T0 + BibCheckWindowMs));

  window.open("r2", runner.bibHash, runner.bibKey, T0);
  CHECK_FALSE(window.isOpen(T0 + BibCheckWindowMs + 1));
  CHECK_FALSE(window.check("7522", T0 + BibCheckWindowMs + 1));
  // A clock read before the verdict is not within its window either.
  window.open("r3", runner.bibHash, runner.bibKey, T0);
  CHECK_FALSE(window.check("7522", T0 - 1));
}

TEST_CASE("bib check window ends at its first check or the next voucher", "[voucher][bib-check]") {
  REQUIRE(sodium_init() >= 0);
  Runner runner;
  BibCheckWindow window;
  CHECK_FALSE(window.check("7522", T0));

  window.open("r1", runner.bibHash, runner.bibKey, T0);
  REQUIRE(window.check("4711", T0 + 1'000));
  // One check per redemption: a second bib cannot replace a mismatch.
  CHECK_FALSE(window.check("7522", T0 + 2'000));

  // Another voucher scanned ends the check.
  window.open("r2", runner.bibHash, runner.bibKey, T0);
  window.close();
  CHECK_FALSE(window.isOpen(T0 + 1'000));
  CHECK_FALSE(window.check("7522", T0 + 1'000));

  // A second Valid replaces the first voucher's check.
  Runner second;
  window.open("r3", runner.bibHash, runner.bibKey, T0);
  window.open("r4", second.bibHash, second.bibKey, T0 + 1'000);
  std::optional<BibCheckResult> check = window.check("7522", T0 + 2'000);
  REQUIRE(check);
  CHECK(check->redemptionId == "r4");
  CHECK(check->matched);  // "7522" under the second runner's own key
}

TEST_CASE("bib check is stored with its outbox row", "[voucher][bib-check][store]") {
  REQUIRE(sodium_init() >= 0);
  TempDir dir;
  Database booth(dir.file("booth.db"));
  Database sponsor(dir.file("sponsor.db"));
  CHECK(sponsor.schemaVersion() >= 8);
  SigningKey key = generateSigningKey("booth-a");
  std::vector<VerifyKey> keys = {{key.keyId, key.publicKey, key.bibKey}};
  Offer smoothie;
  smoothie.id = "smoothie";
  smoothie.sponsorId = "juice";
  smoothie.validUntil = Wall0 / 1000 + 86'400;
  smoothie.stations = {"cryo"};
  smoothie.stock = 5;
  std::string code = VoucherStore(booth, "booth-1").issue("7522", "s1", "cryo", {smoothie}, key, at(0))->code;

  RedemptionLedger ledger(sponsor, "juice-stall");
  RedeemResult result = ledger.redeem(code, keys, "juice", {smoothie}, at(60));
  REQUIRE(result.outcome == RedeemOutcome::Valid);
  REQUIRE_FALSE(result.redemptionId.empty());
  CHECK(bibMatches(result.voucher->bibHash, "7522", key.bibKey));
  ledger.recordBibCheck(result.redemptionId, *result.voucher, false, at(70));

  CHECK(scalar(sponsor, "SELECT count(*) FROM bib_checks WHERE redemption_id = '" + result.redemptionId +
                            "' AND matched = 0 AND unit_id = 'juice-stall'") == 1);
  CHECK(scalar(sponsor, "SELECT count(*) FROM outbox o JOIN bib_checks b ON o.event_id = b.id"
                        " WHERE o.kind = 'bib_check' AND o.body LIKE '%\"matched\":false%'") == 1);
  // The bib never reaches the sponsor unit's database.
  CHECK(scalar(sponsor, "SELECT count(*) FROM outbox WHERE body LIKE '%7522%'") == 0);

  // A failed insert leaves neither the check nor its outbox row.
  sponsor.execute("CREATE TRIGGER full BEFORE INSERT ON outbox WHEN NEW.kind = 'bib_check'"
                  " BEGIN SELECT RAISE(ABORT, 'disk full'); END");
  CHECK_THROWS_AS(ledger.recordBibCheck(result.redemptionId, *result.voucher, true, at(80)), StoreError);
  CHECK(scalar(sponsor, "SELECT count(*) FROM bib_checks") == 1);
}

TEST_CASE("valid verdict waits for the bib for 60 s", "[voucher][bib-check][flow]") {
  FlowSettings settings;
  settings.sponsorUnit = true;
  KioskFlow flow(settings, nullptr);
  RedeemResult valid;
  valid.outcome = RedeemOutcome::Valid;
  valid.problem = VoucherProblem::None;
  RedeemView view = redeemViewOf(valid);
  CHECK(view.bibCheck == BibCheckState::Waiting);
  flow.showRedeem(view, T0);
  flow.tick(T0 + settings.redeemResultMs + 1);
  CHECK(flow.view().redeem.bibCheck == BibCheckState::Waiting);
  flow.showBibCheck(false, T0 + 30'000);
  CHECK(flow.view().redeem.bibCheck == BibCheckState::DifferentRunner);
  CHECK(flow.view().redeem.verdict == RedeemVerdict::Valid);
  flow.tick(T0 + 30'000 + settings.redeemResultMs);
  CHECK(flow.view().redeem.verdict == RedeemVerdict::None);

  flow.showRedeem(view, T0 + 100'000);
  flow.tick(T0 + 100'000 + BibCheckWindowMs);
  CHECK(flow.view().redeem.verdict == RedeemVerdict::None);

  RedeemResult used;
  used.outcome = RedeemOutcome::AlreadyUsed;
  used.problem = VoucherProblem::None;
  CHECK(redeemViewOf(used).bibCheck == BibCheckState::None);
  flow.showRedeem(redeemViewOf(used), T0 + 200'000);
  flow.showBibCheck(true, T0 + 201'000);
  CHECK(flow.view().redeem.bibCheck == BibCheckState::None);
}
