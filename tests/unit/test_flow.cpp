#include <catch2/catch.hpp>

#include <set>
#include <string_view>

#include "core/kiosk_flow.hpp"

using namespace chillnode;

namespace {

Intent intent(IntentKind kind, char key = 0) {
  Intent result;
  result.kind = kind;
  result.key = key;
  return result;
}

CheckInResult resultFor(CheckInOutcome outcome, const char* bib, const char* name) {
  CheckInResult result;
  result.outcome = outcome;
  result.bib = bib;
  result.firstName = name;
  return result;
}

}  // namespace

TEST_CASE("flow starts on attract", "[flow]") {
  KioskFlow flow;
  CHECK(flow.view().screen == Screen::Attract);
  CHECK(flow.scanAccepted());
}

TEST_CASE("flow shows welcome for a check-in", "[flow]") {
  KioskFlow flow;
  flow.apply(intent(IntentKind::StartScanning), 0);
  REQUIRE(flow.view().screen == Screen::Scanning);
  flow.showResult(resultFor(CheckInOutcome::CheckedIn, "0042", "Zoë"), 100);
  CHECK(flow.view().screen == Screen::Welcome);
  CHECK(flow.view().result.firstName == "Zoë");
}

TEST_CASE("flow shows welcome for a repeat visit", "[flow]") {
  KioskFlow flow;
  flow.showResult(resultFor(CheckInOutcome::AlreadyCheckedIn, "0042", "Zoë"), 0);
  CHECK(flow.view().screen == Screen::Welcome);
}

TEST_CASE("flow shows unknown for bad bibs", "[flow]") {
  KioskFlow flow;
  flow.showResult(resultFor(CheckInOutcome::UnknownBib, "9999", ""), 0);
  CHECK(flow.view().screen == Screen::Unknown);
  flow.showResult(resultFor(CheckInOutcome::InvalidPayload, "", ""), 0);
  CHECK(flow.view().screen == Screen::Unknown);
}

TEST_CASE("keypad collects and submits a bib", "[flow][keypad]") {
  KioskFlow flow;
  flow.apply(intent(IntentKind::OpenKeypad), 0);
  REQUIRE(flow.view().screen == Screen::Keypad);
  CHECK_FALSE(flow.scanAccepted());
  for (char key : std::string("a-17")) flow.apply(intent(IntentKind::KeypadKey, key), 0);
  CHECK(flow.view().keypadText == "A-17");
  flow.apply(intent(IntentKind::KeypadDelete), 0);
  CHECK(flow.view().keypadText == "A-1");
  flow.apply(intent(IntentKind::KeypadKey, '7'), 0);
  flow.apply(intent(IntentKind::KeypadSubmit), 0);
  auto submitted = flow.takeKeypadSubmission();
  REQUIRE(submitted.has_value());
  CHECK(*submitted == "A-17");
  CHECK_FALSE(flow.takeKeypadSubmission().has_value());
}

TEST_CASE("keypad ignores symbols and overflow", "[flow][keypad]") {
  KioskFlow flow;
  flow.apply(intent(IntentKind::OpenKeypad), 0);
  flow.apply(intent(IntentKind::KeypadKey, '\''), 0);
  flow.apply(intent(IntentKind::KeypadKey, ';'), 0);
  flow.apply(intent(IntentKind::KeypadKey, '\0'), 0);
  CHECK(flow.view().keypadText.empty());
  for (int i = 0; i < 40; ++i) flow.apply(intent(IntentKind::KeypadKey, '9'), 0);
  CHECK(flow.view().keypadText.size() == KioskFlow::MaxKeypadLength);
}

TEST_CASE("keypad submits nothing when empty", "[flow][keypad]") {
  KioskFlow flow;
  flow.apply(intent(IntentKind::OpenKeypad), 0);
  flow.apply(intent(IntentKind::KeypadSubmit), 0);
  CHECK_FALSE(flow.takeKeypadSubmission().has_value());
}

TEST_CASE("idle warning shows before the timeout", "[flow][idle]") {
  KioskFlow flow({30'000, 10'000});
  flow.showResult(resultFor(CheckInOutcome::CheckedIn, "0042", "Zoë"), 1000);
  flow.tick(1000 + 19'000);
  CHECK_FALSE(flow.view().idleWarning);
  flow.tick(1000 + 21'000);
  CHECK(flow.view().idleWarning);
  CHECK(flow.view().idleSecondsLeft == 9);
  CHECK(flow.view().screen == Screen::Welcome);
}

TEST_CASE("idle timeout clears the runner's name", "[flow][idle]") {
  KioskFlow flow({30'000, 10'000});
  flow.showResult(resultFor(CheckInOutcome::CheckedIn, "0042", "Zoë"), 0);
  flow.tick(30'000);
  CHECK(flow.view().screen == Screen::Attract);
  CHECK(flow.view().result.firstName.empty());
  CHECK(flow.view().result.bib.empty());
  CHECK_FALSE(flow.view().idleWarning);
}

TEST_CASE("touch during the idle warning cancels it", "[flow][idle]") {
  KioskFlow flow({30'000, 10'000});
  flow.apply(intent(IntentKind::OpenKeypad), 0);
  flow.tick(25'000);
  REQUIRE(flow.view().idleWarning);
  flow.touched(25'500);
  flow.tick(25'600);
  CHECK_FALSE(flow.view().idleWarning);
  flow.tick(50'000);
  CHECK(flow.view().screen == Screen::Keypad);
  flow.tick(55'500);
  CHECK(flow.view().screen == Screen::Attract);
}

TEST_CASE("attract screen never times out", "[flow][idle]") {
  KioskFlow flow({30'000, 10'000});
  flow.tick(10'000'000);
  CHECK(flow.view().screen == Screen::Attract);
  CHECK_FALSE(flow.view().idleWarning);
}

TEST_CASE("done and back return to attract", "[flow]") {
  KioskFlow flow;
  flow.showResult(resultFor(CheckInOutcome::CheckedIn, "0042", "Zoë"), 0);
  flow.apply(intent(IntentKind::Done), 10);
  CHECK(flow.view().screen == Screen::Attract);
  CHECK(flow.view().result.firstName.empty());
  flow.apply(intent(IntentKind::StartScanning), 20);
  flow.apply(intent(IntentKind::Back), 30);
  CHECK(flow.view().screen == Screen::Attract);
}

TEST_CASE("sponsor unit numbers its redeem results", "[flow][voucher]") {
  FlowSettings settings;
  settings.sponsorUnit = true;
  settings.redeemResultMs = 12'000;
  KioskFlow flow(settings);
  REQUIRE(flow.view().screen == Screen::Redeem);
  CHECK(flow.view().redeem.sequence == 0);
  CHECK(flow.scanAccepted());

  // Two results with the same verdict differ in their sequence number.
  RedeemView forged;
  forged.verdict = RedeemVerdict::UnknownOrForged;
  flow.showRedeem(forged, 1'000);
  CHECK(flow.view().redeem.sequence == 1);
  flow.showRedeem(forged, 2'000);
  CHECK(flow.view().redeem.sequence == 2);
  CHECK(redeemVerdictName(flow.view().redeem.verdict) == "unknown_or_forged");

  // The result clears redeemResultMs after the last one showed, and the count goes on.
  flow.tick(13'999);
  CHECK(flow.view().redeem.verdict == RedeemVerdict::UnknownOrForged);
  flow.tick(14'000);
  CHECK(flow.view().redeem.verdict == RedeemVerdict::None);
  CHECK(flow.view().redeem.sequence == 0);
  RedeemView valid;
  valid.verdict = RedeemVerdict::Valid;
  flow.showRedeem(valid, 15'000);
  CHECK(flow.view().redeem.sequence == 3);
}

TEST_CASE("redeem results show only on the redeem screen", "[flow][voucher]") {
  KioskFlow booth;
  RedeemView valid;
  valid.verdict = RedeemVerdict::Valid;
  booth.showRedeem(valid, 1'000);
  CHECK(booth.view().screen == Screen::Attract);
  CHECK(booth.view().redeem.verdict == RedeemVerdict::None);
  CHECK(booth.view().redeem.sequence == 0);
}

TEST_CASE("redeem verdicts have distinct names", "[flow][voucher]") {
  const RedeemVerdict all[] = {RedeemVerdict::None, RedeemVerdict::Valid, RedeemVerdict::AlreadyUsed,
                               RedeemVerdict::Expired, RedeemVerdict::NotForThisSponsor,
                               RedeemVerdict::UnknownOrForged, RedeemVerdict::NotStored};
  std::set<std::string_view> names;
  for (RedeemVerdict verdict : all) names.insert(redeemVerdictName(verdict));
  CHECK(names.size() == std::size(all));
  CHECK(redeemVerdictName(RedeemVerdict::AlreadyUsed) == "already_used");
  CHECK(redeemVerdictName(RedeemVerdict::NotForThisSponsor) == "not_for_this_sponsor");
}
